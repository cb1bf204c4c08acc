"""Signals kept for measurement only: the members' question and the bare reply embedded apart, and
pseudo-relevance feedback (Dutch terms from the top dense replies) for English queries.

`antwoord eval --retriever hybrid-questions,hybrid-replies,hybrid-prf` measures them against hybrid. The extra
vectors are not in the index: they are embedded in memory on first use (about a minute for the bundled corpus),
because neither clearly beat hybrid on the blind split (question vectors lowered recall@1 and MRR, reply-only
vectors were mixed; docs/eval/README.md) and storing them would double a build's embedding time.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from index.fusion import ReplyRanking
from index.lexical import STOPWORDS, TOKEN_PATTERN, tokenize

QUESTION_WEIGHT = 0.1  # question-only cosine in the blend (tuned split: 0.1 best, 0.3+ lowers every metric)
REPLY_WEIGHT = 0.2  # reply-only (no title, faction, question) cosine in the blend (tuned split: 0.2-0.4 best)
PRF_REPLIES = 3  # top dense replies the feedback terms come from
PRF_TERMS = 10  # terms taken (highest tf-idf)
PRF_MAX_DF = 0.3  # terms in more than this share of passages say nothing


def feedback_terms(searcher, dense: ReplyRanking) -> str:
    """The PRF_TERMS words of the top dense replies with the highest tf-idf, as a query for BM25."""
    counts: Counter = Counter()
    surface: dict[str, str] = {}
    for record_id in dense.record_ids[:PRF_REPLIES]:
        for word in TOKEN_PATTERN.findall(searcher.records[record_id].text.lower()):
            if word not in STOPWORDS:
                stem = (tokenize(word) or [word])[0]
                counts[stem] += 1
                surface.setdefault(stem, word)
    total = max(searcher.lexical.n_passages, 1)
    scored = {}
    for stem, count in counts.items():
        df = searcher.lexical.document_frequency(stem)
        if 0 < df <= PRF_MAX_DF * total:
            scored[stem] = count * math.log(total / df)
    best = sorted(scored, key=lambda stem: (-scored[stem], stem))[:PRF_TERMS]
    return " ".join(surface[stem] for stem in best)


class ExtraVectors:
    """Question vectors per record and context-free reply vectors per passage row, embedded lazily."""

    def __init__(self, searcher):
        self._searcher = searcher
        self._questions: dict[str, np.ndarray] | None = None
        self._replies: np.ndarray | None = None

    def questions(self) -> dict[str, np.ndarray]:
        """Record id -> (d,) vector of its members' question embedded as a query (records with a question)."""
        if self._questions is None:
            records = [r for r in self._searcher.records.values() if r.question.strip()]
            vectors = self._searcher.embedder.embed_queries([" ".join(r.question.split())[:600] for r in records])
            self._questions = {record.id: vector for record, vector in zip(records, vectors)}
        return self._questions

    def replies(self) -> np.ndarray:
        """(n_passages, d) vectors of each passage's verbatim chunk alone."""
        if self._replies is None:
            texts = [passage.text for passage in self._searcher.passages]
            self._replies = np.asarray(self._searcher.embedder.embed_passages(texts), dtype=np.float32)
        return self._replies

    def blend(self, mode: str, record_id: str, cosine: float, query_vector: np.ndarray) -> float:
        """The record's passage cosine blended with its question or reply-only cosine, as the mode asks."""
        if mode == "hybrid-questions":
            vector = self.questions().get(record_id)
            return cosine if vector is None else (1 - QUESTION_WEIGHT) * cosine + QUESTION_WEIGHT * float(vector @ query_vector)
        rows = self._searcher.meta.rows_of(record_id)
        reply = float(np.max(self.replies()[sorted(rows)] @ query_vector))
        return (1 - REPLY_WEIGHT) * cosine + REPLY_WEIGHT * reply

    def blended(self, mode: str, dense: ReplyRanking, query_vector: np.ndarray) -> ReplyRanking:
        """The dense ranking re-sorted by blended cosines."""
        scores = {rid: self.blend(mode, rid, s, query_vector) for rid, s in zip(dense.record_ids, dense.scores)}
        ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return ReplyRanking([rid for rid, _ in ordered], [score for _, score in ordered])
