"""Small helpers over retrieved replies: the best cosine, and newest-first order (the nearest replies of an abstention)."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from core.models import Evidence


def best_dense_score(evidence: Sequence[Evidence]) -> float | None:
    """The highest dense (cosine) score among replies found directly, None when none has one."""
    scores = [e.dense_score for e in evidence if e.via is None and e.dense_score is not None]
    return max(scores) if scores else None


def _date_key(e: Evidence) -> date:
    """Undated documents sort as oldest."""
    return e.document.date or date.min


def order_by_recency(evidence: Sequence[Evidence]) -> list[Evidence]:
    """Newest document first (stable on retrieval order); a referred-to reply follows the reply that cites it."""
    direct = [e for e in evidence if e.via is None]
    direct = sorted(direct, key=_date_key, reverse=True)  # sorted() is stable: ties keep retrieval order
    ordered: list[Evidence] = []
    for item in direct:
        ordered.append(item)
        ordered.extend(e for e in evidence if e.via == item.record.id and e not in ordered)
    ordered.extend(e for e in evidence if e not in ordered)  # referred-to replies whose referrer was not kept
    return ordered
