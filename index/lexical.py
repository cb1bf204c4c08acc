"""BM25 over passages (bm25s) with Dutch stemming and Dutch + English stopwords; saved without pickle."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")
STEMMER_LANGUAGE = "dutch"
# English stopwords too: an English question must not match Dutch text on "the", "of", "is".
QUESTION_WORDS_EN = {"what", "did", "does", "do", "about", "how", "why", "which", "who", "whom", "when", "where",
                     "say", "said", "says", "tell", "told", "there", "any", "will", "would", "can", "could"}
STOPWORDS = frozenset(STOPWORDS_DUTCH) | frozenset(STOPWORDS_EN) | frozenset(QUESTION_WORDS_EN)


class LexicalScores(NamedTuple):
    """BM25 scores of every passage for one query, and how much of the query the corpus knows."""

    scores: np.ndarray  # (n_passages,) float32, 0 where no query term occurs
    coverage: float  # fraction of the query's terms that occur in the corpus vocabulary, 0..1


@functools.lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMER_LANGUAGE)


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens of 2+ characters, stopwords dropped, Dutch-stemmed."""
    words = [word for word in TOKEN_PATTERN.findall(text.lower()) if word not in STOPWORDS]
    return _stemmer().stemWords(words)


class LexicalIndex:
    """A bm25s index whose documents are passage rows (same order as the FAISS index)."""

    def __init__(self, retriever: bm25s.BM25, n_passages: int):
        self._retriever = retriever
        self.n_passages = n_passages

    @classmethod
    def build(cls, texts: list[str]) -> "LexicalIndex":
        """Index one text per passage row."""
        retriever = bm25s.BM25()
        # A passage with no indexable word still needs a row: give it a token that no query produces.
        corpus_tokens = [tokenize(text) or ["\x00empty"] for text in texts]
        retriever.index(corpus_tokens, show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        """Write the bm25s arrays and vocabulary as .npy/.json (allow_pickle=False)."""
        self._retriever.save(str(folder), allow_pickle=False, show_progress=False)

    @classmethod
    def load(cls, folder: Path, n_passages: int) -> "LexicalIndex":
        """Read an index written by save(); n_passages is checked against the stored documents."""
        retriever = bm25s.BM25.load(str(folder), allow_pickle=False, show_progress=False)
        stored = int(retriever.scores["num_docs"])
        if stored != n_passages:
            raise ValueError(f"BM25 index in {folder} has {stored} passages, manifest says {n_passages}; rebuild it")
        return cls(retriever, n_passages)

    def document_frequency(self, term: str) -> int:
        """Passages containing a (stemmed) term; 0 for a term the vocabulary lacks."""
        column = self._retriever.vocab_dict.get(term)
        if column is None:
            return 0
        indptr = self._retriever.scores["indptr"]
        return int(indptr[column + 1] - indptr[column])

    def coverage(self, query: str) -> float:
        """Fraction of the query's terms the corpus vocabulary knows (0 for a query without terms), no scoring."""
        terms = tokenize(query)
        return sum(term in self._retriever.vocab_dict for term in terms) / len(terms) if terms else 0.0

    def score(self, query: str) -> LexicalScores:
        """BM25 score of every passage row for the query's known terms."""
        terms = tokenize(query)
        known = [term for term in terms if term in self._retriever.vocab_dict]
        if not known:
            return LexicalScores(np.zeros(self.n_passages, dtype=np.float32), 0.0)
        scores = np.asarray(self._retriever.get_scores(known), dtype=np.float32)
        return LexicalScores(scores, len(known) / len(terms))
