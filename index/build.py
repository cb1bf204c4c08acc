"""PLACEHOLDER: builds or updates the FAISS and BM25 indexes from the record store."""

from __future__ import annotations

from core.settings import Settings


def update_index(settings: Settings, progress: bool = True) -> dict | None:
    """Embed new or changed records and write the index atomically; returns a summary dict."""
    return None
