"""The Markdown report and PNG chart from a made-up evaluation (no index needed)."""

from __future__ import annotations

from eval.calibrate import CalibrationRow
from eval.metrics import Metrics
from eval.report import render_markdown, write_report
from eval.runner import EvalReport, RunReport


def metrics(recall: float, assistant: bool = False) -> Metrics:
    """Metrics with every retrieval number set to recall."""
    extra = {"abstention_precision": 0.9, "abstention_recall": 0.8, "false_abstentions": 1,
             "citation_precision": 0.7, "citation_hit_rate": 0.95, "answer_latency_p50_ms": 12.0,
             "answer_latency_p95_ms": 30.0} if assistant else {}
    return Metrics(questions=4, answerable=3, recall_at_1=recall, recall_at_3=recall, recall_at_5=recall,
                   recall_at_10=recall, mrr=recall, ndcg_at_10=recall, latency_p50_ms=5.0, latency_p95_ms=9.5, **extra)


def made_up_report() -> EvalReport:
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

    return EvalReport(gold="gold.jsonl", questions=4, k=10, settings={"abstain_threshold": 0.8},
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
