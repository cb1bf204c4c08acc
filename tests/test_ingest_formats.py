"""Word files (written here with python-docx) and folder ingests that report every file they do not ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from core.errors import IngestError
from core.models import RecordKind
from ingest.layout import parse_document
from ingest.loaders import load_source
from ingest.pipeline import ingest_paths
from ingest.store import RecordStore
from tests.conftest import CORPUS_DIR, corpus_file
from tests.test_ingest_kamervragen import FIXTURES, assert_spans_hold_their_text, parsed

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{_W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
    f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Brief van 4 maart 2025 over opvang.</w:t></w:r></w:p>'
    f"</w:footnote></w:footnotes>"
)


def write_kamervragen_docx(path: Path) -> Path:
    """Kamervragen answers as a ministry would save them: bold labels, an answer on the label's line, a footnote."""
    word = WordDocument()
    word.add_heading("Antwoorden op Kamervragen over opvang", level=1)
    word.add_paragraph("Vragen van het lid Jansen (SP) aan de Minister van Asiel en Migratie over opvang van kinderen "
                       "(ingezonden 3 maart 2025).")
    word.add_paragraph("Antwoord van Minister Faber (Asiel en Migratie) (ontvangen 25 maart 2025).")
    answers = [("Hoeveel kinderen verblijven in noodopvang?", "Op 1 maart 2025 verbleven ruim tweeduizend kinderen in noodopvang."),
               ("Wanneer verhuizen zij naar reguliere opvang?", "Zo snel mogelijk; het kabinet streeft naar de zomer.")]
    for number, (question, answer) in enumerate(answers, start=1):
        word.add_paragraph().add_run(f"Vraag {number}").bold = True
        word.add_paragraph(question)
        paragraph = word.add_paragraph()
        paragraph.add_run(f"Antwoord {number}:").bold = True
        paragraph.add_run(" " + answer)
        if number == 1:
            _footnote_reference(paragraph, 1)
    notes = Part(PackURI("/word/footnotes.xml"),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                 _FOOTNOTES.encode("utf-8"), word.part.package)
    word.part.relate_to(notes, RELATIONSHIP_TYPE.FOOTNOTES)
    word.save(path)
    return path


def _footnote_reference(paragraph, number: int) -> None:
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    paragraph.add_run()._r.append(reference)


def write_seed_as_docx(prefix: str, path: Path) -> Path:
    """A seed saved from Word: one paragraph per line of the text export."""
    word = WordDocument()
    for line in corpus_file(prefix).read_text(encoding="utf-8").split("\n"):
        word.add_paragraph(line.strip())
    word.save(path)
    return path


def test_word_kamervragen_with_bold_labels_and_a_footnote(tmp_path):
    source, document, records = parsed(write_kamervragen_docx(tmp_path / "antwoorden.docx"))
    assert (document.layout, str(document.date)) == ("kamervragen", "2025-03-25")
    assert [(r.question_numbers, r.question, r.text) for r in records] == [
        (["1"], "Hoeveel kinderen verblijven in noodopvang?", "Op 1 maart 2025 verbleven ruim tweeduizend kinderen in noodopvang."),
        (["2"], "Wanneer verhuizen zij naar reguliere opvang?", "Zo snel mogelijk; het kabinet streeft naar de zomer."),
    ]
    assert [(f.number, f.text) for f in records[0].footnotes] == [("1", "Brief van 4 maart 2025 over opvang.")]
    assert records[0].members == ["Jansen (SP)"] and records[0].faction == "SP"
    assert_spans_hold_their_text(source, records)


def test_seed_saved_as_word_gives_the_same_replies(tmp_path):
    from_word = parse_document(load_source(write_seed_as_docx("000", tmp_path / "verslag.docx")).text, "x")
    from_text = parse_document(corpus_file("000").read_text(encoding="utf-8"), "x")
    assert from_word.layout.name == "tk_antwoord" and len(from_word.records) == 54
    assert [(r.faction, r.question, r.text) for r in from_word.records] == [
        (r.faction, r.question, r.text) for r in from_text.records
    ]
    assert sum(bool(r.refers_to) for r in from_word.records) == sum(bool(r.refers_to) for r in from_text.records)


def test_a_damaged_word_file_is_one_clear_error(tmp_path):
    path = tmp_path / "kapot.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(IngestError) as caught:
        load_source(path)
    assert str(caught.value).startswith(f"{path}: not a readable Word file")


@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    """Seeds, fixtures and everything a real folder holds besides: other types, empties, hidden and lock files."""
    folder = tmp_path / "map"
    (folder / "2025").mkdir(parents=True)
    (folder / ".git").mkdir()
    shutil.copy(corpus_file("003"), folder / corpus_file("003").name)
    shutil.copy(FIXTURES / "kamervragen.txt", folder / "antwoorden.txt")
    write_kamervragen_docx(folder / "antwoorden.docx")  # same name, other extension
    shutil.copy(FIXTURES / "kamervragen_brief.txt", folder / "2025" / "antwoorden.txt")  # same name, other folder
    (folder / "begroting.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "leeg.txt").write_bytes(b"")
    (folder / ".notities.txt").write_text("privé", encoding="utf-8")
    (folder / "~$antwoorden.docx").write_bytes(b"lock")
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    (folder / "notulen.md").write_text("Notulen\n\nAanwezig waren tien leden.\n", encoding="utf-8")
    return folder


def test_folder_ingest_reports_every_file(mixed_folder, settings):
    report = ingest_paths([mixed_folder], settings, progress=False)
    assert report.errors == []
    assert sorted(report.document_ids) == sorted([
        "kst-32317-QC", "antwoorden", "ah-tk-20242025-1234", "2025/antwoorden", "notulen",
    ])
    assert [(s.path[len(str(mixed_folder)) + 1:], s.reason.split(" (")[0]) for s in report.skipped] == [
        (".notities.txt", "hidden file"),
        ("begroting.xlsx", "unsupported file type '.xlsx'"),
        ("leeg.txt", "empty file"),
        ("~$antwoorden.docx", "Word lock file"),
        (".git/", "hidden folder"),
    ]
    layouts = {s.id: (s.layout, s.records_per_kind) for s in report.per_document}
    assert layouts["antwoorden"] == ("kamervragen", {"reply": 2})  # the .docx, first in path order
    assert layouts["ah-tk-20242025-1234"] == ("kamervragen", {"reply": 6})  # the .txt states its number
    assert layouts["2025/antwoorden"] == ("kamervragen", {"reply": 3})
    assert layouts["notulen"] == ("fallback", {"paragraph": 2})
    assert [s.id for s in report.fell_back] == ["notulen"]


def test_folder_ids_are_stable_and_named_by_number_or_path(settings):
    first = ingest_paths([CORPUS_DIR], settings, progress=False)
    assert sorted(first.document_ids) == sorted(
        [p.stem for p in CORPUS_DIR.glob("00[012]*.txt")] + ["kst-32317-974", "kst-32317-QC"])
    counts = {Path(d.source_path).name[:3]: sum(r.kind == RecordKind.REPLY for r in RecordStore(settings.store_path).records(d.id))
              for d in RecordStore(settings.store_path).documents()}
    assert counts == {"000": 54, "001": 71, "002": 0, "003": 5, "004": 23}
    again = ingest_paths([CORPUS_DIR], settings, progress=False)
    assert (again.documents, again.unchanged, [s.status for s in again.per_document]) == (0, 5, ["unchanged"] * 5)
