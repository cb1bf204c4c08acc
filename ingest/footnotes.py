"""Footnotes in extracted text: page-bottom definitions (PDF), inline definitions (Word) and their markers.

PDF extractions put a page's footnote definitions ("3 BNC-fiche, ...") after its last text line, just before
the page break, and glue the marker to the word it annotates ("Terugkeerrichtlijn1", "5,2%.28"). Word exports
carry `[footnoteRef:2]` as marker and `[2:  text ]` as definition, inline. Both are found here with the span
of each definition and the offset of its marker, so cleaning can cut them and keep them on the right record.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from typing import NamedTuple

# A definition's first line: the number at the very start of a line (page-continuation lines are indented).
FOOTNOTE_LINE = re.compile(r"(?P<number>\d{1,3})[ \t]+(?=\S)")
_DIGIT_AFTER_BREAK = re.compile(r"\n(?=\d)")  # a line break, not other line separators, starts a line
_DIGIT = re.compile(r"\d")
INLINE_MARKER = re.compile(r"\[footnoteRef:(?P<number>\d+)\]")
INLINE_DEFINITION = re.compile(r"\[(?P<number>\d+):[ \t]+(?P<text>[^\]\n]*)\][ \t]*")
URL_LINE = re.compile(r"[ \t]*(?:https?://|www\.)\S+[ \t]*")
BARE_NUMBER_LINE = re.compile(r"[ \t]*\d{1,3}[ \t]*")
# How far before its definition a footnote's marker may stand (a page of text, with room to spare).
MARKER_WINDOW = 8000
# A definition numbered up to this many past the expected one is still taken (a lost footnote).
NUMBER_SLACK = 2


class Lines(NamedTuple):
    """A source's lines: where the text of each starts and ends (without the line break)."""

    starts: list[int]
    ends: list[int]


class FootnoteDef(NamedTuple):
    """A footnote found in the source: its number, cleaned text, definition span and marker span."""

    number: str
    text: str
    start: int
    end: int
    marker_start: int
    marker_end: int


def lines_of(texts: list[str]) -> Lines:
    """The Lines of a source whose split('\\n') is texts."""
    # Two lists of offsets made by map/accumulate in C: a long report has thousands of lines, and a (start, end)
    # tuple per line cost more than the rest of this function.
    lengths = list(map(len, texts))
    after = list(accumulate(map(add, lengths, repeat(1))))  # offset after each line's break
    starts = [0] + after[:-1]
    return Lines(starts, list(map(add, starts, lengths)))


def is_page_boundary(source: str, lines: Lines, index: int) -> bool:
    """True when line index is where a page's body text resumes or page furniture stands (or past the end)."""
    if index >= len(lines.starts):
        return True
    text = source[lines.starts[index]:lines.ends[index]]
    return (
        not text.strip()
        or text[:1].isspace()
        or URL_LINE.fullmatch(text) is not None
        or BARE_NUMBER_LINE.fullmatch(text) is not None
    )


def find_footnotes(source: str, lines: Lines) -> list[FootnoteDef]:
    """All footnotes of the source, inline (Word) and page-bottom (PDF), in source order."""
    found = _inline_footnotes(source) + _page_footnotes(source, lines)
    return sorted(found, key=lambda f: f.start)


def _inline_footnotes(source: str) -> list[FootnoteDef]:
    """`[footnoteRef:n]` markers with their `[n: text]` definitions."""
    if "[footnoteRef:" not in source:  # no marker (every text but Word exports): no footnote, nothing to scan
        return []
    definitions = {m.group("number"): m for m in INLINE_DEFINITION.finditer(source)}
    found = []
    for marker in INLINE_MARKER.finditer(source):
        definition = definitions.get(marker.group("number"))
        if definition is None or definition.start() < marker.start():
            continue
        text = " ".join(definition.group("text").split())
        found.append(FootnoteDef(marker.group("number"), text, definition.start(), definition.end(),
                                 marker.start(), marker.end()))
    return found


def _page_footnotes(source: str, lines: Lines) -> list[FootnoteDef]:
    """Page-bottom definitions numbered 1, 2, 3... each with its marker found before it."""
    found: list[FootnoteDef] = []
    index = 0
    line_starts = lines.starts
    # A definition starts on a line that starts with a digit: only those lines are tried. The regex looks for
    # line breaks (a fast literal search) rather than "^" (tried at every position).
    digits = [match.end() for match in _DIGIT_AFTER_BREAK.finditer(source)]
    for offset in ([0] if _DIGIT.match(source) else []) + digits:
        candidate = bisect.bisect_right(line_starts, offset) - 1
        if candidate < index:  # inside a group already taken
            continue
        group = _definition_group(source, lines, candidate, found)
        if group:
            found.extend(group)
            index = _line_index_after(lines, group[-1].end, candidate)
    return found


def _definition_group(source: str, lines: Lines, index: int, found: list[FootnoteDef]) -> list[FootnoteDef]:
    """The run of consecutive definitions starting at line index, or [] when it is not one.

    A run must end where the page ends (blank or indented line, page number, URL line), and every
    definition must have its marker in the text before it; otherwise the lines are running text.
    """
    group: list[FootnoteDef] = []
    expected = int(found[-1].number) + 1 if found else 1
    marker_floor = found[-1].marker_end if found else 0
    starts, ends = lines
    while index < len(starts):
        match = FOOTNOTE_LINE.match(source, starts[index], ends[index])
        if not match or not expected <= int(match.group("number")) <= expected + NUMBER_SLACK:
            break
        last = _definition_last_line(source, lines, index, int(match.group("number")))
        number = match.group("number")
        marker = _find_marker(source, number, max(marker_floor, starts[index] - MARKER_WINDOW),
                              group[0].start if group else starts[index])
        if marker is None:
            return []
        first = source[match.end():ends[index]]
        text = join_wrapped([first] + [source[starts[line]:ends[line]] for line in range(index + 1, last + 1)])
        group.append(FootnoteDef(number, text.strip(), starts[index], ends[last], *marker))
        expected, marker_floor, index = int(number) + 1, marker[1], last + 1
    return group if group and is_page_boundary(source, lines, index) else []


def _definition_last_line(source: str, lines: Lines, index: int, number: int) -> int:
    """Index of the last line of the definition starting at line index (continuations are flush left)."""
    last = index
    while last + 1 < len(lines.starts) and not is_page_boundary(source, lines, last + 1):
        following = FOOTNOTE_LINE.match(source, lines.starts[last + 1], lines.ends[last + 1])
        if following and int(following.group("number")) == number + 1:
            break
        last += 1
    return last


def _find_marker(source: str, number: str, floor: int, ceiling: int) -> tuple[int, int] | None:
    """Span of the last marker for number in source[floor:ceiling]: glued to a word first, else after punctuation."""
    for pattern in _marker_patterns(number):
        match = _last_match(pattern, source, number, floor, ceiling)
        if match is not None:
            return match.start(), match.end()
    return None


def _last_match(pattern: re.Pattern, source: str, number: str, floor: int, ceiling: int) -> re.Match | None:
    """The last of pattern.finditer(source, floor, ceiling), found from the end: the occurrences of the number
    tried from the last one back (the marker usually stands just before its definition; the regex scanned the
    whole window). A marker pattern starts with the number and needs a non-digit before it, so two matches never
    overlap and finditer yields every match: the last to succeed from the end is finditer's last."""
    at = source.rfind(number, floor, ceiling)
    while at >= 0:
        match = pattern.match(source, at, ceiling)
        if match is not None:
            return match
        at = source.rfind(number, floor, at + len(number) - 1)
    return None


@lru_cache(maxsize=1024)
def _marker_patterns(number: str) -> tuple[re.Pattern, re.Pattern]:
    """The glued and the spaced marker pattern for a footnote number.

    Each starts with the number itself and checks what precedes it by lookbehind afterwards, so the regex
    engine jumps from one occurrence of the digits to the next instead of testing lookbehinds at every
    position of the window (same matches as the lookbehinds written first).
    """
    # Glued to a word, but not to an all-capitals one: "JA21" and "D66" are names, not markers.
    glued = re.compile(
        rf"{number}(?:(?<=[^\W\d_]{number})(?<![A-Z]{number})(?!\d)|(?<=[.,;:)’”'\"%?!]{number})(?![\d,.]?\d))"
    )
    spaced = re.compile(rf"{number}(?<=[.,;:)’”'\"%?!][ \t]{number})(?=[ \t]*(?:\n|$)|[ \t]+[A-Z])")
    return glued, spaced


def _line_index_after(lines: Lines, offset: int, start_index: int) -> int:
    """Index of the first line that starts after offset."""
    index = start_index
    while index < len(lines.starts) and lines.starts[index] <= offset:
        index += 1
    return index


def join_wrapped(lines: list[str]) -> str:
    """Join wrapped lines: a line ending in a hyphen glues to the next (URLs, compounds), others get a space."""
    text = ""
    for line in lines:
        stripped = " ".join(line.split())
        if not stripped:
            continue
        glue = text.endswith("-") and not line[:1].isspace()
        text = text + stripped if glue or not text else f"{text} {stripped}"
    return text
