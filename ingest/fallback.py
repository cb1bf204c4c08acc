"""Records from spans of the source, and the fallback parser: one record per paragraph for unknown layouts."""

from __future__ import annotations

import re

from core.models import Footnote, Record, RecordKind, make_record_id
from ingest.clean import clean_span, line_of

FALLBACK_WARNING = "layout not recognised: stored one 'paragraph' record per paragraph (no questions or factions)"

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LETTER = re.compile(r"[^\W\d_]")


def trim_span(source: str, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) so it neither starts nor ends with whitespace."""
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


def span_record(
    source: str,
    document_id: str,
    kind: RecordKind,
    ordinal: int,
    span: tuple[int, int],
    text: str,
    footnotes: list[Footnote] | None = None,
    question: str = "",
    faction: str | None = None,
    heading: str | None = None,
) -> Record:
    """Build a Record for source[span] with its content-hash id and 1-based line numbers."""
    start, end = span
    return Record(
        id=make_record_id(document_id, kind.value, faction, question, text),
        document_id=document_id,
        kind=kind,
        ordinal=ordinal,
        faction=faction,
        question=question,
        heading=heading,
        text=text,
        footnotes=footnotes or [],
        char_start=start,
        char_end=end,
        line_start=line_of(source, start),
        line_end=line_of(source, max(start, end - 1)),
    )


def paragraph_spans(source: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the paragraphs (blocks between blank lines) of source[start:end] that contain letters."""
    end = len(source) if end is None else end
    spans, cursor = [], start
    for match in _PARAGRAPH_BREAK.finditer(source, start, end):
        spans.append(trim_span(source, cursor, match.start()))
        cursor = match.end()
    spans.append(trim_span(source, cursor, end))
    return [(a, b) for a, b in spans if _LETTER.search(source, a, b)]


def _line_spans(source: str) -> list[tuple[int, int]]:
    """Spans of the non-empty lines, for text without blank lines between paragraphs."""
    spans, cursor = [], 0
    for line in source.split("\n"):
        span = trim_span(source, cursor, cursor + len(line))
        if _LETTER.search(source, *span):
            spans.append(span)
        cursor += len(line) + 1
    return spans


def parse(source: str, document_id: str) -> list[Record]:
    """One 'paragraph' record per paragraph (or per line when the text has no blank lines)."""
    spans = paragraph_spans(source)
    if len(spans) == 1 and source.count("\n", *spans[0]) > 0:
        spans = _line_spans(source)
    records = []
    for span in spans:
        cleaned = clean_span(source, *span)
        if not cleaned.text.strip():
            continue
        records.append(
            span_record(source, document_id, RecordKind.PARAGRAPH, len(records), span, cleaned.text, cleaned.footnotes)
        )
    return records


def looks_like(source: str) -> bool:
    """The fallback reads anything that has text."""
    return bool(source.strip())
