"""PLACEHOLDER: describes the index on disk for `antwoord status`."""

from __future__ import annotations

from core.settings import Settings


def index_status(settings: Settings) -> dict | None:
    """Embedder, dimension, counts and fingerprint of the index, or None when there is none."""
    return None
