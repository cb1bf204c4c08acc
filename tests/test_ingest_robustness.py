"""Unknown layouts, bad files, PDF and HTML sources: each file is parsed or reported, the batch goes on."""

from __future__ import annotations

import html

import pytest

from core.errors import IngestError
from core.models import DocumentKind, RecordKind
from ingest.layout import parse_document
from ingest.loaders import load_source
from ingest.pipeline import ingest_paths
from ingest.store import RecordStore
from tests.conftest import corpus_file

UNKNOWN_LAYOUT = "Notulen van de vergadering\n\nAanwezig waren tien leden.\n\nDe vergadering werd om tien uur gesloten.\n"


def make_pdf(lines: list[str], lines_per_page: int = 60) -> bytes:
    """A minimal PDF whose text layer holds the given lines (Helvetica, WinAnsi); blank lines leave a gap."""
    pages = [lines[i: i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    pages_number = 2 + 2 * len(pages)
    kids = []
    for page in pages:
        shown = [b"(" + _pdf_string(line) + b") Tj T*" for line in page]
        stream = b"\n".join([b"BT /F1 10 Tf 12 TL 50 800 Td", *shown, b"ET"])
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 1 0 R >> >> >>" % (pages_number, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_number)
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, len(objects), xref)
    return bytes(out)


def _pdf_string(line: str) -> bytes:
    return line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def as_html(text: str) -> str:
    """The text as an HTML page: one <p> per paragraph, <br> between its lines."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "\n".join("<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs)
    return f"<!DOCTYPE html><html><head><title>t</title><style>p {{margin: 0}}</style></head><body>{body}</body></html>"


def _summary(records):
    return [(r.kind, r.heading, r.faction, r.question, r.text, [f.model_dump() for f in r.footnotes]) for r in records]


def test_unknown_layout_falls_back_to_paragraphs_with_a_warning(tmp_path, settings):
    path = tmp_path / "notulen.txt"
    path.write_text(UNKNOWN_LAYOUT, encoding="utf-8")
    report = ingest_paths([path], settings, progress=False)
    store = RecordStore(settings.store_path)
    document = store.document("notulen")
    assert (document.layout, document.kind) == ("fallback", DocumentKind.UNKNOWN)
    assert document.title == "Notulen van de vergadering"
    assert document.warnings and "layout not recognised" in document.warnings[0]
    assert report.warnings == [f"{path}: {document.warnings[0]}"]
    records = store.records("notulen")
    assert [r.kind for r in records] == [RecordKind.PARAGRAPH] * 3
    assert [r.text for r in records] == [
        "Notulen van de vergadering", "Aanwezig waren tien leden.", "De vergadering werd om tien uur gesloten.",
    ]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.md", b"  \n\n", "file is empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary file"),
        ("latin1.txt", "Brief van de minister over asielzoekers en hun ‘go and see’-regeling".encode("cp1252"),
         "not UTF-8 text"),
        ("scan.pdf", make_pdf([]), "PDF has no text layer"),
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "not a readable PDF"),
        ("report.docx", b"PK\x03\x04", "not a readable Word file"),
        ("sheet.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
    ],
)
def test_bad_file_gives_a_clear_error(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        load_source(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, settings):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "c_latin1.txt").write_bytes("café".encode("latin-1"))
    (folder / "d_good.txt").write_text(corpus_file("003").read_text(encoding="utf-8"), encoding="utf-8")
    report = ingest_paths([folder, tmp_path / "missing.txt"], settings, progress=False)
    assert (report.files, report.documents, report.failed) == (3, 1, 3)
    assert [error.split(": ")[0] for error in report.errors] == [
        str(tmp_path / "missing.txt"), str(folder / "b_binary.txt"), str(folder / "c_latin1.txt"),
    ]
    assert "not UTF-8 text (invalid byte 0xe9 at offset 3)" in report.errors[2]
    assert [(s.path, s.reason) for s in report.skipped] == [(str(folder / "a_empty.txt"), "empty file")]
    store = RecordStore(settings.store_path)
    assert [d.id for d in store.documents()] == ["kst-32317-QC"]  # the report states its number
    assert len(store.records("kst-32317-QC")) == 5


def test_utf8_bom_and_crlf_are_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffEerste regel\r\n\r\nTweede regel\r\n".encode("utf-8"))
    assert load_source(path).text == "Eerste regel\n\nTweede regel\n"


def test_pdf_with_text_layer_goes_through_the_same_parser(tmp_path):
    text = corpus_file("002").read_text(encoding="utf-8")
    path = tmp_path / "letter.pdf"
    path.write_bytes(make_pdf(text.split("\n")))
    loaded = load_source(path)
    from_pdf, from_txt = parse_document(loaded.text, "x"), parse_document(text, "x")
    assert (from_pdf.layout.name, from_txt.layout.name) == ("letter", "letter")
    assert len(from_pdf.records) == 7
    assert _summary(from_pdf.records) == _summary(from_txt.records)


def test_html_goes_through_the_same_parser(tmp_path):
    text = corpus_file("003").read_text(encoding="utf-8")
    path = tmp_path / "verslag.html"
    path.write_text(as_html(text), encoding="utf-8")
    loaded = load_source(path)
    assert "<p>" not in loaded.text and "p {margin" not in loaded.text
    from_html, from_txt = parse_document(loaded.text, "x"), parse_document(text, "x")
    assert (from_html.layout.name, from_txt.layout.name) == ("ek_brief", "ek_brief")
    assert len(from_html.records) == 5
    assert _summary(from_html.records) == _summary(from_txt.records)


def test_pdf_and_html_are_ingested_with_offsets_into_their_extracted_text(tmp_path, settings):
    (tmp_path / "letter.pdf").write_bytes(make_pdf(corpus_file("002").read_text(encoding="utf-8").split("\n")))
    (tmp_path / "verslag.htm").write_text(as_html(corpus_file("003").read_text(encoding="utf-8")), encoding="utf-8")
    report = ingest_paths([tmp_path], settings, progress=False)
    assert (report.documents, report.records, report.errors) == (2, 12, [])
    store = RecordStore(settings.store_path)
    for document_id in ("letter", "kst-32317-QC"):  # the report (verslag.htm) states its number
        source = store.source_text(document_id)
        for record in store.records(document_id):
            assert source[record.char_start: record.char_end].startswith(record.text.split()[0])


def test_html_sup_footnote_markers_become_footnotes(tmp_path):
    text = corpus_file("003").read_text(encoding="utf-8")
    marked = as_html(text).replace("met derde landen.⁸", "met derde landen.<sup>8</sup>").replace(
        "<p>⁸ Kamerstukken", "<p><sup>8</sup> Kamerstukken")
    assert "<sup>8</sup> Kamerstukken" in marked and "landen.<sup>8</sup>" in marked
    path = tmp_path / "verslag.html"
    path.write_text(marked, encoding="utf-8")
    reply = parse_document(load_source(path).text, "x").records[4]
    assert [(f.number, f.text) for f in reply.footnotes] == [("8", "Kamerstukken II, 2025-2026, nr. 32 317.")]
    assert "Kamerstukken II" not in reply.text


def test_letter_with_superscript_footnotes():
    text = corpus_file("002").read_text(encoding="utf-8")
    text = text.replace("geïnformeerd.1 De brief", "geïnformeerd.¹ De brief").replace("\n1 Onder andere", "\n¹ Onder andere")
    sections = parse_document(text, "x").records
    assert [f.number for f in sections[1].footnotes] == ["1", "2", "3"]
    assert "geïnformeerd. De brief" in sections[1].text and "Onder andere" not in sections[2].text
