"""Parser for Tweede Kamer written consultations: faction sections, member questions and `Antwoord` replies.

Layout: "Vragen en opmerkingen van de leden van de X-fractie" headers (also repeated in a table of contents),
then per section questions and replies, each reply after a line `Antwoord` / `Antwoord:` (possibly after a
`[bookmark: …]` tag). The text between two labels holds one reply and then the next question(s); where the
reply ends is decided per sentence group (see `split_reply_and_question`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from core.models import Record, RecordKind, make_record_id
from ingest.clean import body_lines, clean_span, line_of
from ingest.factions import SECTION_HEADER, normalise_faction
from ingest.linescan import CASE_ODD

LAYOUT = "tk_antwoord"
_REPLY = RecordKind.REPLY.value  # read once: an Enum member's .value is a Python-level property call
# Reply labels: "Antwoord", "Antwoord:", "Reactie", "Reactie van het kabinet", "Beantwoording" (bold in Word exports).
_GOVERNMENT = r"(?: van (?:het kabinet|de regering|de minister|de staatssecretaris|de bewindspersoon))?"
LABEL = re.compile(
    r"[ \t]*(?:\[bookmark: [^\]]*\][ \t]*)*\**"
    rf"(?:Antwoord{_GOVERNMENT}|Reactie{_GOVERNMENT}|Beantwoording)\**"
    r"[ \t]*(?::\**[ \t]*(?P<rest>\S.*?)?)?[ \t]*"
)
SENTENCE_END = re.compile(r"[.?!][)’”'\"]*$")
# Sentence groups that can only be the members speaking.
QUESTION_HINT = re.compile(
    r"\?|\b(?:de|deze|die|aan het woord zijnde) leden\b|\bfracties?\b|^JA21\b|^U schrijft|^Complimenten", re.I
)
# Sentence groups that can only be the government answering (a pointer to another reply).
REPLY_HINT = re.compile(r"\b(?:Zie (?:verder )?(?:het )?antwoord|verwijs|verwijst|verwezen)\b", re.I)
HEADING_MAX_LENGTH = 100
OPEN_ENDING = re.compile(r"[.?!:;,]$")


class TextLine(NamedTuple):
    """A text line of the source: its span (stripped of surrounding blanks) and text."""

    start: int
    end: int
    text: str
    after_gap: bool  # a blank line stands between this line and the previous text line


class Section(NamedTuple):
    """A faction's part of the report: its faction and the spans between its reply labels."""

    faction: str
    chunks: list[list[TextLine]]  # chunks[0] precedes the first label; chunks[k] follows label k


def looks_like(source: str) -> bool:
    """True for a Tweede Kamer report with faction sections and `Antwoord` labels."""
    # The header is found by one substring search; the labels are looked for only in a report that has one.
    return SECTION_HEADER.search(source) is not None and any(map(LABEL.fullmatch, _label_lines(source)))


# Line boundaries of str.splitlines other than "\n" (and "\r\n").
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _label_lines(source: str) -> list[str]:
    """The lines of source.splitlines() that may be labels (may_be_label), in any order, found from the label
    words instead of a test of every line; a text with other line breaks than "\n" is split as before."""
    if any(other in source for other in _OTHER_BREAKS):
        return [line for line in source.splitlines() if may_be_label(line)]
    return [source[start:end if (end := source.find("\n", start)) >= 0 else len(source)]
            for start in _label_line_starts(source)]


@lru_cache(maxsize=2)  # detection and parsing of one document both ask
def _label_line_starts(source: str) -> frozenset[int]:
    """Starts of the lines (split at "\n") that may be labels (may_be_label), found from the label words."""
    starts = set()
    for word in ("Antwoord", "Reactie", "Beantwoording"):
        at = source.find(word)
        while at >= 0:
            starts.add(source.rfind("\n", 0, at) + 1)
            at = source.find(word, at + 1)
    return frozenset(starts)


def parse(source: str, document_id: str) -> list[Record]:
    """The replies of a Tweede Kamer report, in source order, with faction, question, text and spans."""
    records: list[Record] = []
    for section in sections(source):
        question = _lines_span(section.chunks[0])
        for chunk, following in zip(section.chunks[1:], section.chunks[2:] + [None]):
            reply_lines, next_question = split_reply_and_question(chunk) if following is not None else (chunk, [])
            if reply_lines:
                records.append(_record(source, document_id, len(records), section.faction, question, reply_lines))
            question = _lines_span(next_question)
    return records


def sections(source: str) -> list[Section]:
    """The faction sections that hold replies (table-of-contents headers hold none and are dropped)."""
    headers = list(SECTION_HEADER.finditer(source))
    bounds = [h.end() for h in headers]
    found = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(source)
        chunks = _chunks(source, bounds[index], end)
        if len(chunks) > 1:
            found.append(Section(normalise_faction(header.group("name")), chunks))
    return found


def _chunks(source: str, start: int, end: int) -> list[list[TextLine]]:
    """Text lines of source[start:end], split at reply labels (a label's own text opens the next chunk)."""
    chunks: list[list[TextLine]] = [[]]
    current = chunks[-1]
    # may_be_label for every line, told by a set lookup: the body lines are the "\n"-split lines of the source.
    label_starts = _label_line_starts(source)
    for line_start, text, gap in body_lines(source, start, end):
        label = LABEL.fullmatch(text) if line_start in label_starts else None
        if label:
            current = []
            chunks.append(current)
            if label.group("rest"):
                rest_start, rest_end = label.span("rest")
                current.append(TextLine(line_start + rest_start, line_start + rest_end, label.group("rest"), False))
            continue
        stripped = text.strip()
        if stripped is text:  # str.strip returns the line itself when there is nothing to strip: the common case
            current.append(_new_line(TextLine, (line_start, line_start + len(text), text, gap)))
        else:
            left = line_start + len(text) - len(text.lstrip())
            current.append(_new_line(TextLine, (left, line_start + len(text.rstrip()), stripped, gap)))
    return chunks


# Builds a TextLine from a tuple in C; the NamedTuple constructor is a Python call per line of the report.
_new_line = tuple.__new__


def may_be_label(line: str) -> bool:
    """False for a line that cannot be a reply label: it names none of the label words (LABEL's literals)."""
    return "Antwoord" in line or "Reactie" in line or "Beantwoording" in line


def split_reply_and_question(chunk: list[TextLine]) -> tuple[list[TextLine], list[TextLine]]:
    """Split the lines between two labels into the reply and the next question.

    The chunk is cut into sentence groups (a group ends at a blank line or a line ending a sentence). The
    first group is always reply and the last always question; a heading starts the question, and going
    back from the end every group that reads as the members speaking belongs to the question.
    """
    groups = _sentence_groups(chunk)
    if len(groups) < 2:
        return chunk, []
    first_question = len(groups) - 1
    while first_question > 1 and _reads_as_question(groups[first_question - 1]):
        first_question -= 1
    headings = [i for i in range(1, len(groups)) if _is_heading(groups[i])]
    if headings:
        first_question = min(first_question, headings[0])
    reply = [line for group in groups[:first_question] for line in group]
    question = [line for group in groups[first_question:] for line in group]
    return reply, question


def _sentence_groups(chunk: list[TextLine]) -> list[list[TextLine]]:
    """Consecutive lines grouped until a blank line or a line that ends a sentence."""
    groups: list[list[TextLine]] = []
    closed = True
    for line in chunk:
        if closed or line.after_gap:
            group: list[TextLine] = []
            groups.append(group)
        group.append(line)
        # SENTENCE_END.search(line.text) is not None, for a line (no line break): the last character before closing
        # quotes and brackets ends a sentence (a regex search would try every position; a call per line costs too).
        closed = line.text.rstrip(_CLOSING).endswith(_SENTENCE_ENDS)
    return groups


_CLOSING = ")’”'\""
_SENTENCE_ENDS = (".", "?", "!")


def _reads_as_question(group: list[TextLine]) -> bool:
    """True when a sentence group asks something or speaks of the members, and points to no other reply."""
    text = " ".join(line.text for line in group)
    lowered = _Lowered(text)
    return _has_question_hint(text, lowered) and not (lowered.may_hold(*_REPLY_PHRASES) and REPLY_HINT.search(text))


class _Lowered:
    """A text lowered once, when first asked, for may_contain's checks of several phrases (the same answers)."""

    def __init__(self, text: str):
        self.text = text
        self.lowered: str | None = None
        self.odd = False

    def may_hold(self, *phrases: str) -> bool:
        """may_contain(self.text, phrases)."""
        if self.lowered is None:
            self.lowered = self.text.lower()
            self.odd = any(odd in self.text for odd in CASE_ODD)  # left to the regex, as may_contain does
        return self.odd or any(phrase in self.lowered for phrase in phrases)


# QUESTION_HINT's alternatives searched one by one: the same answer in half the time of the one alternation.
_MEMBERS = re.compile(r"\b(?:de|deze|die|aan het woord zijnde) leden\b", re.I)
_FACTION = re.compile(r"\bfracties?\b", re.I)
_OPENING = re.compile(r"JA21\b|U schrijft|Complimenten", re.I)


_REPLY_PHRASES = ("antwoord", "verwijs", "verwezen")  # every REPLY_HINT match holds one


def _has_question_hint(text: str, lowered: _Lowered) -> bool:
    """QUESTION_HINT.search(text) is not None."""
    return ("?" in text or (lowered.may_hold("leden") and _MEMBERS.search(text) is not None)
            or (lowered.may_hold("fractie") and _FACTION.search(text) is not None)
            or _OPENING.match(text) is not None)


def _is_heading(group: list[TextLine]) -> bool:
    """A one-line group without closing punctuation that starts with a capital: a topic heading."""
    if len(group) != 1:
        return False
    text = group[0].text
    return len(text) <= HEADING_MAX_LENGTH and text[:1].isupper() and not OPEN_ENDING.search(text)


def _lines_span(lines: list[TextLine]) -> tuple[int, int] | None:
    """The span from the first line's start to the last line's end, or None."""
    return (lines[0].start, lines[-1].end) if lines else None


def _record(source: str, document_id: str, ordinal: int, faction: str,
            question_span: tuple[int, int] | None, reply_lines: list[TextLine]) -> Record:
    """The reply record: cleaned question and text, footnotes, spans and lines."""
    start, end = reply_lines[0].start, reply_lines[-1].end
    cleaned = clean_span(source, start, end)
    question = clean_span(source, *question_span).text if question_span else ""
    return Record(
        id=make_record_id(document_id, _REPLY, faction, question, cleaned.text),
        document_id=document_id,
        kind=RecordKind.REPLY,
        ordinal=ordinal,
        faction=faction,
        question=question,
        text=cleaned.text,
        footnotes=cleaned.footnotes,
        char_start=start,
        char_end=end,
        line_start=line_of(source, start),
        line_end=line_of(source, end - 1),
    )
