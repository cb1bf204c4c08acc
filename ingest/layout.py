"""Detect a document's layout, run the matching parser, then resolve cross-references (ingest.crossrefs)."""

from __future__ import annotations

from types import ModuleType
from typing import NamedTuple

from core.models import DocumentKind, Record
from ingest import crossrefs, eerste_kamer, fallback, kamervragen, letter, lijst, tk_parts, tweede_kamer


# Raise when a parser change alters what a file gives: `antwoord ingest` then re-reads unchanged files whose
# stored document was parsed by an older version (e.g. Kamervragen stored as paragraphs before this version).
PARSER_VERSION = "2"


class Layout(NamedTuple):
    """A known layout: its name (stored on the Document), its parser module and the document kind."""

    name: str
    parser: ModuleType
    kind: DocumentKind


# Most specific first: an Eerste Kamer report contains a minister's letter that would also pass as a letter, and
# so do Kamervragen answered by letter; a report in separate parts has faction headers an interleaved one has too.
LAYOUTS = (
    Layout(tk_parts.LAYOUT, tk_parts, DocumentKind.SO_TWEEDE_KAMER),
    Layout(tweede_kamer.LAYOUT, tweede_kamer, DocumentKind.SO_TWEEDE_KAMER),
    Layout("ek_brief", eerste_kamer, DocumentKind.SO_EERSTE_KAMER),
    Layout(lijst.LAYOUT, lijst, DocumentKind.LIJST_VRAGEN_ANTWOORDEN),
    Layout(kamervragen.LAYOUT, kamervragen, DocumentKind.KAMERVRAGEN),
    Layout("letter", letter, DocumentKind.LETTER),
)
FALLBACK = Layout("fallback", fallback, DocumentKind.UNKNOWN)


class ParsedDocument(NamedTuple):
    """What parsing one source text gives: the layout used, its records and the problems noticed."""

    layout: Layout
    records: list[Record]
    warnings: list[str]


def detect(source: str) -> Layout:
    """The first known layout whose parser recognises the text, else the fallback."""
    return next((layout for layout in LAYOUTS if layout.parser.looks_like(source)), FALLBACK)


def parse_document(source: str, document_id: str, layout: Layout | None = None) -> ParsedDocument:
    """Parse with the detected layout (or layout, detected by the caller); no records from it means paragraph
    records and a warning."""
    layout = layout if layout is not None else detect(source)
    warnings: list[str] = []
    if hasattr(layout.parser, "parse_with_warnings"):  # layouts that pair questions report what did not pair
        records, warnings = layout.parser.parse_with_warnings(source, document_id)
    else:
        records = layout.parser.parse(source, document_id)
    if layout is FALLBACK:
        warnings.append(fallback.FALLBACK_WARNING)
    elif not records:
        warnings.append(f"layout '{layout.name}' recognised but no records found; {fallback.FALLBACK_WARNING}")
        layout, records = FALLBACK, fallback.parse(source, document_id)
    # Ids are made unique before cross-references are resolved, so references point at the final ids.
    return ParsedDocument(layout, crossrefs.resolve(unique_ids(records)), warnings)


def unique_ids(records: list[Record]) -> list[Record]:
    """Records in order, numbered from 0; a repeated id (identical text twice) gets a '-2', '-3' suffix."""
    counts: dict[str, int] = {}
    unique = []
    for ordinal, record in enumerate(records):
        counts[record.id] = counts.get(record.id, 0) + 1
        suffix = f"-{counts[record.id]}" if counts[record.id] > 1 else ""
        if suffix or record.ordinal != ordinal:  # most records already have their final id and ordinal
            record = record.model_copy(update={"id": record.id + suffix, "ordinal": ordinal})
        unique.append(record)
    return unique
