"""Adding replies appends to the index (only the new passages are embedded) and finds what a rebuild finds."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from core.models import Document, DocumentKind, Record, RecordKind, make_record_id
from core.settings import Settings
from index.build import update_index
from index.manifest import read_manifest
from index.search import Searcher
from tests.test_index_fixtures import fill_store

QUERIES = ["Wanneer komt het wetsvoorstel voor het migratiepact naar de Kamer?", "Does Frontex help guard the borders?",
           "opvang van minderjarige vreemdelingen", "What about return hubs in Uganda?"]
NEW_REPLIES = [
    ("SP", "De leden van de SP-fractie vragen naar de opvang van alleenstaande minderjarige vreemdelingen.",
     "Alleenstaande minderjarige vreemdelingen worden opgevangen in kleinschalige woonvormen met begeleiding."),
    ("JA21", "De leden van de JA21-fractie vragen hoeveel terugkeerbesluiten vorig jaar zijn uitgevoerd.",
     "Vorig jaar zijn ruim vierduizend terugkeerbesluiten uitgevoerd, waarvan een derde gedwongen."),
]


def _new_document() -> tuple[Document, list[Record]]:
    """A third document with two replies; its id sorts first, so a rebuild puts its rows first, an append last."""
    document = Document(id="899_new_tk", title="Verslag van een schriftelijk overleg over opvang en terugkeer",
                        kind=DocumentKind.SO_TWEEDE_KAMER, date=date(2026, 2, 2), source_path="899_new_tk.txt",
                        source_sha256="f" * 64, layout="test")
    records = [Record(id=make_record_id(document.id, "reply", faction, question, text), document_id=document.id,
                      kind=RecordKind.REPLY, ordinal=i, faction=faction, question=question, text=text,
                      char_start=i * 200, char_end=i * 200 + len(text), line_start=i * 4 + 1, line_end=i * 4 + 3)
               for i, (faction, question, text) in enumerate(NEW_REPLIES)]
    return document, records


def _results(settings: Settings) -> list[list[tuple[str, float]]]:
    searcher = Searcher.open(settings)
    return [[(e.record.id, round(e.score, 6)) for e in searcher.search(query, k=4, mode=mode)]
            for query in QUERIES for mode in ("hybrid", "dense", "bm25")]


@pytest.fixture(scope="module")
def indexed(small_indexed_settings) -> Settings:
    """The small store indexed once per session (conftest; tests copy it)."""
    return small_indexed_settings


def _copy(settings: Settings, target, **changes) -> Settings:
    shutil.copytree(settings.home, target)
    return settings.model_copy(update={"home": target, **changes})


def test_added_replies_are_appended_and_search_like_a_rebuild(indexed, tmp_path):
    appended = _copy(indexed, tmp_path / "appended")
    before = read_manifest(appended.index_dir).passages
    document, records = _new_document()
    fill_store(appended, [document], {document.id: records})
    summary = update_index(appended, progress=False)
    assert summary["path"] == "append" and summary["embedded"] == 2 and summary["reused"] == before
    assert summary["passages"] == before + 2 and set(summary["steps"]) >= {"embed", "faiss", "bm25"}
    manifest = read_manifest(appended.index_dir)
    assert manifest.passages == manifest.lexical_passages == before + 2 and manifest.records == 8
    rebuilt = _copy(appended, tmp_path / "rebuilt")
    assert update_index(rebuilt, progress=False, rebuild=True)["path"] == "rebuild"
    assert _results(appended) == _results(rebuilt)
    top = Searcher.open(appended).search("opvang van alleenstaande minderjarige vreemdelingen", k=1)
    assert top[0].record.document_id == "899_new_tk"


@pytest.mark.parametrize("changes", [{"exact_max_passages": 3}, {"faiss_index_type": "ivf"}], ids=["hnsw", "ivf"])
def test_appending_to_an_approximate_index_extends_it_without_rebuilding(indexed, tmp_path, changes):
    ivf = _copy(indexed, tmp_path / "ivf", **changes)
    update_index(ivf, progress=False)  # FAISS becomes HNSW (the store is over the bound of 3) or IVF
    trained = read_manifest(ivf.index_dir).faiss
    document, records = _new_document()
    fill_store(ivf, [document], {document.id: records})
    summary = update_index(ivf, progress=False)
    assert summary["path"] == "append" and summary["embedded"] == 2
    manifest = read_manifest(ivf.index_dir)
    same = manifest.faiss.model_dump(exclude={"reason"}) == trained.model_dump(exclude={"reason"})
    assert same and manifest.faiss.trained_on < manifest.passages  # same lists and nprobe, more vectors
    hits = Searcher.open(ivf).search("Hoeveel terugkeerbesluiten zijn vorig jaar uitgevoerd?", k=1)
    assert "terugkeerbesluiten" in hits[0].record.text


def test_a_changed_reply_takes_the_rebuild_path_and_reuses_the_other_vectors(indexed, tmp_path):
    changed = _copy(indexed, tmp_path / "changed")
    searcher = Searcher.open(changed)
    record = next(r for r in searcher.records.values() if r.faction == "D66")
    document = searcher.documents[record.document_id]
    others = [r for r in searcher.records.values() if r.document_id == document.id and r.id != record.id]
    edited = record.model_copy(update={"text": "Het wetsvoorstel komt in het voorjaar naar de Kamer."})
    fill_store(changed, [document], {document.id: sorted([*others, edited], key=lambda r: r.ordinal)})
    summary = update_index(changed, progress=False)
    assert summary["path"] == "rebuild" and summary["embedded"] == 1 and summary["reused"] == summary["passages"] - 1


def test_a_new_embedder_setting_cannot_append_and_says_how_to_rebuild(indexed, tmp_path):
    other = _copy(indexed, tmp_path / "other", embedder="sentence-transformers", embedding_model="x")
    from core.errors import IndexMismatchError

    with pytest.raises(IndexMismatchError, match="antwoord ingest --rebuild"):
        update_index(other, progress=False)
