"""Unit tests for the evaluators: relevance by snippet, ranking metrics, abstention, citations, aggregation."""

from __future__ import annotations

import math

import pytest

from eval.gold import GoldItem, is_relevant, matched_snippets, normalize, word_count
from eval.metrics import (
    QuestionScores,
    abstention,
    aggregate,
    citation_metrics,
    grouped,
    ndcg_at_k,
    percentile,
    recall_at_k,
    reciprocal_rank,
    full_rank,
    snippet_coverage,
)
from eval.naive import Hit
from eval.runner import CitedReply, QuestionResult, parse_retrievers, score_question


def scores(**fields) -> QuestionScores:
    """A QuestionScores with defaults for the fields a test does not care about."""
    base = {"id": "q", "lang": "en", "kind": "position", "answerable": True, "latency_ms": 1.0}
    return QuestionScores(**{**base, **fields})


def test_normalize_ignores_case_hyphens_whitespace_quotes_and_footnote_spacing():
    assert normalize("Het «warme\noverdracht»-model, EU-\nlidstaten") == "hetwarmeoverdrachtmodeleulidstaten"
    assert normalize("11.500 Syriërs") == "11500syriërs"


def test_word_count_skips_dashes_and_currency_signs():
    assert word_count("minimaal 30.000 herplaatsingen of € 600 miljoen – te zijn") == 8


def test_snippet_matching_is_robust_to_line_breaks_and_hyphenation():
    reply = "De afspraken met Oeganda worden verder uit-\ngewerkt, aldus het  kabinet."
    assert matched_snippets(reply, ["afspraken met Oeganda worden verder uitgewerkt", "iets anders"]) == {0}
    assert is_relevant(reply, ["AFSPRAKEN met oeganda"])
    assert not is_relevant(reply, ["Rwanda"])


def test_recall_at_k_counts_a_hit_within_the_first_k_only():
    flags = [False, False, True, False]
    assert recall_at_k(flags, 1) == 0.0
    assert recall_at_k(flags, 3) == 1.0
    assert recall_at_k([], 5) == 0.0


def test_reciprocal_rank_is_one_over_the_first_relevant_rank():
    assert reciprocal_rank([False, True, True]) == 0.5
    assert reciprocal_rank([True]) == 1.0
    assert reciprocal_rank([False, False]) == 0.0


def test_ndcg_is_one_for_an_ideal_ranking_and_discounts_later_hits():
    assert ndcg_at_k([True, False], 10, 1) == 1.0
    assert ndcg_at_k([False, True], 10, 1) == pytest.approx(1 / math.log2(3))
    # two relevant units exist but only one was found at rank 1: dcg 1, idcg 1 + 1/log2(3)
    assert ndcg_at_k([True, False, False], 10, 2) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    assert ndcg_at_k([False, False], 10, 0) == 0.0


def test_snippet_coverage_needs_every_snippet_within_k():
    matched = [{0}, set(), {1}]
    assert snippet_coverage(matched, 2, 3) == 1.0
    assert snippet_coverage(matched, 2, 2) == 0.0
    assert snippet_coverage(matched, 3, 3) == 0.0


def test_percentile_interpolates_and_handles_empty():
    assert percentile([10, 20, 30, 40], 50) == 25
    assert percentile([5], 95) == 5
    assert percentile([], 50) == 0.0


def test_abstention_precision_and_recall():
    judged = [
        scores(answerable=False, abstained=True),
        scores(answerable=False, abstained=False),
        scores(answerable=True, abstained=True),
        scores(answerable=True, abstained=False),
        scores(answerable=True, abstained=None),  # a pure retriever run: not judged
    ]
    precision, recall, false_abstentions = abstention(judged)
    assert (precision, recall, false_abstentions) == (0.5, 0.5, 1)
    assert abstention([scores(abstained=None)]) == (None, None, 0)


def test_citation_precision_is_micro_and_hit_rate_counts_questions():
    judged = [
        scores(abstained=False, citations=3, gold_citations=2),
        scores(abstained=False, citations=1, gold_citations=0),
        scores(abstained=True, citations=0, gold_citations=0),
        scores(answerable=False, abstained=False, citations=2, gold_citations=0),  # not counted
    ]
    precision, hit_rate = citation_metrics(judged)
    assert precision == 0.5
    assert hit_rate == pytest.approx(1 / 3)


def test_aggregate_skips_unanswerable_for_retrieval_and_reports_multi_coverage():
    group = [
        scores(relevant=[True], n_relevant=1, latency_ms=10),
        scores(relevant=[False, True], n_relevant=1, latency_ms=30),
        scores(kind="multi", relevant=[True, True], n_relevant=2, snippets_covered_at_10=1.0, n_snippets=2,
               full_rank=2, latency_ms=20),
        scores(kind="unanswerable", answerable=False, relevant=[False], latency_ms=40),
    ]
    metrics = aggregate(group)
    assert metrics.questions == 4 and metrics.answerable == 3
    assert metrics.recall_at_1 == pytest.approx(2 / 3)
    assert metrics.recall_at_3 == 1.0
    assert metrics.mrr == pytest.approx((1 + 0.5 + 1) / 3)
    assert metrics.full_recall_at_10 == 1.0 and metrics.multi_answer == 1
    assert metrics.abstention_precision is None and metrics.false_abstentions is None
    assert metrics.latency_p50_ms == 25


def test_full_rank_is_where_every_snippet_is_covered():
    assert full_rank([{0}, set(), {1}], 2) == 3
    assert full_rank([{0, 1}], 2) == 1
    assert full_rank([{0}, set()], 2) is None
    assert full_rank([], 0) is None


def test_recall_counts_any_answering_reply_full_recall_all_of_them():
    several = [
        scores(relevant=[False, True, False], n_snippets=3, full_rank=None),  # one of three replies found
        scores(relevant=[True, True, True], n_snippets=3, full_rank=3),
        scores(relevant=[True], n_snippets=1, full_rank=1),  # one answering reply: not a full-recall question
    ]
    metrics = aggregate(several, k=3)
    assert metrics.recall_at_3 == 1.0 and metrics.recall_at_k == 1.0
    assert metrics.multi_answer == 2 and metrics.full_recall_at_k == 0.5


def test_metrics_past_the_runs_k_are_none_and_at_k_is_filled():
    group = [scores(relevant=[False, True, False, False, False], n_relevant=1), scores(relevant=[True] * 5, n_relevant=5)]
    metrics = aggregate(group, k=5)
    assert metrics.k == 5 and metrics.recall_at_5 == 1.0 and metrics.recall_at_k == 1.0
    assert metrics.recall_at_10 is None and metrics.ndcg_at_10 is None and metrics.full_recall_at_10 is None
    assert metrics.ndcg_at_k == pytest.approx((1 / math.log2(3) + 1.0) / 2)
    assert aggregate(group, k=2).recall_at_5 is None and aggregate(group, k=2).recall_at_k == 1.0


def test_grouped_splits_by_field_in_sorted_order():
    groups = grouped([scores(lang="nl", relevant=[True]), scores(lang="en", relevant=[False])], "lang")
    assert list(groups) == ["en", "nl"]
    assert groups["nl"].recall_at_1 == 1.0 and groups["en"].recall_at_1 == 0.0


def test_score_question_marks_relevant_units_and_gold_citations():
    item = GoldItem(
        id="q1", question="?", lang="nl", kind="multi", notes="",
        answer_snippets=["een twee drie vier vijf zes zeven acht", "negen tien elf twaalf dertien veertien vijftien zestien"],
    )
    result = QuestionResult(
        retriever="hybrid", id="q1", question="?",
        retrieved=[Hit(id="a", text="x Een twee drie vier vijf zes zeven acht.", score=1.0),
                   Hit(id="b", text="niets", score=0.5),
                   Hit(id="c", text="negen tien elf twaalf dertien veertien vijftien zestien", score=0.1)],
        citations=[CitedReply(id="a", text="een twee drie vier vijf zes zeven acht"), CitedReply(id="b", text="niets")],
        abstained=False,
    )
    scored = score_question(item, result, n_relevant=2, latency_ms=5.0, answer_latency_ms=7.0)
    assert scored.relevant == [True, False, True]
    assert scored.snippets_covered_at_10 == 1.0 and (scored.n_snippets, scored.full_rank) == (2, 3)
    assert (scored.citations, scored.gold_citations, scored.abstained) == (2, 1, False)


def test_parse_retrievers_accepts_all_lists_and_rejects_unknown_names():
    assert parse_retrievers(None) == ["bm25", "dense", "naive", "hybrid"]
    assert parse_retrievers("hybrid,bm25") == ["bm25", "hybrid"]
    with pytest.raises(Exception, match="unknown retriever 'colbert'"):
        parse_retrievers("colbert")


def test_threshold_sweep_scores_the_extractive_rule():
    from eval.calibrate import CalibrationPoint, evaluate_threshold, suggest, sweep

    points = [
        CalibrationPoint(answerable=True, candidates=[(0.90, 1, 1), (0.84, 1, 0)]),
        CalibrationPoint(answerable=True, candidates=[(0.86, 2, 0), (0.83, 1, 1)]),  # 0.86 brings one along
        CalibrationPoint(answerable=False, candidates=[(0.84, 1, 0)]),
    ]
    low = evaluate_threshold(points, 0.80)
    assert (low.abstention_precision, low.abstention_recall, low.false_abstentions) == (None, 0.0, 0)
    assert low.citation_precision == 2 / 5 and low.citation_hit_rate == 1.0 and low.mean_citations == 6 / 3
    mid = evaluate_threshold(points, 0.85)
    assert (mid.abstention_precision, mid.abstention_recall, mid.false_abstentions) == (1.0, 1.0, 0)
    assert mid.citation_precision == 1 / 3 and mid.citation_hit_rate == 0.5
    high = evaluate_threshold(points, 0.88)
    assert high.false_abstentions == 1 and high.abstention_precision == 0.5
    rows = sweep(points, [0.80, 0.85, 0.88])
    assert suggest(rows, min_hit_rate=0.5).threshold == 0.85
    assert suggest(rows, min_hit_rate=1.0).threshold == 0.80


def test_calibration_point_groups_referred_replies_with_their_referrer():
    from eval.runner import calibration_point

    item = GoldItem(id="q", question="?", lang="en", kind="crossref", notes="",
                    answer_snippets=["een twee drie vier vijf zes zeven acht"])
    hits = [
        Hit(id="a", text="zie antwoord hierboven", score=1.0, dense_score=0.86),
        Hit(id="b", text="een twee drie vier vijf zes zeven acht", score=1.0, dense_score=0.80, referred=True),
        Hit(id="c", text="iets anders", score=0.5, dense_score=0.84),
    ]
    point = calibration_point(item, hits, top_k=5)
    assert point.candidates == [(0.86, 2, 1), (0.84, 1, 0)]
    assert calibration_point(item, hits, top_k=1).candidates == [(0.86, 2, 1)]
