"""Detect a document's layout, run the matching parser, then resolve cross-references."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import NamedTuple

from core.models import DocumentKind, Record
from ingest import fallback


class Layout(NamedTuple):
    """A known layout: its name (stored on the Document), the parser module and the document kind."""

    name: str
    module: str
    kind: DocumentKind


# Most specific first: a TK report also contains letter-like parts, an EK report contains a minister's letter.
LAYOUTS = (
    Layout("tk_antwoord", "ingest.tweede_kamer", DocumentKind.SO_TWEEDE_KAMER),
    Layout("ek_brief", "ingest.eerste_kamer", DocumentKind.SO_EERSTE_KAMER),
    Layout("letter", "ingest.letter", DocumentKind.LETTER),
)
FALLBACK = Layout("fallback", "ingest.fallback", DocumentKind.UNKNOWN)


class ParsedDocument(NamedTuple):
    """What parsing one source text gives: the layout used, its records and the problems noticed."""

    layout: Layout
    records: list[Record]
    warnings: list[str]


def _module(layout: Layout) -> ModuleType | None:
    """The layout's parser module (None while a parser module has not landed yet)."""
    try:
        return importlib.import_module(layout.module)
    except ModuleNotFoundError as error:
        if error.name != layout.module:
            raise
        return None


def detect(source: str) -> Layout:
    """The first known layout whose parser recognises the text, else the fallback."""
    for layout in LAYOUTS:
        module = _module(layout)
        if module is not None and module.looks_like(source):
            return layout
    return FALLBACK


def parse_document(source: str, document_id: str) -> ParsedDocument:
    """Parse with the detected layout; no records from it means paragraph records and a warning."""
    layout = detect(source)
    warnings: list[str] = []
    records = _module(layout).parse(source, document_id)
    if layout is FALLBACK:
        warnings.append(fallback.FALLBACK_WARNING)
    elif not records:
        warnings.append(f"layout '{layout.name}' recognised but no records found; {fallback.FALLBACK_WARNING}")
        layout, records = FALLBACK, fallback.parse(source, document_id)
    return ParsedDocument(layout, resolve_crossrefs(records), warnings)


def resolve_crossrefs(records: list[Record]) -> list[Record]:
    """Fill refers_to / unresolved_refs / duplicates_of with ingest.crossrefs."""
    try:
        from ingest import crossrefs
    except ImportError:  # TEMPORARY until ingest/crossrefs.py lands
        return records
    return crossrefs.resolve(records)
