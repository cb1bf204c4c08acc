"""The Markdown report and PNG chart from a made-up evaluation (no index needed)."""

from __future__ import annotations

from eval.calibrate import CalibrationRow
from eval.metrics import Metrics
from eval.report import SplitsReport, render_markdown, render_side_by_side, retrieval_columns, write_report, write_reports
from eval.runner import EvalReport, RunReport


def metrics(recall: float, assistant: bool = False) -> Metrics:
    """Metrics with every retrieval number set to recall."""
    extra = {"abstention_precision": 0.9, "abstention_recall": 0.8, "false_abstentions": 1,
             "citation_precision": 0.7, "citation_hit_rate": 0.95, "answer_latency_p50_ms": 12.0,
             "answer_latency_p95_ms": 30.0} if assistant else {}
    return Metrics(questions=4, answerable=3, recall_at_1=recall, recall_at_3=recall, recall_at_5=recall,
                   recall_at_10=recall, mrr=recall, ndcg_at_10=recall, latency_p50_ms=5.0, latency_p95_ms=9.5, **extra)


def made_up_report(split: str = "tuned", k: int = 10) -> EvalReport:
    """A bm25 and a hybrid run over two languages and two kinds."""
    def run(name: str, recall: float, assistant: bool) -> RunReport:
        row = CalibrationRow(threshold=0.85, abstention_precision=1.0, abstention_recall=0.5, false_abstentions=0,
                             citation_precision=0.6, citation_hit_rate=0.9, mean_citations=2.0)
        return RunReport(
            retriever=name, unit="reply", assistant=assistant, answer_mode="extractive" if assistant else None,
            overall=metrics(recall, assistant), by_lang={"en": metrics(recall), "nl": metrics(recall)},
            by_kind={"factual": metrics(recall), "unanswerable": Metrics(questions=1, answerable=0, latency_p50_ms=1,
                                                                         latency_p95_ms=1)},
            calibration=[row] if assistant else [], suggested_threshold=0.85 if assistant else None,
        )

    return EvalReport(gold=f"{split}.jsonl", split=split, questions=4, k=k, settings={"abstain_threshold": 0.8},
                      runs=[run("bm25", 0.5, False), run("hybrid", 0.75, True)])


def test_markdown_has_the_comparison_language_kind_assistant_and_calibration_sections():
    text = render_markdown(made_up_report())
    assert "| bm25 (n=3/4) | 0.500 | 0.500 | 0.500 | 0.500 | 0.500 | 0.500 |" in text
    assert "## Language: nl" in text and "## Kind: factual" in text
    assert "## Kind: unanswerable" not in text  # no retrieval metrics for it
    assert "## Assistant (hybrid retrieval, extractive answers)" in text
    assert "| 0.850 * |" in text and "suggested (best abstention F1" in text
    assert "| hybrid | 5.0 | 9.5 | 12.0 | 30.0 |" in text


def test_write_report_writes_markdown_png_and_json(tmp_path):
    paths = write_report(made_up_report(), tmp_path / "out")
    assert [p.name for p in paths] == ["report.md", "retrievers.png", "report.json"]
    assert paths[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert EvalReport.model_validate_json(paths[2].read_text(encoding="utf-8")).run("hybrid").suggested_threshold == 0.85


def test_columns_follow_the_runs_k():
    assert retrieval_columns(10) == ["recall_at_1", "recall_at_3", "recall_at_5", "recall_at_10", "mrr", "ndcg_at_10"]
    assert retrieval_columns(5) == ["recall_at_1", "recall_at_3", "recall_at_5", "mrr", "ndcg_at_k"]
    assert retrieval_columns(7) == ["recall_at_1", "recall_at_3", "recall_at_5", "recall_at_k", "mrr", "ndcg_at_k"]
    assert "recall_at_10" not in render_markdown(made_up_report(k=5))


def test_splits_are_reported_side_by_side_each_with_its_own_full_report(tmp_path):
    reports = [made_up_report("tuned"), made_up_report("blind")]
    text = render_side_by_side(reports)
    assert text.startswith("# Evaluation report: splits side by side")
    rows = [line.split(" (n=")[0] for line in text.splitlines() if line.startswith(("| hybrid · ", "| bm25 · "))]
    assert rows[:4] == ["| bm25 · tuned", "| bm25 · blind", "| hybrid · tuned", "| hybrid · blind"]
    assert "## Language: en" in text and "## Assistant (extractive answers)" in text
    paths = write_reports(reports, tmp_path / "out")
    names = {str(p.relative_to(tmp_path / "out")) for p in paths}
    assert {"report.md", "report.json", "tuned/report.md", "blind/report.md", "blind/retrievers.png"} <= names
    both = SplitsReport.model_validate_json((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [r.split for r in both.splits] == ["tuned", "blind"]
    assert [p.name for p in write_reports(reports[:1], tmp_path / "one")] == ["report.md", "retrievers.png", "report.json"]
