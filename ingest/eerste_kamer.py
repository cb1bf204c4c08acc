"""Eerste Kamer written consultation report: the replies are taken from the minister's letter.

The committee's letter asks numbered questions; the minister's letter ("BRIEF VAN DE MINISTER ...") repeats
each numbered question, followed by unlabelled answer paragraphs. Footnotes are superscript markers (⁸) with
their definitions ("⁸ Kamerstukken II, ...") on their own line after the paragraph.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from core.models import Record, RecordKind
from ingest.clean import clean_span
from ingest.factions import normalise_faction
from ingest.fallback import (
    SUPERSCRIPT_DIGITS,
    FootnoteBlock,
    clean_without_footnotes,
    footnote_blocks,
    span_record,
    span_without_trailing,
    strip_emphasis,
    trim_span,
)
from ingest.linescan import LinePattern, may_contain

# A letter's heading line, e.g. "BRIEF VAN DE MINISTER VAN ASIEL EN MIGRATIE": mostly capitals, though
# extractions garble some ("BRIEF VAN DE VOorzITTERS"), so the case is checked by majority, not by the regex.
_LETTER_HEADING = LinePattern(
    re.compile(r"^[ \t]*BRIEF VAN DE\b[^\n]*$", re.MULTILINE | re.IGNORECASE), "brief van de", ignore_case=True
)
_MINISTER = re.compile(r"BRIEF VAN DE (?:MINISTER|STAATSSECRETARIS)\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^[ \t]*(\d{1,3})\.[ \t]+(?=\S)", re.MULTILINE)
# The same matches, tried only at the lines that hold a full stop (a regex scan tries "^" at every position).
_NUMBERED_LINES = LinePattern(_NUMBERED, ".")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
# Tried only at the lines that hold a superscript digit (a regex scan tries "^" at every position).
_FOOTNOTE_LINE = LinePattern(
    re.compile(rf"^[ \t]*(?P<number>[{SUPERSCRIPT_DIGITS}]+)[ \t]+(?=\S)", re.MULTILINE), tuple(SUPERSCRIPT_DIGITS)
)
# "[⁰-⁹][⁰-⁹]*", not "[⁰-⁹]+": a pattern that starts with a character set lets the regex engine skip to the next
# superscript; one that starts with a repeat is tried at every position (the same matches, a third of the time).
_FOOTNOTE_MARKER = re.compile(rf"(?P<number>[{SUPERSCRIPT_DIGITS}][{SUPERSCRIPT_DIGITS}]*)")
# The minister's signature closes a letter: "De Minister van Asiel en Migratie," on its own line.
_SIGNATURE = re.compile(
    r"^[ \t]*(?:De )?(?:Minister|Staatssecretaris)\b[^\n]*,[ \t]*$", re.MULTILINE | re.IGNORECASE
)
_OFFICES = ("minister", "staatssecretaris")
# "De leden van de fractie van JA21", "de fracties van **JA21**", "De leden van de SGP-fractie".
_FACTION = re.compile(
    r"\b[Dd]e leden van de (?:fracties? van (?:de )?(?P<named>[\w\-]+)|(?P<prefixed>[\w\-]+?)-fractie)\b"
)


class Question(NamedTuple):
    """A repeated numbered question in the minister's letter: its number, span and end of its paragraph."""

    number: str
    start: int
    end: int


def letter_headings(source: str, start: int = 0) -> list[re.Match]:
    """Heading lines 'BRIEF VAN DE ...' (mostly capitals) from start on."""
    return [m for m in _LETTER_HEADING.finditer(source, start) if _mostly_capitals(m.group(0))]


def _mostly_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) > len(letters) * 0.7


def _minister_heading(source: str) -> re.Match | None:
    """The heading of the minister's letter, the one that holds the answers."""
    return next((m for m in letter_headings(source) if _MINISTER.search(m.group(0))), None)


def looks_like(source: str) -> bool:
    """A minister's letter that repeats numbered questions after a committee's letter."""
    minister = _minister_heading(source)
    if minister is None:
        return False
    return len(numbered_questions(source, minister.end(), _letter_end(source, minister.end()))) > 0


def parse(source: str, document_id: str) -> list[Record]:
    """One 'reply' record per numbered question answered in the minister's letter."""
    minister = _minister_heading(source)
    if minister is None:
        return []
    letter_end = _letter_end(source, minister.end())
    questions = numbered_questions(source, minister.end(), letter_end)
    blocks = footnote_blocks(source, _FOOTNOTE_LINE)
    default_faction = faction_of(source[: minister.start()])
    records: list[Record] = []
    faction = default_faction
    for position, question in enumerate(questions):
        reply_end = questions[position + 1].start if position + 1 < len(questions) else letter_end
        faction = faction_of(source[question.start: question.end]) or faction
        record = _reply_record(source, document_id, len(records), question, (question.end, reply_end), faction, blocks)
        if record is not None:
            records.append(record)
    return records


def _reply_record(
    source: str, document_id: str, ordinal: int, question: Question, reply: tuple[int, int], faction: str | None,
    blocks: list[FootnoteBlock],
) -> Record | None:
    """The reply record for one question: reply span without trailing footnotes or signature."""
    span = span_without_trailing(source, _before_signature(source, *reply), blocks)
    if span[0] >= span[1]:
        return None
    text, footnotes = clean_without_footnotes(source, span, blocks, _FOOTNOTE_MARKER)
    question_text = _question_text(source, question)
    return span_record(
        source, document_id, RecordKind.REPLY, ordinal, span, text, footnotes,
        question=question_text, faction=faction, heading=question.number,
    )


def _question_text(source: str, question: Question) -> str:
    """The cleaned question without its number ('1. De leden ...' → 'De leden ...')."""
    number = _NUMBERED.match(source, question.start)
    start = number.end() if number else question.start
    return strip_emphasis(clean_span(source, *trim_span(source, start, question.end)).text)


def numbered_questions(source: str, start: int, end: int) -> list[Question]:
    """Paragraphs numbered 1., 2., 3. ... in order (after a blank line) between start and end."""
    questions: list[Question] = []
    for match in _NUMBERED_LINES.finditer(source, start, end):
        if int(match.group(1)) != len(questions) + 1 or not _starts_paragraph(source, match.start(), start):
            continue
        paragraph_end = _PARAGRAPH_END.search(source, match.end(), end)
        questions.append(Question(match.group(1), match.start(), paragraph_end.start() if paragraph_end else end))
    return questions


def _starts_paragraph(source: str, offset: int, floor: int) -> bool:
    """True when the line before offset is blank (or offset is the first line after floor)."""
    before = source[floor:offset]
    return not before.strip() or re.search(r"\n[ \t]*\n[ \t]*\Z", before) is not None


def _letter_end(source: str, start: int) -> int:
    """Where the letter that starts at start ends: the next letter heading or the end of the text."""
    following = letter_headings(source, start)
    return following[0].start() if following else len(source)


def _before_signature(source: str, start: int, end: int) -> tuple[int, int]:
    """Cut a closing signature ('De Minister van ..., <name>') off the end of the letter's last reply."""
    # A signature names the office: a reply that does not (most) is not scanned by the regex, which tries "^" at
    # every position.
    if not may_contain(source[start:end], _OFFICES):
        return start, end
    signature = _SIGNATURE.search(source, start, end)
    return (start, signature.start()) if signature else (start, end)


def faction_of(text: str) -> str | None:
    """The faction a question is asked for: 'De leden van de fractie van JA21' → 'JA21' (the first, if several)."""
    match = _FACTION.search(strip_emphasis(text))
    if match is None:
        return None
    return normalise_faction(match.group("named") or match.group("prefixed"))
