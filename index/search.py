"""Hybrid search over the index on disk: dense (FAISS) + lexical (BM25), fused, collapsed to replies."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from core.errors import AntwoordError
from core.models import Document, Evidence, Record, RecordKind
from core.settings import Settings
from index.embedders import Embedder, make_embedder
from index.health import LOAD_ERRORS, damaged, index_problems
from index.fusion import ReplyRanking, best_per_record, bring_along_targets, fuse, lexical_weight
from index.lexical import LexicalIndex
from index.manifest import (
    BM25_DIR, FAISS_FILE, META_FILE, VECTORS_FILE, Manifest, check_embedder, read_manifest, require_dir,
)
from index.meta import MetaReader
from index.rerank import ENGLISH_WEIGHT, lexical_plan, rescore
from index.variants import ExtraVectors, feedback_terms
from index.vectors import load_faiss, search_faiss
from index.vectors_file import VectorRows

MODES = ("hybrid", "dense", "bm25")
# Other rankings, kept to measure what each part of hybrid adds (`antwoord eval --retriever hybrid-rrf,...`):
# hybrid-rrf is hybrid before the glossary and the second stage (reciprocal rank fusion, BM25 on Dutch queries
# only); hybrid-rrf-glossary adds the glossary; hybrid-noglossary is the second stage without it; hybrid-prf
# replaces the glossary by pseudo-relevance feedback (terms of the top dense replies);
# hybrid-questions and hybrid-replies blend in question-only or reply-only cosines (index.variants).
VARIANTS = ("hybrid-rrf", "hybrid-rrf-glossary", "hybrid-noglossary", "hybrid-prf", "hybrid-questions",
            "hybrid-replies")
ENGLISH_RRF_WEIGHT = 0.5  # hybrid-rrf-glossary: weight of the glossary BM25 ranking (tuned split: 0.3-1.0 alike)
DENSE_DEPTH = 100  # passages fetched from FAISS before collapsing to replies (at least 20 per requested reply)
LEXICAL_DEPTH = 1000  # best BM25 passages collapsed to replies; at 1M passages a common term matches 100k+


class SearchFilters(BaseModel):
    """Restrict search to some documents, dates, factions or record kinds. None = no restriction.

    An empty list matches nothing. Dates compare with Document.date; undated documents fail a date filter.
    """

    document_ids: list[str] | None = Field(default=None, description="Only records of these document ids.")
    since: date | None = Field(default=None, description="Only documents dated on or after this day.")
    until: date | None = Field(default=None, description="Only documents dated on or before this day.")
    factions: list[str] | None = Field(default=None, description="Only replies to these factions (case-insensitive).")
    kinds: list[RecordKind] | None = Field(default=None, description="Only these record kinds, e.g. ['reply'].")

    def matches(self, record: Record, document: Document) -> bool:
        """True when the record and its document pass every filter that is set."""
        if self.document_ids is not None and record.document_id not in self.document_ids:
            return False
        if (self.since or self.until) and document.date is None:
            return False
        if self.since and document.date < self.since:
            return False
        if self.until and document.date > self.until:
            return False
        if self.factions is not None:
            wanted = {faction.casefold() for faction in self.factions}
            if (record.faction or "").casefold() not in wanted:
                return False
        return self.kinds is None or record.kind in self.kinds


SAMPLE_STRIDE = 16  # top_rows estimates its cut from every 16th passage's score


def top_rows(scores: np.ndarray, depth: int, allowed: np.ndarray | None = None) -> np.ndarray:
    """Rows (int64) of the `depth` highest positive scores (n,), in no order; all positive rows if fewer.

    Ranks past the depth add < 1/(60+1000) each to the fusion, so they are cut. At a million passages a common
    term matches half of them, and partitioning every match costs more than scoring: a cut estimated from a
    strided sample keeps about twice the depth, and only those are partitioned. Same set of rows as a full
    partition (up to ties at the cut); the full path is taken when the estimate keeps too few or filters apply.
    """
    if allowed is None and len(scores) > SAMPLE_STRIDE * depth:
        sample = scores[::SAMPLE_STRIDE]
        keep = min(len(sample), 2 * depth // SAMPLE_STRIDE + 1)
        cut = np.partition(sample, len(sample) - keep)[len(sample) - keep]
        if cut > 0:
            rows = np.flatnonzero(scores >= cut)
            if len(rows) >= depth:
                return rows[np.argpartition(-scores[rows], depth - 1)[:depth]].astype(np.int64)
    rows = np.flatnonzero(scores > 0).astype(np.int64)
    if allowed is not None:
        rows = np.intersect1d(rows, allowed)
    if len(rows) > depth:
        rows = rows[np.argpartition(-scores[rows], depth - 1)[:depth]]
    return rows


class Searcher:
    """An opened index: FAISS and BM25 in memory, vectors memory-mapped, passages and records looked up in
    meta.sqlite on demand (a million of them would not fit as Python objects); search() is read-only."""

    def __init__(self, settings: Settings, folder: Path, manifest: Manifest):
        self.settings = settings
        self.folder = folder
        self.manifest = manifest
        self.meta = MetaReader(folder / META_FILE, manifest.chunking)
        self.passages = self.meta.passages  # Sequence[Passage] by row
        self.records = self.meta.records  # Mapping[str, Record] by id
        self.documents: dict[str, Document] = self.meta.documents()
        self.vectors = VectorRows(folder / VECTORS_FILE)  # (n_passages, d) float32, rows read on demand
        self.faiss = load_faiss(folder / FAISS_FILE, manifest.embedder.dimension, manifest.passages, manifest.faiss,
                                settings.faiss_nprobe, settings.faiss_ef_search)
        self.lexical = LexicalIndex.load(folder / BM25_DIR, manifest.lexical_passages or manifest.passages)
        self._record_of_row = self.meta.record_of_row()
        if len(self.passages) != manifest.passages or len(self.vectors) != manifest.passages:
            raise AntwoordError(f"index in {folder} is inconsistent; rebuild it with `antwoord ingest --rebuild`")

    @classmethod
    def open(cls, settings: Settings) -> "Searcher":
        """Open the index in settings.home; IndexMissingError / IndexMismatchError say what to do."""
        folder = require_dir(settings)
        manifest = read_manifest(folder)
        check_embedder(manifest, settings)
        try:
            return cls(settings, folder, manifest)
        except AntwoordError:
            raise
        except LOAD_ERRORS as error:  # a truncated or missing file: name it and the fix in one line
            problems = index_problems(folder, manifest)
            first_line = (str(error).strip().splitlines() or [""])[0]
            raise damaged(folder, problems[0] if problems else f"{type(error).__name__}: {first_line}") from None

    @functools.cached_property
    def embedder(self) -> Embedder:
        """The embedder the index was built with (loaded on first dense search)."""
        return make_embedder(self.settings)

    def _allowed_rows(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Passage rows whose record passes the filters, (m,) int64; None without filters."""
        if filters is None:
            return None
        allowed = {rid for rid, rec in self.records.items() if filters.matches(rec, self.documents[rec.document_id])}
        return np.array([row for row, rid in enumerate(self._record_of_row) if rid in allowed], dtype=np.int64)

    def _dense(self, query_vector: np.ndarray, k: int, allowed: np.ndarray | None) -> ReplyRanking:
        """Replies ranked by the cosine of their best passage among the nearest passages."""
        hits = search_faiss(self.faiss, query_vector, max(DENSE_DEPTH, 20 * k), allowed)
        return best_per_record(hits.rows, hits.scores, self._record_of_row)

    def _bm25(self, query: str, allowed: np.ndarray | None) -> tuple[ReplyRanking, float]:
        """Replies ranked by the BM25 score of their best passage (only passages with a match), and coverage."""
        scores, coverage = self.lexical.score(query)
        rows = top_rows(scores, LEXICAL_DEPTH, allowed)
        return best_per_record(rows, scores[rows], self._record_of_row), coverage

    def best_cosine(self, record_id: str, query_vector: np.ndarray) -> float:
        """Cosine between the query (d,) and the record's best passage."""
        rows = sorted(self.meta.rows_of(record_id))
        return float(np.max(self.vectors[rows] @ query_vector))

    def search(
        self, query: str, k: int = 5, filters: SearchFilters | None = None, mode: str = "hybrid"
    ) -> list[Evidence]:
        """The k best replies for the query (plus the replies they refer to, via set), best first."""
        if mode not in MODES and mode not in VARIANTS:
            raise AntwoordError(f"unknown search mode {mode!r}; use one of {', '.join(MODES + VARIANTS)}")
        if k < 1:
            raise AntwoordError(f"k is {k}; ask for at least 1 result")
        if not query.strip():
            raise AntwoordError("the question is empty; type a question")
        allowed = self._allowed_rows(filters)
        if allowed is not None and len(allowed) == 0:
            return []
        empty = ReplyRanking([], [])
        query_vector = self.embedder.embed_queries([query])[0] if mode != "bm25" else None
        dense = self._dense(query_vector, k, allowed) if query_vector is not None else empty
        if mode == "dense":
            ranking, lexical = dense, empty
        elif mode == "bm25":
            ranking = lexical = self._bm25(query, allowed)[0]
        else:
            ranking, lexical = self._hybrid(query, query_vector, dense, allowed, mode)
        return self._evidence(ranking, k, dense, lexical, query_vector)

    def _hybrid(
        self, query: str, query_vector: np.ndarray, dense: ReplyRanking, allowed: np.ndarray | None, mode: str
    ) -> tuple[ReplyRanking, ReplyRanking]:
        """(fused ranking, lexical ranking): BM25 on the Dutch query or an English query's glossary terms, then
        the second stage (index.rerank); the variants rank as the earlier or alternative versions do."""
        coverage = self.lexical.coverage(query)
        if mode == "hybrid-rrf":
            lexical = self._bm25(query, allowed)[0]
            return fuse(dense, lexical, lexical_weight(query, coverage)), lexical
        plan = lexical_plan(query, coverage, glossary=mode not in ("hybrid-noglossary", "hybrid-prf"))
        if mode == "hybrid-prf" and plan.language == "en":  # feedback terms instead of glossary terms
            plan = plan._replace(query=feedback_terms(self, dense), weight=ENGLISH_WEIGHT)
        lexical = self._bm25(plan.query, allowed)[0] if plan.query else ReplyRanking([], [])
        if mode == "hybrid-rrf-glossary":
            weight = lexical_weight(query, coverage) if plan.language == "nl" else ENGLISH_RRF_WEIGHT
            return fuse(dense, lexical, weight), lexical
        cosine = functools.partial(self.best_cosine, query_vector=query_vector)
        if mode in ("hybrid-questions", "hybrid-replies"):
            dense = self._extra.blended(mode, dense, query_vector)
            cosine = lambda rid: self._extra.blend(mode, rid, self.best_cosine(rid, query_vector), query_vector)  # noqa: E731
        return rescore(dense, lexical, plan.weight, cosine), lexical

    @functools.cached_property
    def _extra(self) -> ExtraVectors:
        """Question-only and reply-only vectors for the variants that measure them (embedded on first use)."""
        return ExtraVectors(self)

    def _evidence(
        self, ranking: ReplyRanking, k: int, dense: ReplyRanking, lexical: ReplyRanking, query_vector
    ) -> list[Evidence]:
        """Top k of the ranking as Evidence, each referred-to reply right after its referrer."""
        scores = dict(zip(ranking.record_ids, ranking.scores))
        # With an exact (flat) index a reply the dense ranking holds already has its best passage's cosine (that
        # passage is among the nearest); an approximate one (HNSW, IVF) may have missed that passage: look it up.
        exact = self.manifest.faiss_index_type == "flat"
        known_cosines = dict(zip(dense.record_ids, dense.scores)) if exact else {}
        dense_ranks, lexical_ranks = dense.ranks(), lexical.ranks()
        refers_to = {  # only the top k bring replies along: look up those, not every record
            rid: [t for t in self.records[rid].refers_to if t in self.records] for rid in ranking.record_ids[:k]
        }
        results = []
        for record_id, via in bring_along_targets(ranking.record_ids[:k], refers_to):
            record = self.records[record_id]
            results.append(
                Evidence(
                    record=record, document=self.documents[record.document_id],
                    score=scores[via] if via is not None else scores[record_id],
                    dense_score=None if query_vector is None else _cosine(record_id, known_cosines, self, query_vector),
                    dense_rank=dense_ranks.get(record_id), lexical_rank=lexical_ranks.get(record_id), via=via,
                )
            )
        return results


def _cosine(record_id: str, known: dict[str, float], searcher: Searcher, query_vector: np.ndarray) -> float:
    """The reply's cosine from the dense ranking when it holds the reply, else from its passages' vectors."""
    cosine = known.get(record_id)
    return float(cosine) if cosine is not None else searcher.best_cosine(record_id, query_vector)
