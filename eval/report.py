"""The evaluation as a Markdown report and a PNG chart comparing retrievers."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from eval.metrics import RECALL_KS, Metrics
from eval.runner import EvalReport

REPORT_FILE = "report.md"
CHART_FILE = "retrievers.png"
JSON_FILE = "report.json"
RETRIEVAL_COLUMNS = ("recall_at_1", "recall_at_3", "recall_at_5", "recall_at_10", "mrr", "ndcg_at_10")
SIDE_BY_SIDE_COLUMNS = ("recall_at_1", "recall_at_5", "recall_at_10", "mrr", "ndcg_at_10", "full_recall_at_10")
ASSISTANT_COLUMNS = (
    "abstention_precision", "abstention_recall", "false_abstentions", "citation_precision", "citation_hit_rate",
)
CALIBRATION_COLUMNS = (
    "abstention_precision", "abstention_recall", "false_abstentions", "citation_precision", "citation_hit_rate",
    "mean_citations",
)
LATENCY_COLUMNS = ("latency_p50_ms", "latency_p95_ms", "answer_latency_p50_ms", "answer_latency_p95_ms")


class SplitsReport(BaseModel):
    """Several gold files evaluated in one run (the tuned and the blind split), side by side."""

    splits: list[EvalReport] = Field(description="One report per gold file, in the order given.")


def retrieval_columns(k: int) -> list[str]:
    """Recall at 1/3/5/10 up to k (and at k itself when it is not one of those), MRR and nDCG at min(10, k)."""
    columns = [f"recall_at_{n}" for n in RECALL_KS if n <= k]
    if k not in RECALL_KS:
        columns.append("recall_at_k")
    return columns + ["mrr", "ndcg_at_10" if k >= 10 else "ndcg_at_k"]


def write_reports(reports: list[EvalReport], folder: Path | str) -> list[Path]:
    """One report: as write_report. Several: report.md/report.json side by side, each split in folder/<split>/."""
    if len(reports) == 1:
        return write_report(reports[0], folder)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for report in reports:
        paths += write_report(report, folder / (report.split or "split"))
    markdown, data = folder / REPORT_FILE, folder / JSON_FILE
    markdown.write_text(render_side_by_side(reports), encoding="utf-8")
    data.write_text(SplitsReport(splits=reports).model_dump_json(indent=2) + "\n", encoding="utf-8")
    return [markdown, data] + paths


def render_side_by_side(reports: list[EvalReport]) -> str:
    """Every retriever's headline metrics on every split, then per language and per kind for each retriever."""
    k = min(report.k for report in reports)
    columns = [c for c in SIDE_BY_SIDE_COLUMNS if not c.endswith("_10") or k >= 10]
    names = ", ".join(f"`{r.split}` = `{r.gold}` ({r.questions} questions)" for r in reports)
    lines = [
        "# Evaluation report: splits side by side", "",
        f"Splits: {names}. Top {k} units per question. The tuned split is the one thresholds, margins and fusion "
        "weights were chosen on; the blind split was written from the documents alone and nothing is tuned on it.",
        "", "## Overall", "",
        *_split_table(reports, columns, lambda run: run.overall), "",
    ]
    groups = sorted({(field, key) for r in reports for run in r.runs for field in ("by_lang", "by_kind")
                     for key in getattr(run, field)})
    for field, key in groups:
        pick = lambda run, field=field, key=key: getattr(run, field).get(key)  # noqa: E731
        if not any((pick(run) or Metrics(questions=0, answerable=0, latency_p50_ms=0, latency_p95_ms=0)).answerable
                   for r in reports for run in r.runs):
            continue
        lines += [f"## {'Language' if field == 'by_lang' else 'Kind'}: {key}", ""]
        lines += _split_table(reports, columns, pick) + [""]
    lines += _assistant_side_by_side(reports)
    for report in reports:
        lines += [f"Full report of the {report.split} split: [{report.split}/report.md]({report.split}/report.md).", ""]
    return "\n".join(lines)


def _split_table(reports: list[EvalReport], columns: list[str], pick) -> list[str]:
    """Rows (retriever, split) in retriever order, the splits of one retriever next to each other."""
    order = list(dict.fromkeys(run.retriever for report in reports for run in report.runs))
    rows = []
    for name in order:
        for report in reports:
            run = report.run(name)
            metrics = pick(run) if run else None
            if metrics is not None:
                rows.append((f"{name} · {report.split}", metrics))
    return _table(["retriever · split"] + columns, rows)


def _assistant_side_by_side(reports: list[EvalReport]) -> list[str]:
    """Abstention and citation metrics of the assistant run on every split."""
    rows = [(f"{run.retriever} · {report.split}", run.overall) for report in reports for run in report.runs
            if run.assistant]
    if not rows:
        return []
    return ["## Assistant (extractive answers)", "", *_table(["run · split"] + list(ASSISTANT_COLUMNS), rows), ""]


def write_report(report: EvalReport, folder: Path | str) -> list[Path]:
    """Write report.md, retrievers.png and report.json into folder; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    markdown = folder / REPORT_FILE
    markdown.write_text(render_markdown(report), encoding="utf-8")
    chart = folder / CHART_FILE
    render_chart(report, chart)
    data = folder / JSON_FILE
    data.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return [markdown, chart, data]


def render_markdown(report: EvalReport) -> str:
    """The whole report: settings, retrievers side by side, per language, per kind, assistant metrics."""
    lines = [
        "# Evaluation report",
        "",
        f"Gold file `{report.gold}` (split `{report.split or '-'}`): {report.questions} questions, "
        f"top {report.k} units per question. "
        f"Settings: `{json.dumps(report.settings, sort_keys=True)}`.",
        "",
        "A retrieved unit is relevant when it contains a gold snippet (compared lowercased, letters and digits only). "
        "`naive` retrieves 1000-character chunks of the raw files; the others retrieve replies and letter sections. "
        "Retrieval metrics are over answerable questions; abstention and citations over the assistant run.",
        "",
        "## Retrievers overall",
        "",
        *_table(["retriever"] + retrieval_columns(report.k), [(r.retriever, r.overall) for r in report.runs]),
        "",
    ]
    for lang in _keys(report, "by_lang"):
        lines += [f"## Language: {lang}", ""]
        lines += _table(["retriever"] + retrieval_columns(report.k), _rows(report, "by_lang", lang)) + [""]
    for kind in _keys(report, "by_kind"):
        if not any(run.by_kind[kind].answerable for run in report.runs if kind in run.by_kind):
            continue  # unanswerable questions have no retrieval metrics; see the assistant section
        several = any(run.by_kind[kind].multi_answer for run in report.runs if kind in run.by_kind)
        columns = retrieval_columns(report.k) + (["full_recall_at_k"] if several else [])
        lines += [f"## Kind: {kind}", ""]
        lines += _table(["retriever"] + columns, _rows(report, "by_kind", kind)) + [""]
    lines += _assistant_section(report) + _calibration_section(report) + _latency_section(report)
    return "\n".join(lines)


def _assistant_section(report: EvalReport) -> list[str]:
    """Abstention and citation metrics of the assistant run, overall, per language and per kind."""
    run = next((r for r in report.runs if r.assistant), None)
    if run is None:
        return []
    rows = [("overall", run.overall)] + [(f"lang {k}", m) for k, m in run.by_lang.items()]
    rows += [(f"kind {k}", m) for k, m in run.by_kind.items()]
    return [
        f"## Assistant ({run.retriever} retrieval, {run.answer_mode} answers)",
        "",
        *_table(["group"] + list(ASSISTANT_COLUMNS), rows),
        "",
    ]


def _calibration_section(report: EvalReport) -> list[str]:
    """The abstain-threshold sweep of the assistant run, with the suggested value marked."""
    run = next((r for r in report.runs if r.calibration), None)
    if run is None:
        return []
    header = ["threshold"] + list(CALIBRATION_COLUMNS)
    lines = [
        "## Abstain threshold (extractive rule: cite every top-k reply with cosine >= threshold, abstain when none)",
        "",
        f"Current `abstain_threshold`: {report.settings.get('abstain_threshold')}; suggested (best abstention F1 "
        f"keeping citation hit rate >= 0.85): {_suggestion(run.suggested_threshold)}.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in run.calibration:
        mark = " *" if row.threshold == run.suggested_threshold else ""
        cells = [_cell(getattr(row, name)) for name in CALIBRATION_COLUMNS]
        lines.append(f"| {row.threshold:.3f}{mark} | " + " | ".join(cells) + " |")
    return lines + [""]


def _suggestion(threshold: float | None) -> str:
    """The suggested threshold, or why there is none."""
    if threshold is None:
        return "none, no threshold in the grid keeps the citation hit rate at 0.85 or more"
    return f"{threshold:.3f}"


def _latency_section(report: EvalReport) -> list[str]:
    """Latency per retriever in milliseconds (wall clock on the machine that ran the evaluation)."""
    header = ["retriever"] + list(LATENCY_COLUMNS)
    lines = ["## Latency (ms)", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for run in report.runs:
        cells = ["–" if getattr(run.overall, n) is None else f"{getattr(run.overall, n):.1f}" for n in LATENCY_COLUMNS]
        lines.append(f"| {run.retriever} | " + " | ".join(cells) + " |")
    return lines + [""]


def _keys(report: EvalReport, field: str) -> list[str]:
    """Group names present in any run, sorted."""
    return sorted({key for run in report.runs for key in getattr(run, field)})


def _rows(report: EvalReport, field: str, key: str) -> list[tuple[str, Metrics]]:
    """(retriever, metrics of that group) for the runs that have the group."""
    return [(run.retriever, getattr(run, field)[key]) for run in report.runs if key in getattr(run, field)]


def _table(header: list[str], rows: list[tuple[str, Metrics]]) -> list[str]:
    """A Markdown table: first column the label, then the named metrics."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, metrics in rows:
        cells = [_cell(getattr(metrics, name)) for name in header[1:]]
        lines.append(f"| {label} (n={metrics.answerable}/{metrics.questions}) | " + " | ".join(cells) + " |")
    return lines


def _cell(value) -> str:
    """A metric value for a table cell."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}" if value <= 1.0 else f"{value:.2f}"


def _short(column: str, k: int) -> str:
    """A chart label: recall_at_5 -> R@5, ndcg_at_k -> nDCG@k."""
    if column == "mrr":
        return "MRR"
    name, _, at = column.rpartition("_at_")
    at = str(k) if at == "k" else at
    return f"{'nDCG' if name == 'ndcg' else 'R'}@{at}"


def render_chart(report: EvalReport, path: Path) -> None:
    """Grouped bars: recall@1/3/5/10, MRR and nDCG@10 per retriever, overall and per language."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
    import numpy as np

    panels = [("overall", lambda run: run.overall)] + [
        (f"lang {lang}", lambda run, lang=lang: run.by_lang.get(lang)) for lang in _keys(report, "by_lang")
    ]
    figure, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.2), sharey=True, squeeze=False)
    width = 0.8 / max(len(report.runs), 1)
    columns = retrieval_columns(report.k)
    positions = np.arange(len(columns))
    for axis, (title, pick) in zip(axes[0], panels):
        for i, run in enumerate(report.runs):
            metrics = pick(run)
            values = [(getattr(metrics, name) or 0.0) if metrics else 0.0 for name in columns]
            axis.bar(positions + i * width, values, width, label=run.retriever)
        axis.set_title(title)
        axis.set_xticks(positions + width * (len(report.runs) - 1) / 2)
        axis.set_xticklabels([_short(name, report.k) for name in columns])
        axis.set_ylim(0, 1.05)
        axis.grid(axis="y", alpha=0.3)
    axes[0][0].legend(loc="lower right")
    figure.suptitle(f"Retrievers on {report.questions} gold questions (top {report.k})")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
