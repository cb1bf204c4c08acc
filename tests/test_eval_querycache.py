"""The evaluation's query cache: each question embedded once, its time remembered, the searcher restored after."""

from __future__ import annotations

import functools

import numpy as np

from eval.querycache import QueryVectorCache, cached_queries


class CountingEmbedder:
    """A tiny stand-in embedder (pure logic test): counts calls, vector = text length."""

    name = "counting"
    dimension = 2

    def __init__(self):
        self.calls: list[list[str]] = []

    def embed_queries(self, texts):
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


class FakeSearcher:
    """Only what cached_queries touches: an embedder cached_property."""

    def __init__(self, embedder):
        self._made = embedder

    @functools.cached_property
    def embedder(self):
        return self._made


def test_each_text_is_embedded_once_alone_and_its_time_kept():
    inner = CountingEmbedder()
    cache = QueryVectorCache(inner)
    cache.prime(["ab", "abc", "ab"])
    assert inner.calls == [["ab"], ["abc"]]
    vectors = cache.embed_queries(["abc", "ab", "new"])
    assert vectors[:, 0].tolist() == [3.0, 2.0, 3.0] and inner.calls[-1] == ["new"]
    assert cache.seconds("ab") > 0.0 and cache.seconds("never") == 0.0
    assert cache.name == "counting" and cache.dimension == 2  # other attributes pass through


def test_the_searcher_gets_its_own_embedder_back_after_the_block():
    inner = CountingEmbedder()
    searcher = FakeSearcher(inner)
    with cached_queries(searcher, ["q1", "q2"]) as cache:
        assert searcher.embedder is cache
        searcher.embedder.embed_queries(["q1"])
    assert searcher.embedder is inner and inner.calls == [["q1"], ["q2"]]
