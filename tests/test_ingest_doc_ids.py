"""Document ids after the number a document states (kst-…, ah-…), else its path: stable, never colliding."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from docx import Document as WordDocument

from core.models import Record, RecordKind, moved_to_document
from core.settings import Settings
from ingest.doc_ids import kamerstuk_id
from ingest.pipeline import build_document, ingest_paths
from ingest.store import RecordStore
from tests.conftest import CORPUS_DIR, corpus_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REPORT = FIXTURES / "verslag_reactie_kabinet.txt"  # states "32 317 … Nr. 990"


@pytest.mark.parametrize("own, expected", [
    ("32317 nr. 974", "kst-32317-974"),
    ("32317 QC", "kst-32317-QC"),
    ("36600 VI nr. 2", "kst-36600-VI-2"),
    ("21501-20 nr. 2179", "kst-21501-20-2179"),
    ("36600 VI A", "kst-36600-VI-A"),
    ("32317", None),  # a dossier holds many documents
    ("36600 VI", None),  # a budget chapter without a number
])
def test_kamerstuk_ids_follow_the_official_publication_identifiers(own, expected):
    assert kamerstuk_id(own) == expected


@pytest.fixture
def folder(tmp_path) -> Path:
    """An empty folder to ingest (beside the test's ANTWOORD_HOME, not holding it)."""
    path = tmp_path / "map"
    path.mkdir()
    return path


def _ids(settings: Settings) -> dict[str, str]:
    """Source file name → document id, from the store."""
    return {Path(d.source_path).name: d.id for d in RecordStore(settings.store_path).documents()}


def test_seeds_stating_their_number_are_named_after_it(settings):
    report = ingest_paths([CORPUS_DIR], settings, progress=False)
    assert report.errors == []
    assert {name[:3]: document_id for name, document_id in _ids(settings).items()} == {
        "000": "000_a253e434b74c966f", "001": "001_a78a1790f4a1f88b",  # 001 states only its dossier, 32317
        "002": "002_4df700ba5a49d8e6", "003": "kst-32317-QC", "004": "kst-32317-974",
    }
    records = RecordStore(settings.store_path).records("kst-32317-974")
    assert len(records) == 23 and all(r.id.startswith("kst-32317-974:") for r in records)


def test_kamervragen_are_named_after_their_aanhangsel_number_from_text_or_page_head(folder, settings):
    shutil.copy(FIXTURES / "kamervragen.txt", folder / "vragen.txt")
    shutil.copy(FIXTURES / "kamervragen_officieel.html", folder / "nareis.html")  # the number only in the head
    shutil.copy(FIXTURES / "kamervragen_brief.txt", folder / "brief.txt")  # states none
    report = ingest_paths([folder], settings, progress=False)
    assert report.errors == []
    assert _ids(settings) == {"brief.txt": "brief", "nareis.html": "ah-tk-20242025-2345",
                              "vragen.txt": "ah-tk-20242025-1234"}


def _write_as_docx(text: str, path: Path) -> Path:
    """The text as a Word file, a paragraph per line with text (as a ministry saves its answers)."""
    word = WordDocument()
    for line in text.split("\n"):
        if line.strip():
            word.add_paragraph(line)
    word.save(path)
    return path


def test_the_same_answers_as_txt_and_docx_get_two_ids_and_both_are_listed(folder, settings):
    shutil.copy(FIXTURES / "kamervragen.txt", folder / "antwoorden.txt")
    _write_as_docx((FIXTURES / "kamervragen.txt").read_text(encoding="utf-8"), folder / "antwoorden.docx")
    report = ingest_paths([folder], settings, progress=False)
    assert (report.errors, report.documents) == ([], 2)
    # The first in path order takes the number; the other falls back to its path id (with extension: same stem).
    assert [(Path(s.path).name, s.id, s.layout) for s in report.per_document] == [
        ("antwoorden.docx", "ah-tk-20242025-1234", "kamervragen"), ("antwoorden.txt", "antwoorden.txt", "kamervragen"),
    ]
    store = RecordStore(settings.store_path)
    assert all(r.id.startswith("antwoorden.txt:") for r in store.records("antwoorden.txt"))
    again = ingest_paths([folder], settings, progress=False)
    assert (again.documents, again.unchanged, [s.id for s in again.per_document]) == (
        0, 2, ["ah-tk-20242025-1234", "antwoorden.txt"])


def test_two_different_files_stating_one_number_and_a_number_already_stored(tmp_path, settings):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    text = REPORT.read_text(encoding="utf-8")
    (tmp_path / "a" / "verslag.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "verslag_gecorrigeerd.txt").write_text(text.replace("drie keer", "vier keer"), encoding="utf-8")
    first = ingest_paths([tmp_path / "a"], settings, progress=False)
    assert (first.errors, first.document_ids) == ([], ["kst-32317-990", "verslag_gecorrigeerd"])
    # Another run, another folder: the number is stored for a file that still exists, so the path id is used.
    (tmp_path / "b" / "kopie.txt").write_text(text.replace("drie keer", "twee keer"), encoding="utf-8")
    later = ingest_paths([tmp_path / "b"], settings, progress=False)
    assert (later.errors, later.document_ids) == ([], ["kopie"])
    assert len(RecordStore(settings.store_path).documents()) == 3


def test_a_store_made_with_path_ids_keeps_its_ids(tmp_path, settings):
    """Documents stored before number ids (003 and 004 under their file stems) keep them: no duplicates."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    store = RecordStore(settings.store_path)
    for prefix in ("002", "003", "004"):
        path = Path(shutil.copy(corpus_file(prefix), folder / corpus_file(prefix).name))
        text = path.read_text(encoding="utf-8")
        document, records = build_document(path, path.stem, text, hashlib.sha256(path.read_bytes()).hexdigest())
        store.replace_document(document, records, text)
    before = sorted(d.id for d in store.documents())
    assert before == sorted(p.stem for p in folder.iterdir())
    unchanged = ingest_paths([folder], settings, progress=False)
    assert (unchanged.errors, unchanged.documents, unchanged.unchanged) == ([], 0, 3)
    forced = ingest_paths([folder], settings, progress=False, force=True)
    assert (forced.errors, sorted(forced.document_ids)) == ([], before)
    assert sorted(d.id for d in store.documents()) == before


def test_a_moved_file_keeps_its_number_id(tmp_path, settings):
    (tmp_path / "oud").mkdir()
    shutil.copy(REPORT, tmp_path / "oud" / "verslag.txt")
    ingest_paths([tmp_path / "oud"], settings, progress=False)
    (tmp_path / "nieuw").mkdir()
    (tmp_path / "oud" / "verslag.txt").rename(tmp_path / "nieuw" / "jbz_verslag.txt")
    report = ingest_paths([tmp_path / "nieuw"], settings, progress=False)
    assert (report.errors, report.document_ids) == ([], ["kst-32317-990"])
    [document] = RecordStore(settings.store_path).documents()
    assert document.source_path == str(tmp_path / "nieuw" / "jbz_verslag.txt")


def test_a_number_only_mentioned_in_the_opening_is_not_the_id(folder, settings):
    # The header read guesses the Aanhangsel number; the parsed document (notes, no layout) states none of its own.
    (folder / "notulen.txt").write_text(
        "Notulen\n\nBesproken werd Aanhangsel Handelingen II 2024-2025, nr. 77.\n\nAanwezig waren tien leden.\n",
        encoding="utf-8")
    report = ingest_paths([folder], settings, progress=False)
    assert (report.errors, report.document_ids) == ([], ["notulen"])
    assert all(r.id.startswith("notulen:") for r in RecordStore(settings.store_path).records("notulen"))


def test_ids_do_not_depend_on_the_number_of_workers(tmp_path):
    folder = tmp_path / "map"
    (folder / "sub").mkdir(parents=True)
    for prefix in ("001", "003", "004"):
        shutil.copy(corpus_file(prefix), folder / corpus_file(prefix).name)
    shutil.copy(corpus_file("004"), folder / "sub" / "verslag_974.txt")  # the same number again
    shutil.copy(FIXTURES / "kamervragen.txt", folder / "sub" / "antwoorden.txt")
    _write_as_docx((FIXTURES / "kamervragen.txt").read_text(encoding="utf-8"), folder / "sub" / "antwoorden.docx")
    shutil.copy(REPORT, folder / "sub" / "verslag.txt")
    runs = []
    for workers in (1, 2):
        settings = Settings(home=tmp_path / f"home{workers}")
        report = ingest_paths([folder], settings, progress=False, workers=workers)
        assert report.errors == []
        store = RecordStore(settings.store_path)
        runs.append((report.document_ids, [r.model_dump_json() for r in store.records()]))
    assert runs[0] == runs[1]
    assert runs[0][0] == ["001_a78a1790f4a1f88b", "kst-32317-QC", "kst-32317-974", "ah-tk-20242025-1234",
                          "sub/antwoorden.txt", "kst-32317-990", "sub/verslag_974"]


@pytest.mark.parametrize("source", [
    corpus_file("004"), FIXTURES / "kamervragen.txt", FIXTURES / "lijst_vragen_antwoorden.txt",
])
def test_a_number_id_changes_the_ids_and_nothing_else(source):
    """Metadata is read before the records are made: one parse, the same records as under the path id."""
    text = source.read_text(encoding="utf-8")
    by_path, path_records = build_document(source, "pad", text, "-")
    numbered, records = build_document(source, "pad", text, "-", numbered=True)
    assert numbered.id != "pad" and numbered.model_copy(update={"id": "pad"}) == by_path
    renamed = [r.model_dump_json().replace('"pad:', f'"{numbered.id}:').replace('"pad"', f'"{numbered.id}"')
               for r in path_records]
    assert renamed == [r.model_dump_json() for r in records]


@pytest.mark.parametrize("source", [corpus_file("004"), corpus_file("003"), REPORT])
def test_a_file_whose_number_is_taken_is_stored_as_if_parsed_under_its_path_id(folder, settings, source):
    """The second file stating a number is renamed, not parsed again: the same document and records as a parse."""
    shutil.copy(source, folder / "a.txt")
    shutil.copy(source, folder / "b.txt")
    report = ingest_paths([folder], settings, progress=False)
    assert report.errors == [] and report.document_ids[1] == "b"
    store = RecordStore(settings.store_path)
    document, records = build_document(folder / "b.txt", "b", source.read_text(encoding="utf-8"),
                                       store.document("b").source_sha256)
    assert store.document("b") == document
    assert [r.model_dump_json() for r in store.records("b")] == [r.model_dump_json() for r in records]
    assert [s.model_dump() for s in report.per_document][1]["id"] == "b"


def test_a_renamed_record_keeps_its_hash_and_moves_its_links_within_the_document():
    record = Record(id="kst-1-2:abc-2", document_id="kst-1-2", kind=RecordKind.REPLY, ordinal=3, text="t",
                    refers_to=["kst-1-2:def", "other:xyz"], duplicates_of=["kst-1-2:ghi"],
                    char_start=0, char_end=1, line_start=1, line_end=1)
    moved = moved_to_document(record, "map/b")
    assert (moved.id, moved.document_id, moved.refers_to, moved.duplicates_of) == (
        "map/b:abc-2", "map/b", ["map/b:def", "other:xyz"], ["map/b:ghi"])


def test_a_recognised_layout_without_records_is_named_by_what_its_paragraphs_state(tmp_path):
    """Kamervragen whose only answer is empty: stored as paragraphs, whose metadata reads no Aanhangsel number, so
    the document keeps its path id; its paragraphs are the ones a parse under the path id makes."""
    text = ("Aanhangsel Handelingen II 2024-2025, nr. 1234\n\nVragen van het lid Jansen (VVD) aan de Minister van "
            "Asiel en Migratie\n\nVraag 1\nKlopt het bericht over de terugkeerlocatie?\n\nAntwoord 1\n")
    path = tmp_path / "leeg.txt"
    numbered, records = build_document(path, "leeg", text, "-", numbered=True)
    by_path, path_records = build_document(path, "leeg", text, "-")
    assert numbered.layout == "fallback" and numbered.warnings[0].startswith("layout 'kamervragen' recognised")
    assert numbered == by_path and numbered.id == "leeg"
    assert [r.model_dump_json() for r in records] == [r.model_dump_json() for r in path_records]
