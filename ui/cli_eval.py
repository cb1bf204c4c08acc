"""CLI commands: eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from core.errors import AntwoordError
from core.settings import load_settings
from ui.cli_common import handle_errors, print_json

if TYPE_CHECKING:  # annotations only: every other command (ingest, ask) starts without eval's imports (numpy)
    from eval.metrics import Metrics
    from eval.runner import EvalReport, QuestionResult

HOME_OPTION = typer.Option(None, "--home", envvar="ANTWOORD_HOME", help="Data folder (default ./.antwoord).")
EXIT_BELOW_THRESHOLD = 3
SUMMARY_METRICS = ("full_recall_at_k", "abstention_precision", "abstention_recall", "citation_precision",
                   "citation_hit_rate")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("eval")(eval_command)


@handle_errors
def eval_command(
    gold: Optional[list[Path]] = typer.Argument(
        None,
        help="Gold files: one JSON question a line. "
        "Default: eval/gold.jsonl (tuned), eval/gold_dev.jsonl (dev), eval/gold_blind.jsonl and eval/gold_blind2.jsonl"
        " (blind).",
    ),
    k: int = typer.Option(10, "--k", "-k", help="Units retrieved per question."),
    retriever: str = typer.Option(
        "all", "--retriever", help="hybrid, dense, bm25, naive, a variant (hybrid-rrf, ...), a comma-separated list, or all."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the whole report as JSON (runs with metrics)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write one JSON line per question and retriever here."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write report.md, retrievers.png, report.json here."),
    fail_under: bool = typer.Option(
        False, "--fail-under", help=f"Exit {EXIT_BELOW_THRESHOLD} when a thresholds file is not met."
    ),
    thresholds: Optional[Path] = typer.Option(
        None, "--thresholds", help="Thresholds file for --fail-under (default: eval/thresholds*.json per split)."
    ),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Score retrieval and answers against gold files, splits side by side. Example: antwoord eval --report docs/eval

    Needs an ingested, indexed corpus (antwoord ingest data/corpus). One gold file: --json prints its report
    {"gold", "split", "questions", "k", "settings", "runs"}; several: {"splits": [report, ...]}. --out lines:
    {"split", "retriever", "id", "question", "retrieved": [{"id", "text", "score"}], "answer", "citations":
    [{"id", "text"}], "abstained", "mode"}.
    """
    from eval.gold import default_gold_files, load_gold
    from eval.runner import parse_retrievers

    paths = list(gold or default_gold_files())
    if not paths:
        raise AntwoordError("no gold file given and eval/gold.jsonl is missing; name a gold file")
    splits = [(path, load_gold(path)) for path in paths]  # every file is checked before anything runs
    names = parse_retrievers(retriever)
    results = _evaluate(splits, load_settings(home=home), names, k, out)
    if report:
        from eval.report import write_reports

        for path in write_reports(results, report):
            typer.echo(f"wrote {path}", err=True)
    if as_json:
        print_json(results[0] if len(results) == 1 else {"splits": [r.model_dump(mode="json") for r in results]})
    else:
        for result in results:
            _print_summary(result)
    if fail_under:
        _check(results, thresholds)


def _evaluate(splits, settings, names: list[str], k: int, out: Path | None) -> list[EvalReport]:
    """Evaluate each gold file with one opened index, streaming per-question lines to out and progress to stderr."""
    from eval.gold import split_name
    from eval.runner import evaluate
    from index.search import Searcher

    searcher = Searcher.open(settings)
    sink = out.open("w", encoding="utf-8") if out else None
    results = []
    try:
        for path, items in splits:
            split = split_name(path)
            results.append(evaluate(
                items, settings, names, k=k, gold_path=_shown(path), searcher=searcher,
                on_result=(lambda r, split=split: _write_line(sink, r, split)) if sink else None,
                on_progress=lambda message, split=split: typer.echo(f"{split}: {message}", err=True),
            ))
    finally:
        if sink:
            sink.close()
    return results


def _shown(path: Path) -> str:
    """The gold path as reports show it: relative to the working folder when it is inside it."""
    absolute = path.resolve()
    return str(absolute.relative_to(Path.cwd())) if absolute.is_relative_to(Path.cwd()) else str(path)


def _write_line(sink, result: QuestionResult, split: str) -> None:
    """One question's result as a JSON line with the full reply texts."""
    sink.write(json.dumps({"split": split, **result.model_dump(mode="json")}, ensure_ascii=False) + "\n")


def summary_columns(k: int) -> list[str]:
    """The summary's metric columns for a run that retrieved k units per question."""
    from eval.report import retrieval_columns

    return retrieval_columns(k) + list(SUMMARY_METRICS)


def _print_summary(report: EvalReport) -> None:
    """A plain table: one row per retriever, overall metrics at the run's k."""
    columns = summary_columns(report.k)
    typer.echo(f"{report.split or 'gold'}: {report.questions} questions from {report.gold}, top {report.k}")
    width = max([len("retriever"), *(len(run.retriever) for run in report.runs)])
    typer.echo(f"{'retriever':<{width}}  " + "  ".join(f"{_label(name, report.k):>9}" for name in columns))
    for run in report.runs:
        typer.echo(f"{run.retriever:<{width}}  " + "  ".join(f"{_fmt(run.overall, name):>9}" for name in columns))


def _label(name: str, k: int) -> str:
    """A short column label: recall_at_5 -> R@5, full_recall_at_k -> fullR@5, abstention_precision -> abst_prec."""
    short = {"mrr": "MRR", "abstention_precision": "abst_prec", "abstention_recall": "abst_rec",
             "citation_precision": "cite_prec", "citation_hit_rate": "cite_hit"}
    if name in short:
        return short[name]
    stem, _, at = name.rpartition("_at_")
    at = str(k) if at == "k" else at
    return {"recall": "R", "full_recall": "fullR", "ndcg": "nDCG"}[stem] + f"@{at}"


def _fmt(metrics: Metrics, name: str) -> str:
    """A metric for the summary table; '-' when it does not apply."""
    value = getattr(metrics, name)
    return "-" if value is None else f"{value:.3f}"


def _check(results: list[EvalReport], path: Path | None) -> None:
    """Exit EXIT_BELOW_THRESHOLD with one line per failing metric; say so when all pass."""
    from eval.thresholds import failures, thresholds_for

    problems = []
    for result, limits in thresholds_for(results, path):
        problems += [f"{result.split}: {problem}" for problem in failures(result, limits)]
    if problems:
        for problem in problems:
            typer.echo(f"Below threshold: {problem}", err=True)
        raise typer.Exit(code=EXIT_BELOW_THRESHOLD)
    typer.echo("All thresholds met.", err=True)
