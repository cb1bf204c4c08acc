"""Read a source file into text: plain text, PDF (text layer), HTML or Word; every failure is an IngestError."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import NamedTuple

from core.errors import IngestError
from ingest import formats

TEXT_SUFFIXES = frozenset({".txt", ".md"})
PDF_SUFFIXES = frozenset({".pdf"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
WORD_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES | WORD_SUFFIXES

# Elements that start a paragraph (blank line around them) or a line (line break around them).
_PARAGRAPH_TAGS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "section",
                   "article", "header", "footer", "aside", "figure", "hr"]
_LINE_TAGS = ["li", "tr", "div", "dt", "dd", "caption"]
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")  # whole blank lines only: indentation after them stays
_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_INNER_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")


class LoadedSource(NamedTuple):
    """The text the parsers read (and record offsets point into) and the SHA-256 of the file's bytes."""

    text: str
    sha256: str
    meta: dict = {}  # metadata the file states outside its text (official HTML head: identifier, dates)
    utf8: bytes | None = None  # text.encode("utf-8") when the file's bytes are just that (UTF-8 text, no BOM or CR)

    def text_utf8(self) -> bytes:
        """The text as UTF-8 (what the store keeps): the file's own bytes when they are that, else encoded."""
        return self.utf8 if self.utf8 is not None else self.text.encode("utf-8")


def load_source(path: Path) -> LoadedSource:
    """Read a .txt/.md, .pdf or .html/.htm file into text; raise IngestError naming the file and problem."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise IngestError(str(path), f"unsupported file type '{suffix or '(none)'}' (supported: {supported})")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(str(path), f"cannot read the file ({error.strerror or error})") from error
    if not data.strip():
        raise IngestError(str(path), "file is empty")
    meta: dict = {}
    if suffix in PDF_SUFFIXES:
        text = _pdf_text(path, data)
    elif suffix in HTML_SUFFIXES:
        text, meta = _html_text(path, data)
    elif suffix in WORD_SUFFIXES:
        text = formats.docx_text(path, data)
    else:
        text = _plain_text(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(str(path), "file holds no text")
    # A plain UTF-8 file without BOM or CR decodes to text whose encoding is its own bytes: no need to encode it.
    utf8 = data if suffix in TEXT_SUFFIXES and b"\r" not in data and not data.startswith(b"\xef\xbb\xbf") else None
    return LoadedSource(text, hashlib.sha256(data).hexdigest(), meta, utf8)


def _plain_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 text (a BOM is dropped); binary or other encodings are refused."""
    if b"\x00" in data:
        raise IngestError(str(path), "binary file (contains NUL bytes), not text; give a .txt, .md, .pdf, .html or .docx file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(
            str(path), f"not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start}); "
            "convert the file to UTF-8"
        ) from error


def _pdf_text(path: Path, data: bytes) -> str:
    """Text layer of a PDF, pages joined by a line break; a PDF without text is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [_page_text(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise IngestError(str(path), f"not a readable PDF ({error})") from error
    text = _BLANK_RUNS.sub("\n\n", "\n".join(page.strip("\n") for page in pages if page.strip()))
    if not text.strip():
        raise IngestError(str(path), "PDF has no text layer (a scan?); run OCR on it first")
    return text


def _page_text(page) -> str:
    """One page's text in layout mode: vertical gaps stay blank lines, which the parsers read as paragraph breaks."""
    try:
        text = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is newer and stricter; the plain mode still gives the words
        text = page.extract_text() or ""
    # Layout mode pads justified lines with runs of spaces; keep a line's indentation, squeeze the rest.
    return "\n".join(_INNER_SPACES.sub(" ", line.rstrip()) for line in text.split("\n"))


def _html_text(path: Path, data: bytes) -> tuple[str, dict]:
    """Visible text of an HTML page (block elements become line breaks, paragraphs blank lines) and head metadata."""
    from bs4 import BeautifulSoup

    if b"\x00" in data:
        raise IngestError(str(path), "binary file (contains NUL bytes), not HTML")
    soup = BeautifulSoup(data, "html.parser")
    meta = formats.head_metadata(soup)
    if formats.is_official_kamervragen(soup):
        formats.label_official_blocks(soup)
    for hidden in soup(["script", "style", "head", "template", "noscript"]):
        hidden.decompose()
    for sup in soup.find_all("sup"):  # footnote markers: keep them recognisable as in the text sources ("⁸")
        if sup.get_text().strip().isdigit():
            sup.replace_with(sup.get_text().strip().translate(_TO_SUPERSCRIPT))
    for tag in soup.find_all(_PARAGRAPH_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    for tag in soup.find_all(_LINE_TAGS):
        tag.insert_before("\n")  # one break before each item, so a list stays a run of lines
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n", meta
