"""CI gate: hybrid retrieval with the extractive assistant on the bundled gold set must meet eval/thresholds.json."""

from __future__ import annotations

from eval.gold import GOLD_FILE, load_gold
from eval.runner import evaluate
from eval.thresholds import THRESHOLDS_FILE, failures, load_thresholds


def test_hybrid_assistant_meets_the_thresholds(corpus_settings):
    thresholds = load_thresholds(THRESHOLDS_FILE)
    report = evaluate(
        load_gold(GOLD_FILE), corpus_settings, [thresholds.retriever], k=10, gold_path=str(GOLD_FILE)
    )
    run = report.run(thresholds.retriever)
    assert run.assistant and run.answer_mode == "extractive"  # conftest clears any LLM endpoint
    problems = failures(report, thresholds)
    assert not problems, "\n".join(problems) + f"\noverall: {run.overall.model_dump_json()}"


def test_thresholds_file_names_real_metrics_and_sensible_values():
    thresholds = load_thresholds(THRESHOLDS_FILE)
    assert thresholds.retriever == "hybrid"
    assert {"recall_at_5", "abstention_precision", "abstention_recall"} <= set(thresholds.overall)
    values = list(thresholds.overall.values()) + [v for m in thresholds.by_lang.values() for v in m.values()]
    assert all(0.0 < value <= 1.0 for value in values)
