"""CI gate: hybrid retrieval with the extractive assistant must meet the thresholds of each bundled split.

The tuned split (eval/gold.jsonl) is held to eval/thresholds.json, the dev split (eval/gold_dev.jsonl, the second
tuning split) to eval/thresholds_dev.json, the blind split (eval/gold_blind.jsonl, never tuned on) to
eval/thresholds_blind.json, the second blind split (eval/gold_blind2.jsonl) to eval/thresholds_blind2.json; each sits
just under a measured run, so they catch regressions.
"""

from __future__ import annotations

import pytest

from eval.gold import BLIND2_FILE, BLIND_FILE, DEV_FILE, GOLD_FILE, load_gold
from eval.runner import evaluate
from eval.thresholds import BLIND2_THRESHOLDS_FILE, BLIND_THRESHOLDS_FILE, DEV_THRESHOLDS_FILE, THRESHOLDS_FILE, failures, load_thresholds

SPLITS = {
    "tuned": (GOLD_FILE, THRESHOLDS_FILE),
    "dev": (DEV_FILE, DEV_THRESHOLDS_FILE),
    "blind": (BLIND_FILE, BLIND_THRESHOLDS_FILE),
    "blind2": (BLIND2_FILE, BLIND2_THRESHOLDS_FILE),
}


@pytest.mark.parametrize("split", list(SPLITS))
def test_hybrid_assistant_meets_the_thresholds(corpus_settings, split):
    gold, limits = SPLITS[split]
    if not gold.exists():
        pytest.skip(f"{gold} is not there")
    thresholds = load_thresholds(limits)
    assert thresholds.split == split
    report = evaluate(load_gold(gold), corpus_settings, [thresholds.retriever], k=10, gold_path=str(gold))
    run = report.run(thresholds.retriever)
    assert report.split == split and run.assistant and run.answer_mode == "extractive"  # conftest clears any LLM
    problems = failures(report, thresholds)
    assert not problems, "\n".join(problems) + f"\noverall: {run.overall.model_dump_json()}"


@pytest.mark.parametrize("path", [THRESHOLDS_FILE, DEV_THRESHOLDS_FILE, BLIND_THRESHOLDS_FILE, BLIND2_THRESHOLDS_FILE],
                         ids=["tuned", "dev", "blind", "blind2"])
def test_thresholds_files_name_real_metrics_and_sensible_values(path):
    thresholds = load_thresholds(path)
    assert thresholds.retriever == "hybrid"
    assert {"recall_at_5", "mrr", "recall_at_1", "abstention_precision", "abstention_recall"} <= set(thresholds.overall)
    values = list(thresholds.overall.values()) + [v for m in thresholds.by_lang.values() for v in m.values()]
    assert all(0.0 < value <= 1.0 for value in values)
