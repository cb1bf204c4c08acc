"""Pure logic of the index stage: passages, tokenizing, rank fusion, filters, FAISS wrappers (no embedder)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from core.models import RecordKind
from index.embedders import as_unit_rows
from index.fusion import RRF_K, ReplyRanking, best_per_record, bring_along_targets, fuse, lexical_weight
from index.lexical import LexicalIndex, tokenize
from index.passages import Chunking, build_passages, split_record
from index.search import SearchFilters
from index.vectors import build_faiss, search_faiss
from tests.test_index_fixtures import DOC_A, DOC_B, small_records


def test_long_reply_is_split_into_passages_that_keep_the_reply_id_and_exact_offsets():
    documents, records = small_records()
    long_reply = records[DOC_A][1]
    chunking = Chunking()
    pieces = split_record(long_reply, chunking)
    assert len(pieces) > 1
    for start, end, chunk in pieces:
        assert long_reply.text[start:end] == chunk
        assert len(chunk) <= chunking.chunk_size
    passages = build_passages([long_reply], {d.id: d for d in documents}, chunking)
    assert {p.record_id for p in passages} == {long_reply.id}
    assert [p.row for p in passages] == list(range(len(passages)))


def test_embedded_text_carries_context_but_cited_text_stays_verbatim():
    documents, records = small_records()
    reply = records[DOC_A][0]
    (passage,) = build_passages([reply], {d.id: d for d in documents}, Chunking())
    assert passage.text == reply.text
    assert "Fractie: PVV" in passage.embed_text
    assert "Vraag: De leden van de PVV-fractie" in passage.embed_text
    assert documents[0].title in passage.embed_text
    assert passage.embed_text.endswith(reply.text)


def test_dutch_tokens_are_stemmed_and_stopwords_of_both_languages_dropped():
    assert tokenize("De terugkeerhubs en de asielprocedures") == tokenize("terugkeerhub asielprocedure")
    assert tokenize("what did the minister say about the") == tokenize("minister")


def test_bm25_scores_only_passages_with_known_terms_and_reports_coverage():
    index = LexicalIndex.build(["de terugkeerhubs in Oeganda", "grensbewaking door Frontex", ""])
    scores, coverage = index.score("terugkeerhub")
    assert scores[0] > 0 and scores[1] == 0 and scores[2] == 0
    assert coverage == 1.0
    assert index.score("return hubs in Uganda").coverage == 0.0
    assert index.score("Frontex border guards").coverage == pytest.approx(1 / 3)


def test_best_passage_decides_a_replys_score_and_ties_break_by_id():
    rows = np.array([0, 1, 2, 3], dtype=np.int64)
    scores = np.array([0.5, 0.9, 0.7, 0.7], dtype=np.float32)
    ranking = best_per_record(rows, scores, ["b", "b", "c", "a"])
    assert ranking.record_ids == ["b", "a", "c"]
    assert ranking.scores[0] == pytest.approx(0.9)


def test_fusion_lets_bm25_help_but_not_drown_the_dense_ranking():
    dense = ReplyRanking(["a", "b", "c"], [0.9, 0.8, 0.7])
    lexical = ReplyRanking(["c"], [5.0])
    assert fuse(dense, lexical, weight=1.0).record_ids.index("c") < 2  # BM25 agreement lifts c above b
    agreed = fuse(dense, ReplyRanking(["b", "d"], [5.0, 4.0]), weight=1.0)
    assert agreed.record_ids[0] == "b"  # ranked by both beats first in one ranking only
    assert fuse(dense, lexical, weight=0.0).record_ids == ["a", "b", "c"]  # no weight: no say
    assert fuse(dense, ReplyRanking([], []), 1.0).scores[0] == pytest.approx(1 / (RRF_K + 1))


def test_bm25_weighs_in_on_dutch_queries_only():
    dutch = "Wat zegt het kabinet over terugkeerhubs?"
    assert lexical_weight(dutch, 1.0) > 0
    assert lexical_weight(dutch, 0.5) == pytest.approx(lexical_weight(dutch, 1.0) / 2)
    assert lexical_weight("what did the cabinet say about return hubs?", 0.9) == 0.0
    # keyword queries have no function words: corpus coverage tells Dutch from English
    assert lexical_weight("visummaatregelen Ethiopië terugkeersamenwerking", 1.0) > 0
    assert lexical_weight("recognition rate first asylum applications Syrians 2025", 0.29) == 0.0


def test_referred_reply_comes_right_after_its_referrer_once():
    order = bring_along_targets(["x", "y", "t"], {"x": ["t"], "y": ["t"]})
    assert order == [("x", None), ("t", "x"), ("y", None)]
    assert bring_along_targets(["t", "x"], {"x": ["t"]}) == [("t", None), ("x", None)]


def test_filters_match_document_date_faction_and_kind():
    documents, records = small_records()
    doc_a, doc_b = documents
    pvv, section = records[DOC_A][0], records[DOC_B][1]
    assert SearchFilters(factions=["pvv"]).matches(pvv, doc_a)
    assert not SearchFilters(factions=["VVD"]).matches(pvv, doc_a)
    assert SearchFilters(document_ids=[DOC_B]).matches(section, doc_b)
    assert not SearchFilters(since=date(2025, 4, 1)).matches(pvv, doc_a)
    assert SearchFilters(until=date(2025, 3, 6)).matches(pvv, doc_a)
    assert SearchFilters(kinds=[RecordKind.LETTER_SECTION]).matches(section, doc_b)
    assert not SearchFilters(kinds=["reply"]).matches(section, doc_b)
    assert not SearchFilters(document_ids=[]).matches(pvv, doc_a)  # an empty list matches nothing
    assert not SearchFilters(since=date(2020, 1, 1)).matches(pvv, doc_a.model_copy(update={"date": None}))


@pytest.mark.parametrize("index_type", ["flat", "hnsw"])
def test_faiss_finds_the_nearest_vectors_and_respects_allowed_rows(index_type):
    rng = np.random.default_rng(0)
    vectors = as_unit_rows(rng.normal(size=(200, 16)), 16)
    index = build_faiss(vectors, index_type)
    hits = search_faiss(index, vectors[7], 5, None)
    assert hits.rows[0] == 7 and hits.scores[0] == pytest.approx(1.0, abs=1e-5)
    assert hits.scores.dtype == np.float32
    allowed = np.array([3, 9, 11], dtype=np.int64)
    assert set(search_faiss(index, vectors[7], 5, allowed).rows.tolist()) <= set(allowed.tolist())
    assert len(search_faiss(index, vectors[7], 5, np.zeros(0, dtype=np.int64)).rows) == 0


def test_embedder_output_of_the_wrong_shape_is_refused_with_the_shapes():
    with pytest.raises(ValueError, match=r"shape \(2, 8\), expected \(n, 16\)"):
        as_unit_rows(np.ones((2, 8)), 16)
    rows = as_unit_rows(np.full((3, 4), 2.0), 4)
    assert rows.dtype == np.float32 and np.allclose(np.linalg.norm(rows, axis=1), 1.0)
