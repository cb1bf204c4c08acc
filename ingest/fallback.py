"""Records from spans of the source, and the fallback parser: one record per paragraph for unknown layouts."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from core.models import Footnote, Record, RecordKind, make_record_id
from ingest.clean import clean_span, line_of
from ingest.linescan import LinePattern

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


class FootnoteBlock(NamedTuple):
    """A footnote definition in the source: its span (cut out of record text), marker and cleaned text."""

    start: int
    end: int
    footnote: Footnote


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_BLANK_LINE_BEFORE = re.compile(r"\n[ \t]*\n[ \t]*\Z")
_EMPHASIS = re.compile(r"(\*{1,2})(\S(?:[^*\n]*?\S)?)\1")


def strip_emphasis(text: str) -> str:
    """Drop markdown emphasis ('**JA21**', '*best practices*') that some extractions carry."""
    return _EMPHASIS.sub(r"\2", text) if "*" in text else text  # no asterisk, nothing to drop


def footnote_blocks(source: str, first_line: re.Pattern | LinePattern) -> list[FootnoteBlock]:
    """Footnote definitions: a line matching first_line (group 'number') after a blank line, numbered 1, 2, 3...

    A definition runs until a blank line or a line that starts with whitespace (the running text resuming
    after a page break in PDF extractions). Numbers must follow on each other, so a paragraph that happens to
    start with a number is not taken for a footnote.
    """
    blocks: list[FootnoteBlock] = []
    for match in first_line.finditer(source):
        number = match.group("number").translate(_FROM_SUPERSCRIPT)
        if not _after_blank_line(source, match.start()) or int(number) != len(blocks) + 1:
            continue
        end = _definition_end(source, match.start())
        text = strip_emphasis(" ".join(source[match.end():end].split()))
        blocks.append(FootnoteBlock(match.start(), end, Footnote(number=number, text=text)))
    return blocks


def _after_blank_line(source: str, offset: int) -> bool:
    """True when offset starts the text or the line before it is blank.

    Same as `not before.strip() or _BLANK_LINE_BEFORE.search(before)` for before = source[:offset], read from offset
    backwards: a copy and a regex scan of everything before each candidate line made footnote finding quadratic.
    """
    if _NON_SPACE.search(source, 0, offset) is None:  # nothing but whitespace before offset
        return True
    cursor = offset
    for _ in range(2):  # [ \t]* then a line break, twice
        while cursor > 0 and source[cursor - 1] in " \t":
            cursor -= 1
        if cursor == 0 or source[cursor - 1] != "\n":
            return False
        cursor -= 1
    return True


_NON_SPACE = re.compile(r"\S")


def _definition_end(source: str, start: int) -> int:
    """End of a footnote definition: before the next blank line or indented (page-continuation) line."""
    cursor = source.find("\n", start)
    while cursor != -1:
        next_line_end = source.find("\n", cursor + 1)
        next_line = source[cursor + 1: len(source) if next_line_end == -1 else next_line_end]
        if not next_line.strip() or next_line[:1].isspace():
            return cursor
        cursor = next_line_end
    return len(source)


def text_without(source: str, span: tuple[int, int], blocks: list[FootnoteBlock]) -> str:
    """source[span] with the footnote definitions inside it cut out (the rest joined by a line break)."""
    start, end = span
    pieces, cursor = [], start
    for block in blocks:
        if start <= block.start and block.end <= end:
            pieces.append(source[cursor:block.start])
            cursor = block.end
    pieces.append(source[cursor:end])
    return "\n".join(piece.strip("\n") for piece in pieces if piece.strip())


def clean_without_footnotes(
    source: str, span: tuple[int, int], blocks: list[FootnoteBlock], marker: re.Pattern,
    prepare: Callable[[str], str] = str,
) -> tuple[str, list[Footnote]]:
    """Cleaned text of source[span] with footnote definitions and markers cut out, and its footnotes.

    `prepare` runs on the raw text first (e.g. a layout's own hyphenation joining); markers are cut like
    clean_span cuts them, the footnotes stay on the record.
    """
    raw = prepare(text_without(source, span, blocks))
    text = strip_emphasis(clean_span(raw, 0, len(raw)).text)
    footnotes = referenced_footnotes(text, blocks, marker)
    numbers = {footnote.number for footnote in footnotes}
    if not numbers:  # no marker to cut: substituting every match by itself would give the same text
        return text, footnotes

    def cut(match: re.Match) -> str:
        return "" if marker_number(match) in numbers else match.group(0)

    return marker.sub(cut, text), footnotes


def marker_number(match: re.Match) -> str:
    """The footnote number a marker match stands for (group 'number', or 'sup' for superscripts), as digits."""
    number = match.group("number") or match.groupdict().get("sup") or ""
    return number.translate(_FROM_SUPERSCRIPT)


def referenced_footnotes(text: str, blocks: list[FootnoteBlock], marker: re.Pattern) -> list[Footnote]:
    """The footnotes whose markers occur in text, in marker order."""
    if not blocks:  # no definitions: no marker can name one
        return []
    by_number = {block.footnote.number: block.footnote for block in blocks}
    numbers = [marker_number(match) for match in marker.finditer(text)]
    return [by_number[number] for number in dict.fromkeys(numbers) if number in by_number]


def span_without_trailing(source: str, span: tuple[int, int], blocks: list[FootnoteBlock]) -> tuple[int, int]:
    """Narrow a span so it does not end in footnote definitions (they follow the last paragraph of a page)."""
    start, end = trim_span(source, *span)
    for block in reversed(blocks):
        if start < block.start < end and trim_span(source, block.end, end)[0] >= end:
            end = trim_span(source, start, block.start)[1]
    return start, end
