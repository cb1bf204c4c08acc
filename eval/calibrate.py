"""Sweep the assistant's abstain threshold over the gold set: what each value would do to abstention and citations."""

from __future__ import annotations

from typing import Sequence

from pydantic import BaseModel, Field

from eval.metrics import ratio

GRID = tuple(round(0.80 + 0.005 * i, 3) for i in range(25))  # 0.800 ... 0.920: where e5 cosines fall
MIN_HIT_RATE = 0.85  # a threshold that stops citing the gold reply for many answerable questions is no use


class CalibrationPoint(BaseModel):
    """One gold question: answerable or not, and the replies the assistant would consider."""

    answerable: bool = Field(description="False for unanswerable gold questions.")
    candidates: list[tuple[float, int, int]] = Field(
        description="Per top_k directly retrieved reply: (dense cosine, replies it would cite: itself plus those it "
        "brings along, how many of those contain a gold snippet)."
    )


class CalibrationRow(BaseModel):
    """What the extractive rule (cite every candidate with cosine >= threshold and the replies it refers to,
    abstain when none) would score."""

    threshold: float = Field(description="Abstain threshold on the dense cosine.")
    abstention_precision: float | None = Field(description="Share of abstentions that are on unanswerable questions.")
    abstention_recall: float | None = Field(description="Share of unanswerable questions abstained on.")
    false_abstentions: int = Field(description="Answerable questions that would be abstained on.")
    citation_precision: float | None = Field(description="Answerable questions: share of citations that are gold.")
    citation_hit_rate: float | None = Field(description="Share of answerable questions citing a gold reply.")
    mean_citations: float | None = Field(description="Average citations per answered question.")


def evaluate_threshold(points: Sequence[CalibrationPoint], threshold: float) -> CalibrationRow:
    """Score one threshold with the extractive rule."""
    abstained_right = abstained_wrong = cited = gold = hits = answered = 0
    for point in points:
        kept = [(n_cited, n_gold) for score, n_cited, n_gold in point.candidates if score >= threshold]
        if not kept:
            abstained_right += not point.answerable
            abstained_wrong += point.answerable
            continue
        answered += 1
        if point.answerable:
            cited += sum(n_cited for n_cited, _ in kept)
            gold += sum(n_gold for _, n_gold in kept)
            hits += any(n_gold for _, n_gold in kept)
    answerable = sum(1 for p in points if p.answerable)
    return CalibrationRow(
        threshold=threshold,
        abstention_precision=ratio(abstained_right, abstained_right + abstained_wrong),
        abstention_recall=ratio(abstained_right, len(points) - answerable),
        false_abstentions=abstained_wrong,
        citation_precision=ratio(gold, cited),
        citation_hit_rate=ratio(hits, answerable),
        mean_citations=ratio(sum(n for p in points for s, n, _ in p.candidates if s >= threshold), answered),
    )


def sweep(points: Sequence[CalibrationPoint], grid: Sequence[float] = GRID) -> list[CalibrationRow]:
    """One row per threshold in the grid."""
    return [evaluate_threshold(points, threshold) for threshold in grid]


def suggest(rows: Sequence[CalibrationRow], min_hit_rate: float = MIN_HIT_RATE) -> CalibrationRow | None:
    """The row with the best abstention F1 among those keeping the citation hit rate >= min_hit_rate."""
    usable = [row for row in rows if (row.citation_hit_rate or 0.0) >= min_hit_rate]
    if not usable:
        return None
    return max(usable, key=lambda row: (_f1(row.abstention_precision, row.abstention_recall), row.citation_precision or 0))


def _f1(precision: float | None, recall: float | None) -> float:
    """Harmonic mean, 0.0 when either is missing or both are 0."""
    if not precision or not recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)
