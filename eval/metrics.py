"""Evaluators: small pure functions over relevance flags, and the named numbers they add up to."""

from __future__ import annotations

import math
from typing import Sequence

from pydantic import BaseModel, Field

RECALL_KS = (1, 3, 5, 10)


class QuestionScores(BaseModel):
    """What one question contributes to the metrics of one run."""

    id: str = Field(description="Gold question id.")
    lang: str = Field(description="Language label, e.g. 'en' or 'nl'.")
    kind: str = Field(description="Gold kind label.")
    answerable: bool = Field(description="False for unanswerable gold questions.")
    relevant: list[bool] = Field(default_factory=list, description="Per retrieved unit, best first: relevant or not.")
    n_relevant: int = Field(default=0, description="Relevant units in the whole collection (for nDCG).")
    snippets_covered_at_10: float = Field(
        default=0.0, description="1.0 when every gold snippet occurs in the top 10, else 0.0."
    )
    n_snippets: int = Field(default=0, description="Gold snippets of the question (one per answering reply or more).")
    full_rank: int | None = Field(
        default=None, description="Smallest k whose top k covers every gold snippet; None when the results never do."
    )
    abstained: bool | None = Field(default=None, description="Assistant runs: whether it abstained.")
    citations: int = Field(default=0, description="Assistant runs: number of citations in the answer.")
    gold_citations: int = Field(default=0, description="Assistant runs: citations that are gold replies.")
    latency_ms: float = Field(description="Retrieval time for this question, milliseconds.")
    answer_latency_ms: float | None = Field(default=None, description="Assistant runs: answer() time, milliseconds.")


class Metrics(BaseModel):
    """Named metrics of one run over a set of questions; None where a metric does not apply."""

    questions: int = Field(description="Questions in this group.")
    answerable: int = Field(description="Of which answerable (retrieval metrics are over these).")
    k: int | None = Field(default=None, description="Units retrieved per question; metrics 'at' a larger k are None.")
    multi_answer: int = Field(default=0, description="Answerable questions with 2+ snippets (the full-recall ones).")
    recall_at_1: float | None = Field(default=None, description="Share of answerable questions with a gold unit at rank 1.")
    recall_at_3: float | None = Field(default=None, description="... in the top 3.")
    recall_at_5: float | None = Field(default=None, description="... in the top 5.")
    recall_at_10: float | None = Field(default=None, description="... in the top 10.")
    recall_at_k: float | None = Field(default=None, description="Share with a gold unit in the top k (the run's k).")
    full_recall_at_5: float | None = Field(
        default=None, description="Questions with 2+ snippets: share with every snippet covered by the top 5."
    )
    full_recall_at_10: float | None = Field(
        default=None, description="Questions with 2+ snippets: share with every snippet covered by the top 10."
    )
    full_recall_at_k: float | None = Field(
        default=None, description="Questions with 2+ snippets: share with every snippet covered by the top k."
    )
    mrr: float | None = Field(default=None, description="Mean reciprocal rank of the first gold unit (0 when absent).")
    ndcg_at_10: float | None = Field(default=None, description="Binary-gain nDCG@10.")
    ndcg_at_k: float | None = Field(default=None, description="Binary-gain nDCG at the run's k.")
    abstention_precision: float | None = Field(
        default=None, description="Of the questions the assistant abstained on, the share that are unanswerable."
    )
    abstention_recall: float | None = Field(
        default=None, description="Of the unanswerable questions, the share the assistant abstained on."
    )
    false_abstentions: int | None = Field(default=None, description="Answerable questions the assistant abstained on.")
    citation_precision: float | None = Field(
        default=None, description="Answerable questions: share of all citations that are gold replies (micro)."
    )
    citation_hit_rate: float | None = Field(
        default=None, description="Share of answerable questions whose answer cites at least one gold reply."
    )
    latency_p50_ms: float = Field(description="Median retrieval latency, milliseconds.")
    latency_p95_ms: float = Field(description="95th percentile retrieval latency, milliseconds.")
    answer_latency_p50_ms: float | None = Field(default=None, description="Assistant runs: median answer() latency.")
    answer_latency_p95_ms: float | None = Field(default=None, description="Assistant runs: p95 answer() latency.")


def recall_at_k(relevant: Sequence[bool], k: int) -> float:
    """1.0 when a relevant unit is among the first k, else 0.0."""
    return 1.0 if any(relevant[:k]) else 0.0


def reciprocal_rank(relevant: Sequence[bool]) -> float:
    """1 / rank of the first relevant unit, 0.0 when there is none."""
    for rank, flag in enumerate(relevant, start=1):
        if flag:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(relevant: Sequence[bool], k: int, n_relevant: int) -> float:
    """Binary-gain nDCG@k; the ideal ranking puts min(n_relevant, k) relevant units first."""
    ideal = min(max(n_relevant, sum(relevant[:k])), k)
    if ideal == 0:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 1) for rank, flag in enumerate(relevant[:k], start=1) if flag)
    idcg = sum(1.0 / math.log2(rank + 1) for rank in range(1, ideal + 1))
    return dcg / idcg


def snippet_coverage(matched: Sequence[set[int]], n_snippets: int, k: int) -> float:
    """1.0 when the snippet indexes matched by the first k units (one set per unit) cover all n_snippets."""
    covered = set().union(*matched[:k]) if matched[:k] else set()
    return 1.0 if n_snippets and len(covered) >= n_snippets else 0.0


def full_rank(matched: Sequence[set[int]], n_snippets: int) -> int | None:
    """The smallest k at which the first k units cover all n_snippets; None when they never do."""
    covered: set[int] = set()
    for rank, found in enumerate(matched, start=1):
        covered |= found
        if n_snippets and len(covered) >= n_snippets:
            return rank
    return None


def full_recall(scores: Sequence["QuestionScores"], k: int) -> float | None:
    """Share of questions with 2+ snippets whose every snippet is covered within the first k units."""
    several = [s for s in scores if s.answerable and s.n_snippets >= 2]
    return _mean([1.0 if s.full_rank is not None and s.full_rank <= k else 0.0 for s in several])


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, None when the denominator is 0."""
    return numerator / denominator if denominator else None


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile q (0-100) of values; 0.0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def abstention(scores: Sequence[QuestionScores]) -> tuple[float | None, float | None, int]:
    """(precision, recall, false abstentions) of abstaining, for questions with an abstained flag."""
    judged = [s for s in scores if s.abstained is not None]
    abstained = [s for s in judged if s.abstained]
    correct = sum(1 for s in abstained if not s.answerable)
    unanswerable = sum(1 for s in judged if not s.answerable)
    return ratio(correct, len(abstained)), ratio(correct, unanswerable), len(abstained) - correct


def citation_metrics(scores: Sequence[QuestionScores]) -> tuple[float | None, float | None]:
    """(citation precision, citation hit rate) over answerable questions of an assistant run."""
    judged = [s for s in scores if s.answerable and s.abstained is not None]
    cited = sum(s.citations for s in judged)
    gold = sum(s.gold_citations for s in judged)
    hits = sum(1 for s in judged if s.gold_citations > 0)
    return ratio(gold, cited), ratio(hits, len(judged))


def aggregate(scores: Sequence[QuestionScores], k: int = 10) -> Metrics:
    """The metrics of a group of questions whose runs retrieved k units each (metrics past k are None)."""
    answerable = [s for s in scores if s.answerable]
    recalls = {
        f"recall_at_{n}": _mean([recall_at_k(s.relevant, n) for s in answerable]) if n <= k else None
        for n in RECALL_KS
    }
    precision, recall, false_abstentions = abstention(scores)
    assistant_run = any(s.abstained is not None for s in scores)
    cite_precision, hit_rate = citation_metrics(scores)
    answer_latencies = [s.answer_latency_ms for s in scores if s.answer_latency_ms is not None]
    return Metrics(
        questions=len(scores),
        answerable=len(answerable),
        k=k,
        multi_answer=sum(1 for s in answerable if s.n_snippets >= 2),
        **recalls,
        recall_at_k=_mean([recall_at_k(s.relevant, k) for s in answerable]),
        full_recall_at_5=full_recall(scores, 5) if k >= 5 else None,
        full_recall_at_10=full_recall(scores, 10) if k >= 10 else None,
        full_recall_at_k=full_recall(scores, k),
        mrr=_mean([reciprocal_rank(s.relevant) for s in answerable]),
        ndcg_at_10=_mean([ndcg_at_k(s.relevant, 10, s.n_relevant) for s in answerable]) if k >= 10 else None,
        ndcg_at_k=_mean([ndcg_at_k(s.relevant, k, s.n_relevant) for s in answerable]),
        abstention_precision=precision,
        abstention_recall=recall,
        false_abstentions=false_abstentions if assistant_run else None,
        citation_precision=cite_precision,
        citation_hit_rate=hit_rate,
        latency_p50_ms=percentile([s.latency_ms for s in scores], 50),
        latency_p95_ms=percentile([s.latency_ms for s in scores], 95),
        answer_latency_p50_ms=percentile(answer_latencies, 50) if answer_latencies else None,
        answer_latency_p95_ms=percentile(answer_latencies, 95) if answer_latencies else None,
    )


def grouped(scores: Sequence[QuestionScores], key: str, k: int = 10) -> dict[str, Metrics]:
    """Metrics per value of a QuestionScores field ('lang' or 'kind'), keys sorted."""
    groups: dict[str, list[QuestionScores]] = {}
    for score in scores:
        groups.setdefault(getattr(score, key), []).append(score)
    return {name: aggregate(groups[name], k) for name in sorted(groups)}


def _mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean, None for an empty group."""
    return sum(values) / len(values) if values else None
