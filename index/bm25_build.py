"""Build the bm25s index in a few numpy passes, so a million passages fit in memory and take a minute.

bm25s's own `index()` keeps every passage as a Python list of tokens and scores them one by one (several GB
and minutes at 1M passages). This computes the same matrix (bm25s's default Lucene BM25, its own idf and tf
functions) from one flat array of token ids, then hands it to a bm25s.BM25 object, which saves, loads and
scores it as usual. tests/test_index_scale.py checks the scores equal bm25s's own build.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import bm25s
import numpy as np
from bm25s.scoring import _select_idf_scorer, _select_tfc_scorer

from index.lexical import LexicalIndex, tokenize

EMPTY_TOKEN = "\x00empty"  # same placeholder as LexicalIndex.build: a passage without indexable words keeps its row


class _Tokens:
    """Token ids of every passage in one flat int32 array, with the passage of each token."""

    def __init__(self):
        self.vocab: dict[str, int] = {}
        self.ids = array("i")
        self.lengths = array("i")

    def add(self, text: str) -> None:
        """Tokenize one passage and append its token ids."""
        tokens = tokenize(text) or [EMPTY_TOKEN]
        vocab = self.vocab
        self.ids.extend([vocab.setdefault(token, len(vocab)) for token in tokens])
        self.lengths.append(len(tokens))


def _csc(term: np.ndarray, doc: np.ndarray, scores: np.ndarray, n_vocab: int) -> dict[str, np.ndarray]:
    """bm25s's score matrix layout: column per term, rows = passages (data, indices, indptr)."""
    order = np.lexsort((doc, term))
    indptr = np.zeros(n_vocab + 1, dtype=np.int64)
    np.cumsum(np.bincount(term, minlength=n_vocab), out=indptr[1:])
    return {"data": scores[order].astype(np.float32), "indices": doc[order].astype(np.int32), "indptr": indptr}


def build_lexical(texts: Iterable[str]) -> LexicalIndex:
    """A LexicalIndex over one text per passage row, scored exactly like bm25s.BM25().index(tokens)."""
    tokens = _Tokens()
    for text in texts:
        tokens.add(text)
    retriever = bm25s.BM25()
    n_docs, n_vocab = len(tokens.lengths), len(tokens.vocab)
    lengths = np.frombuffer(tokens.lengths, dtype=np.int32)
    ids = np.frombuffer(tokens.ids, dtype=np.int32).astype(np.int64)
    doc_of_token = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    pairs, tf = np.unique(doc_of_token * n_vocab + ids, return_counts=True)  # (passage, term) with its count
    del ids, doc_of_token
    doc, term = pairs // n_vocab, pairs % n_vocab
    df = np.bincount(term, minlength=n_vocab)
    idf_of = _select_idf_scorer(retriever.idf_method)  # a scalar function (math.log): once per term, like bm25s
    idf = np.array([idf_of(int(count), N=n_docs) for count in df.tolist()], dtype=np.float32)
    tfc = _select_tfc_scorer(retriever.method)(  # float32 counts, float64 lengths: bm25s's dtypes, same rounding
        tf_array=tf.astype(np.float32), l_d=lengths[doc].astype(np.float64), l_avg=np.float64(lengths.mean()),
        k1=retriever.k1, b=retriever.b, delta=retriever.delta,
    )
    retriever.scores = {**_csc(term, doc, (idf[term] * tfc).astype(np.float32), n_vocab), "num_docs": n_docs}
    retriever.vocab_dict = {**tokens.vocab, "": n_vocab}  # bm25s.index() adds the empty token the same way
    retriever.unique_token_ids_set = set(retriever.vocab_dict.values())
    retriever.nonoccurrence_array = None  # Lucene BM25 has none (bm25s sets it in index())
    return LexicalIndex(retriever, n_docs)
