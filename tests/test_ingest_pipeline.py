"""The ingest pipeline on the real seeds: counts, metadata, idempotence, replacement and failure isolation."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from core.models import DocumentKind, Record, RecordKind
from core.settings import Settings
from ingest.metadata import describe
from ingest.layout import unique_ids
from ingest.pipeline import ingest_paths
from ingest.store import RecordStore
from tests.conftest import CORPUS_DIR, corpus_file


@pytest.fixture
def two_seeds(tmp_path):
    """A folder holding copies of the letter (002) and the Eerste Kamer report (003)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for prefix in ("002", "003"):
        shutil.copy(corpus_file(prefix), folder / corpus_file(prefix).name)
    return folder


def _rows(store: RecordStore) -> list[str]:
    return [record.model_dump_json() for record in store.records()]


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corpus_is_ingested_with_ids_from_numbers_else_file_stems(settings):
    report = ingest_paths([CORPUS_DIR], settings, progress=False)
    assert report.errors == []
    assert (report.files, report.documents, report.unchanged) == (5, 5, 0)
    store = RecordStore(settings.store_path)
    # 003 and 004 state their own kamerstuk; 001 only its dossier, 000 and 002 none.
    assert [d.id for d in store.documents()] == [
        "000_a253e434b74c966f", "001_a78a1790f4a1f88b", "002_4df700ba5a49d8e6", "kst-32317-974", "kst-32317-QC",
    ]
    assert report.records == len(store.records())
    assert [(Path(d.source_path).name[:3], d.layout, d.warnings) for d in store.documents()] == [
        ("000", "tk_antwoord", []), ("001", "tk_antwoord", []), ("002", "letter", []), ("004", "tk_antwoord", []),
        ("003", "ek_brief", []),
    ]
    letter = store.records("002_4df700ba5a49d8e6")
    assert [r.kind for r in letter] == [RecordKind.LETTER_SECTION] * 7
    replies = store.records("kst-32317-QC")
    assert [(r.kind, r.faction) for r in replies] == [(RecordKind.REPLY, "JA21")] * 5


def test_document_metadata(settings):
    ingest_paths([corpus_file("002"), corpus_file("003"), corpus_file("004")], settings, progress=False)
    store = RecordStore(settings.store_path)
    letter = store.document("002_4df700ba5a49d8e6")
    assert (letter.kind, letter.layout, letter.date) == (DocumentKind.LETTER, "letter", date(2024, 5, 16))
    assert letter.sender == "Staatssecretaris van Justitie en Veiligheid (E. van der Burg)"
    assert letter.title == "Brief van de Staatssecretaris van Justitie en Veiligheid (16 mei 2024)"
    # The letter states no number of its own; the ones in its footnotes are only mentioned.
    assert letter.kamerstukken == []
    assert letter.refers_to_kamerstukken[:2] == ["32317 nr. 872", "32317 nr. 863"]
    eerste = store.document("kst-32317-QC")
    assert (eerste.kind, eerste.date, eerste.kamerstukken[0]) == (DocumentKind.SO_EERSTE_KAMER, date(2026, 5, 6), "32317 QC")
    assert eerste.committee == "vaste commissies voor Immigratie & Asiel / JBZ-raad en voor Justitie en Veiligheid"
    assert eerste.sender == "Minister van Asiel en Migratie (Bart van den Brink)"
    assert eerste.source_path == str(corpus_file("003"))
    assert eerste.source_sha256 == _digest(corpus_file("003"))
    assert eerste.title == ("Verslag van een schriftelijk overleg (Eerste Kamer) over verslag van de formele JBZ-Raad "
                            "van 13 en 14 oktober 2025 (32317 QC, 6 mei 2026)")


def test_document_kinds_carry_the_names_of_the_issue(settings):
    ingest_paths([CORPUS_DIR], settings, progress=False)
    kinds = {Path(d.source_path).name[:3]: d.kind.value for d in RecordStore(settings.store_path).documents()}
    assert kinds == {"000": "so_tweede_kamer", "001": "so_tweede_kamer", "002": "letter", "003": "so_eerste_kamer",
                     "004": "so_tweede_kamer"}


@pytest.mark.parametrize("former, kind", [
    ("schriftelijk_overleg_tk", DocumentKind.SO_TWEEDE_KAMER),
    ("schriftelijk_overleg_ek", DocumentKind.SO_EERSTE_KAMER),
])
def test_a_store_written_with_the_former_kind_names_reads_as_today(settings, two_seeds, former, kind):
    ingest_paths([two_seeds], settings, progress=False)
    store = RecordStore(settings.store_path)
    document = store.document("kst-32317-QC")
    stored = document.model_dump_json().replace('"kind":"so_eerste_kamer"', f'"kind":"{former}"')
    assert f'"kind":"{former}"' in stored
    rows = [(r.id, r.document_id, r.ordinal, r.model_dump_json()) for r in store.records(document.id)]
    store.replace_serialised(document.id, document.source_sha256, stored, rows, store.source_text(document.id))
    assert store.document(document.id).kind is kind
    assert DocumentKind(former) is kind
    with pytest.raises(ValueError):
        DocumentKind("schriftelijk_overleg")


def test_tweede_kamer_metadata():
    tweede = describe(corpus_file("004").read_text(encoding="utf-8"), DocumentKind.SO_TWEEDE_KAMER)
    assert (tweede.date, tweede.kamerstukken) == (date(2025, 10, 8), ["32317 nr. 974"])
    assert tweede.refers_to_kamerstukken[:2] == ["32317 nr. 967", "32317 nr. 969"]
    assert tweede.committee == "vaste commissie voor Asiel en Migratie"
    assert tweede.sender == "Minister van Asiel en Migratie"
    assert tweede.title.startswith("Verslag van een schriftelijk overleg (Tweede Kamer) over antwoorden op vragen")
    assert tweede.title.endswith(" … (32317 nr. 974, 8 oktober 2025)")
    assert tweede.date_estimated is False
    undated = describe(corpus_file("000").read_text(encoding="utf-8"), DocumentKind.SO_TWEEDE_KAMER)
    # "over de geannoteerde agenda (Kamerstuk 32317, nr. 932)" is the agenda discussed, not this report's number.
    assert (undated.kamerstukken, undated.refers_to_kamerstukken[:3]) == (
        [], ["32317 nr. 932", "32317 nr. 931", "32317 nr. 929"])
    # No stated date: the latest meeting its opening names ("6-7 maart 2025") stands in, flagged as an estimate,
    # and the title keeps only what the document states.
    assert (undated.date, undated.date_estimated) == (date(2025, 3, 7), True)
    assert undated.title == "Verslag van een schriftelijk overleg (Tweede Kamer) over geannoteerde Agenda informele JBZ-Raad 6-7 maart 2025"
    later = describe(corpus_file("001").read_text(encoding="utf-8"), DocumentKind.SO_TWEEDE_KAMER)
    assert later.kamerstukken == ["32317"] and "32317 nr. 978" in later.refers_to_kamerstukken
    # Its opening names the JBZ-Raad of "8-9 december 2025"; dates later in the replies (deadlines in 2026) do not count.
    assert (later.date, later.date_estimated) == (date(2025, 12, 9), True)


def test_unchanged_files_change_nothing(two_seeds, settings):
    first = ingest_paths([two_seeds], settings, progress=False)
    rows, db_digest = _rows(RecordStore(settings.store_path)), _digest(settings.store_path)
    again = ingest_paths([two_seeds], settings, progress=False)
    assert (again.documents, again.unchanged, again.records, again.errors) == (0, 2, 0, [])
    assert _rows(RecordStore(settings.store_path)) == rows
    assert _digest(settings.store_path) == db_digest, "an unchanged file must not rewrite the store"
    assert first.records == 12


def test_force_reparses_and_gives_the_same_ids(two_seeds, settings):
    ingest_paths([two_seeds], settings, progress=False)
    rows = _rows(RecordStore(settings.store_path))
    forced = ingest_paths([two_seeds], settings, progress=False, force=True)
    assert (forced.documents, forced.unchanged) == (2, 0)
    assert _rows(RecordStore(settings.store_path)) == rows


def test_changed_file_replaces_only_its_own_records(two_seeds, settings):
    ingest_paths([two_seeds], settings, progress=False)
    store = RecordStore(settings.store_path)
    letter_before = _rows_of(store, "002_4df700ba5a49d8e6")
    replies_before = store.records("kst-32317-QC")
    path = two_seeds / corpus_file("003").name
    path.write_text(path.read_text(encoding="utf-8").replace("Het kabinet hanteert een breed", "Het kabinet kent een breed"),
                    encoding="utf-8")
    report = ingest_paths([two_seeds], settings, progress=False)
    assert (report.documents, report.unchanged, report.records) == (1, 1, 5)
    assert _rows_of(store, "002_4df700ba5a49d8e6") == letter_before
    replies_after = store.records("kst-32317-QC")
    assert replies_after[0].text.startswith("Het kabinet kent een breed")
    assert replies_after[0].id != replies_before[0].id
    assert [r.id for r in replies_after[1:]] == [r.id for r in replies_before[1:]]
    assert store.record(replies_before[0].id) is None


def _rows_of(store: RecordStore, document_id: str) -> list[str]:
    return [record.model_dump_json() for record in store.records(document_id)]


def test_a_file_that_now_fails_keeps_what_was_ingested(two_seeds, settings):
    ingest_paths([two_seeds], settings, progress=False)
    rows = _rows(RecordStore(settings.store_path))
    (two_seeds / corpus_file("003").name).write_bytes(b"\xff\xfe broken \x00")
    report = ingest_paths([two_seeds], settings, progress=False)
    assert report.failed == 1 and "binary file" in report.errors[0]
    assert report.unchanged == 1
    assert _rows(RecordStore(settings.store_path)) == rows


def test_same_stem_in_two_folders_gets_two_ids(tmp_path, settings):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(corpus_file("001"), tmp_path / "a" / "doc.txt")  # states its dossier only: named by its path
    shutil.copy(corpus_file("002"), tmp_path / "b" / "doc.txt")
    report = ingest_paths([tmp_path / "a", tmp_path / "b"], settings, progress=False)
    assert (report.documents, report.errors) == (2, [])
    assert report.document_ids == ["doc", "b/doc"]
    again = ingest_paths([tmp_path / "a", tmp_path / "b"], settings, progress=False)
    assert (again.documents, again.unchanged) == (0, 2), "the ids are stable across runs"
    alone = ingest_paths([tmp_path / "b" / "doc.txt"], settings, progress=False)
    assert [s.id for s in alone.per_document] == ["b/doc"] and alone.unchanged == 1


def test_ingest_is_deterministic_across_homes(two_seeds, tmp_path):
    exports = []
    for name in ("one", "two"):
        settings = Settings(home=tmp_path / name)
        ingest_paths([two_seeds], settings, progress=False)
        exports.append(_rows(RecordStore(settings.store_path)))
    assert exports[0] == exports[1]


def test_hidden_folders_are_skipped(two_seeds, settings):
    hidden = two_seeds / ".antwoord"
    hidden.mkdir()
    (hidden / "notes.txt").write_text("intern", encoding="utf-8")
    report = ingest_paths([two_seeds], settings, progress=False)
    assert report.files == 2
    assert [(s.path, s.reason) for s in report.skipped] == [(f"{hidden}/", "hidden folder (1 file(s))")]


def test_unique_ids_number_repeated_records():
    def record(text):
        return Record(id=f"d:{hash(text) % 1000}", document_id="d", kind=RecordKind.PARAGRAPH, ordinal=9, text=text,
                      char_start=0, char_end=1, line_start=1, line_end=1)

    records = unique_ids([record("a"), record("b"), record("a"), record("a")])
    assert [r.id.rsplit("-", 1)[-1] if "-" in r.id else "" for r in records] == ["", "", "2", "3"]
    assert [r.ordinal for r in records] == [0, 1, 2, 3]


def test_a_newer_parser_rereads_unchanged_files(two_seeds, settings):
    ingest_paths([two_seeds], settings, progress=False)
    store = RecordStore(settings.store_path)
    letter = store.document("002_4df700ba5a49d8e6")
    # As stored by an older version: same file, but read by parsers that knew fewer layouts.
    store.replace_document(letter.model_copy(update={"parser_version": "1"}), store.records(letter.id),
                           store.source_text(letter.id))
    report = ingest_paths([two_seeds], settings, progress=False)
    assert (report.documents, report.unchanged, report.document_ids) == (1, 1, ["002_4df700ba5a49d8e6"])
    assert store.document("002_4df700ba5a49d8e6").parser_version == "2"
