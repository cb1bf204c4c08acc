"""Each gold question embedded once per evaluation: every retriever and the assistant reuse its vector.

An evaluation asks up to ten retrievers the same questions; embedding each question once instead of once per
retriever makes `antwoord eval` several times faster on a CPU. Latency stays honest: a retriever that embeds
the query is charged the time that question's embedding took (measured once, when the cache was primed).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator, Sequence

import numpy as np


class QueryVectorCache:
    """Wraps an embedder: embed_queries answers from the cache, other attributes come from the embedder."""

    def __init__(self, embedder):
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        self._seconds: dict[str, float] = {}

    def __getattr__(self, name: str):
        return getattr(self._embedder, name)

    def prime(self, texts: Sequence[str]) -> None:
        """Embed each new text alone (as a search does) and remember how long it took."""
        for text in dict.fromkeys(texts):
            if text not in self._vectors:
                started = time.perf_counter()
                self._vectors[text] = self._embedder.embed_queries([text])[0]
                self._seconds[text] = time.perf_counter() - started

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, d) float32: cached vectors, new texts embedded and cached."""
        self.prime(texts)
        return np.stack([self._vectors[text] for text in texts])

    def seconds(self, text: str) -> float:
        """How long embedding the text took when it was first embedded (0.0 when it never was)."""
        return self._seconds.get(text, 0.0)


@contextmanager
def cached_queries(searcher, texts: Sequence[str]) -> Iterator[QueryVectorCache]:
    """The searcher's embedder replaced by a primed QueryVectorCache for the duration of the block."""
    original = searcher.embedder  # the cached property: loads the embedder once
    cache = QueryVectorCache(original)
    cache.prime(texts)
    searcher.__dict__["embedder"] = cache  # shadows the cached_property for this searcher only
    try:
        yield cache
    finally:
        searcher.__dict__["embedder"] = original
