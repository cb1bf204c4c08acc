"""Rank arithmetic for hybrid search: passages -> replies, reciprocal rank fusion, deterministic order."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

RRF_K = 60  # the usual reciprocal-rank-fusion constant: damps the gap between rank 1 and rank 2
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 0.5  # BM25 helps Dutch wording but must not drown the dense ranking


class ReplyRanking(NamedTuple):
    """Records ranked by their best passage, best first, ties by record id."""

    record_ids: list[str]
    scores: list[float]  # best passage score per record, same order

    def ranks(self) -> dict[str, int]:
        """1-based rank per record id."""
        return {record_id: rank for rank, record_id in enumerate(self.record_ids, start=1)}


def best_per_record(rows: np.ndarray, scores: np.ndarray, record_of_row: list[str]) -> ReplyRanking:
    """Collapse passage hits (rows (m,), scores (m,) float32) to records: a record's score is its best passage."""
    best: dict[str, float] = {}
    for row, score in zip(rows.tolist(), scores.tolist()):
        record_id = record_of_row[row]
        if score > best.get(record_id, -np.inf):
            best[record_id] = float(score)
    ordered = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return ReplyRanking([record_id for record_id, _ in ordered], [score for _, score in ordered])


def lexical_weight(coverage: float) -> float:
    """BM25's fusion weight: LEXICAL_WEIGHT scaled by the share of query terms the corpus knows (0..1).

    An English question shares few terms with Dutch text, so its stray BM25 matches count for little.
    """
    return LEXICAL_WEIGHT * min(max(coverage, 0.0), 1.0)


def rrf_term(rank: int | None, weight: float) -> float:
    """One ranking's contribution weight / (RRF_K + rank); nothing when unranked."""
    return 0.0 if rank is None else weight / (RRF_K + rank)


def fuse(dense: ReplyRanking, lexical: ReplyRanking, lexical_coverage: float) -> ReplyRanking:
    """Weighted reciprocal rank fusion of the two reply rankings, ties broken by record id."""
    dense_ranks, lexical_ranks = dense.ranks(), lexical.ranks()
    weight = lexical_weight(lexical_coverage)
    fused = {
        record_id: rrf_term(dense_ranks.get(record_id), DENSE_WEIGHT) + rrf_term(lexical_ranks.get(record_id), weight)
        for record_id in set(dense_ranks) | set(lexical_ranks)
    }
    ordered = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    return ReplyRanking([record_id for record_id, _ in ordered], [score for _, score in ordered])


def bring_along_targets(ranked: list[str], refers_to: dict[str, list[str]]) -> list[tuple[str, str | None]]:
    """(record id, via) in order: each referred-to reply right after the first reply pointing to it.

    A target already ranked above its referrer stays where it is; one ranked lower moves up.
    """
    placed: dict[str, str | None] = {}
    for record_id in ranked:
        if record_id not in placed:
            placed[record_id] = None
        for target in refers_to.get(record_id, []):
            if target not in placed:
                placed[target] = record_id
    return list(placed.items())
