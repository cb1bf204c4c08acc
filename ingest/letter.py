"""Government letter to the Kamer: one record for the opening part and one per headed section.

In PDF extractions a section heading is a short block (one or two lines, possibly hyphenated over the line
break) between blank lines, without final punctuation, followed by a paragraph that starts a sentence.
Footnotes are plain numbers glued to the text ("geïnformeerd.1") with their definitions ("1 Onder andere ...")
at the foot of the page, which in the extraction lands in the middle of the running text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from core.models import Record, RecordKind
from ingest.fallback import (
    SUPERSCRIPT_DIGITS,
    FootnoteBlock,
    clean_without_footnotes,
    footnote_blocks,
    paragraph_spans,
    span_record,
    span_without_trailing,
    strip_emphasis,
    trim_span,
)
from ingest.linescan import LinePattern

_DATE_LINE = re.compile(r"^[ \t]*Den Haag,[ \t]+\d{1,2}[ \t]+[a-z]+[ \t]+\d{4}[ \t]*$", re.MULTILINE)
_ADDRESSEE = re.compile(r"^[ \t]*Aan de [^\n]*(?:Kamer|Staten-Generaal)[^\n]*$", re.MULTILINE)
# Tried only at the lines that name an office (a regex scan tries "^" at every position of the letter).
_SIGNATURE = LinePattern(re.compile(
    r"^[ \t]*(?:De )?(?:Minister|Staatssecretaris|Minister-president)\b[^\n]*,[ \t]*$", re.MULTILINE | re.IGNORECASE
), ("minister", "staatssecretaris"), ignore_case=True)
# PDF extractions print footnote numbers as plain digits, HTML <sup> markers arrive as superscripts ("¹").
_FOOTNOTE_LINE = re.compile(rf"^(?P<number>\d{{1,3}}|[{SUPERSCRIPT_DIGITS}]{{1,3}})[ \t]+(?=\S)", re.MULTILINE)
# A footnote marker: a number glued to a word or to the punctuation that ends one ("beschouw.2"), or a superscript.
# The first digit comes first and what precedes it is checked by lookbehind after it: a leading lookbehind was
# tried at every position of the text (the same matches in half the time).
_FOOTNOTE_MARKER = re.compile(
    rf"(?P<number>\d(?<=(?:[^\W\d_]|[.,;:)»”'\"])\d)\d{{0,2}})(?=\s|$)|(?P<sup>[{SUPERSCRIPT_DIGITS}]{{1,3}})"
)
_HEADER_LINES = 30
MAX_HEADING_LINES = 3
MAX_HEADING_CHARS = 160
# A line-final hyphen before these words is a dropped-word hyphen ("Asiel- en Migratie"), not a split word.
_CONJUNCTIONS = {"en", "of", "tot", "noch"}
# A line-final hyphen, the first word of the next line, and the spaces after it (absent at a line's end).
# A match starts where a word starts (the lookbehind): without it every later position of each word was tried
# again, \S* running to the word's end each time (same matches, as a match never ends inside a word).
_HYPHEN_BREAK = re.compile(r"(?<!\S)(\S*)-[ \t]*\n[ \t]*(\S+)([ \t]+)?")


class Section(NamedTuple):
    """A heading (None for the opening part) and the span of the text under it."""

    heading: str | None
    start: int
    end: int


def looks_like(source: str) -> bool:
    """A letter: an addressee 'Aan de ... Kamer' and a 'Den Haag, <date>' line near the top."""
    header = "\n".join(source.split("\n", _HEADER_LINES)[:_HEADER_LINES])
    return _DATE_LINE.search(header) is not None and _ADDRESSEE.search(header) is not None


def parse(source: str, document_id: str) -> list[Record]:
    """One 'letter_section' record for the opening part and one per headed section."""
    blocks = footnote_blocks(source, _FOOTNOTE_LINE)
    records: list[Record] = []
    for section in sections(source, blocks):
        record = _section_record(source, document_id, len(records), section, blocks)
        if record is not None:
            records.append(record)
    return records


def _section_record(
    source: str, document_id: str, ordinal: int, section: Section, blocks: list[FootnoteBlock]
) -> Record | None:
    """The record of one section: its text without footnote definitions, and the footnotes it refers to."""
    span = span_without_trailing(source, (section.start, section.end), blocks)
    if span[0] >= span[1]:
        return None
    text, footnotes = clean_without_footnotes(
        source, span, blocks, _FOOTNOTE_MARKER, prepare=lambda raw: join_lines(raw, source)
    )
    if not text:
        return None
    return span_record(
        source, document_id, RecordKind.LETTER_SECTION, ordinal, span, text, footnotes, heading=section.heading
    )


def sections(source: str, blocks: list[FootnoteBlock]) -> list[Section]:
    """The opening part and the headed sections between the letter head and the signature."""
    start, end = body_span(source)
    paragraphs = [p for p in paragraph_spans(source, start, end) if not _in_footnote(p, blocks)]
    headings = [i for i, p in enumerate(paragraphs) if is_heading(source, p, paragraphs[i + 1: i + 2])]
    result = [Section(None, start, paragraphs[headings[0]][0] if headings else end)]
    for position, index in enumerate(headings):
        section_end = paragraphs[headings[position + 1]][0] if position + 1 < len(headings) else end
        heading = strip_emphasis(" ".join(join_lines(source[slice(*paragraphs[index])], source).split()))
        result.append(Section(heading, paragraphs[index][1], section_end))
    return result


def body_span(source: str) -> tuple[int, int]:
    """From after the letter head (date line, else addressee) to before the last signature."""
    head = _DATE_LINE.search(source) or _ADDRESSEE.search(source)
    start = head.end() if head else 0
    signatures = list(_SIGNATURE.finditer(source, start))
    end = signatures[-1].start() if signatures else len(source)
    return trim_span(source, start, end)


def _in_footnote(span: tuple[int, int], blocks: list[FootnoteBlock]) -> bool:
    return any(block.start <= span[0] < block.end for block in blocks)


def is_heading(source: str, paragraph: tuple[int, int], following: list[tuple[int, int]]) -> bool:
    """A short paragraph without final punctuation, starting with a capital, before a new sentence."""
    text = source[slice(*paragraph)]
    lines = text.split("\n")
    if len(lines) > MAX_HEADING_LINES or len(text) > MAX_HEADING_CHARS or not following:
        return False
    if not text[:1].isupper() or text.rstrip()[-1] in ".,:;?!" or any(line.rstrip().endswith(",") for line in lines):
        return False
    next_text = source[slice(*following[0])]
    return next_text[:1].isupper()


def join_lines(text: str, source: str = "") -> str:
    """Join words hyphenated over a line break ('Ontwikkelingssamen-\\nwerking'), keeping real hyphens.

    The hyphen stays when it joins a capital ('collega-\\nMinisters'), follows a capital ('EU-\\nlanden'),
    ends a word that already has hyphens ('out-of-\\nthe-box'), precedes 'en'/'of' ('Asiel-\\nen'), or when
    the source spells the compound with a hyphen elsewhere ('non-refoulement').
    """
    pieces, done = [], 0
    for match in _hyphen_breaks(text):
        pieces += [text[done:match.start()], _join_hyphenated(match, source)]
        done = match.end()
    return "".join(pieces) + text[done:] if pieces else text


def _hyphen_breaks(text: str) -> Iterator[re.Match]:
    """The matches _HYPHEN_BREAK.sub replaces, looked for only from the line of each line-final hyphen.

    A match is a run of non-spaces ending in the hyphen, at the end of its line: the regex tried at every word
    start of the text finds none before the line of the next hyphen (found by a scan for "-"), so the search
    starts there, or where the last match ended if that is later (sub does not overlap matches).
    """
    done = 0
    for hyphen in _LINE_END_HYPHEN.finditer(text):
        if hyphen.start() < done:
            continue
        match = _HYPHEN_BREAK.search(text, max(done, text.rfind("\n", 0, hyphen.start()) + 1))
        if match is None:
            return
        yield match
        done = match.end()


_LINE_END_HYPHEN = re.compile(r"-[ \t]*\n")


def _join_hyphenated(match: re.Match, source: str) -> str:
    """The joined word; the line break moves after it, so the line structure cleaning relies on stays."""
    return _joined_word(match, source) + ("\n" if match.group(3) else "")


def _joined_word(match: re.Match, source: str) -> str:
    before, after = match.group(1), match.group(2)
    word_after = re.match(r"[^\W\d_]*", after).group(0)
    if word_after.lower() in _CONJUNCTIONS:
        return f"{before}- {after}"
    word_before = re.search(r"[^\W\d_]*$", before).group(0)
    spelled_with_hyphen = bool(word_before and word_after) and f"{word_before}-{word_after}" in source
    split_word = before[-1:].islower() and after[:1].islower() and "-" not in before and not spelled_with_hyphen
    return f"{before}{after}" if split_word else f"{before}-{after}"
