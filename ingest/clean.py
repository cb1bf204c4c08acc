"""Cleaning of source spans: page furniture, bookmarks, footnotes, hyphenation and paragraphs.

`clean_span(source, start, end)` turns a span of a document's text into the cleaned text plus the footnotes
whose markers stand in the span. The whole source is analysed once (cached) because a footnote's definition
usually lies outside the span that holds its marker, and a page break inside a span needs the page layout.

Rules: page numbers, URL-only lines (repeated link annotations of PDF extractions), `[bookmark: …]` tags and
footnote definitions and markers are cut; a word hyphenated at a line break is joined, keeping the hyphen of a
real compound (EU-grondgebied, GroenLinks-PvdA, non-refoulement) and the space of "Asiel- en"; paragraphs are
separated by a blank line, wrapped lines of one paragraph joined with a space.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import compress
from operator import not_
from typing import NamedTuple

from core.models import Footnote
from core.text import squeezed
from ingest.footnotes import BARE_NUMBER_LINE, URL_LINE, FootnoteDef, find_footnotes, lines_of

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
# A line that ends a sentence; a shorter-than-usual such line ends its paragraph in wrapped text.
SENTENCE_END = re.compile(r"[.?!:][)’”'\"]*$")
PARAGRAPH_START = re.compile(r"[A-Z0-9À-Ý‘“'\"(•\-–]")
HYPHEN_AT_END = re.compile(r"(?P<word>\S*[^\W\d_])-$")
# Words after "Asiel- " that show the hyphen is an elided compound part, not a line-break hyphenation.
ELISION_WORDS = {"en", "of", "tot", "noch", "dan"}
# Documents whose lines are this long (90th percentile) hold one paragraph per line (Word exports).
PARAGRAPH_PER_LINE_WIDTH = 150
SHORT_LINE_RATIO = 0.7
PARAGRAPH_BREAK = "\n\n"


class CleanText(NamedTuple):
    """Cleaned text of a span and the footnotes cut out of it."""

    text: str
    footnotes: list[Footnote]


class Cuts(NamedTuple):
    """Ranges cut out of the text (bookmarks, footnote definitions and markers), sorted, with a lookup aid."""

    spans: list[tuple[int, int]]
    starts: list[int]
    longest: int  # the longest cut: a cut touching [a, b) starts at or after a - longest

    @classmethod
    def of(cls, spans: list[tuple[int, int]]) -> "Cuts":
        spans = sorted(spans)
        return cls(spans, [start for start, _ in spans], max((end - start for start, end in spans), default=0))

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The cuts that may overlap [start, end), in order (found by bisection, not by a scan of all)."""
        low = bisect.bisect_left(self.starts, start - self.longest)
        return self.spans[low:bisect.bisect_left(self.starts, end)]


class Layout(NamedTuple):
    """What cleaning needs to know about a whole source: lines, furniture, cuts, footnotes, line width."""

    line_starts: list[int]  # where each line's text starts
    line_ends: list[int]  # and where it ends (before the line break)
    furniture: frozenset[int]
    cuts: Cuts
    footnotes: list[FootnoteDef]
    width: int
    texts: list[str]  # each line's text (source[line.start:line.end]), split once
    cut_lines: frozenset[int]  # lines a cut overlaps; every other line keeps its text as it stands
    blank: list[bool]  # per line: it holds whitespace only


class Piece(NamedTuple):
    """One source line inside a span: kind 'text', 'blank' or 'furniture', its kept text, and layout hints."""

    kind: str
    text: str
    indented: bool
    open_hyphen: bool


def clean_span(source: str, start: int, end: int) -> CleanText:
    """Return the cleaned text of source[start:end] and the footnotes whose markers stand in it."""
    layout = analyse(source)
    text = _assemble(source, layout, _pieces(source, layout, start, end))
    footnotes = [Footnote(number=f.number, text=f.text) for f in layout.footnotes if start <= f.marker_start < end]
    return CleanText(text, footnotes)


def body_lines(source: str, start: int, end: int) -> list[tuple[int, str, bool]]:
    """(offset of the line, its text, a blank line before it) for each non-blank line of source[start:end] that
    is not page furniture; the parsers' one walk over a section's lines."""
    layout = analyse(source)
    starts, texts, furniture, blank = layout.line_starts, layout.texts, layout.furniture, layout.blank
    first = max(0, bisect.bisect_right(starts, start) - 1)  # skip the lines before the section
    if layout.line_ends[first] <= start:  # only the first line can end before the section: it is not in it
        first += 1
    found, gap = [], False
    # The lines that start before the end; blank lines only mark the gap (furniture lines do not).
    for index in range(first, bisect.bisect_left(starts, end)):
        if index in furniture:
            continue
        if blank[index]:
            gap = True
            continue
        found.append((starts[index], texts[index], gap))
        gap = False
    return found


def line_of(source: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return bisect.bisect_right(analyse(source).line_starts, offset)


def footnotes_of(source: str) -> list[FootnoteDef]:
    """All footnotes found in the source, with definition spans and marker offsets."""
    return analyse(source).footnotes


@lru_cache(maxsize=16)
def analyse(source: str) -> Layout:
    """Lines, furniture lines, cut ranges, footnotes and wrap width of a source (cached per text)."""
    texts = source.split("\n")  # the text of each line
    lines = lines_of(texts)
    line_starts, line_ends = lines
    footnotes = find_footnotes(source, lines)
    # Every bookmark starts with its tag: a text without one (most) is not scanned by the regex.
    cuts = [m.span() for m in BOOKMARK.finditer(source)] if "[bookmark: " in source else []
    for footnote in footnotes:
        cuts += [(footnote.start, footnote.end), (footnote.marker_start, footnote.marker_end)]
    cuts = Cuts.of(cuts)
    blank = list(map(not_, map(str.strip, texts)))  # per line, in C
    cut_lines = _cut_lines(line_starts, line_ends, cuts)
    furniture = frozenset(_furniture(source, line_starts, line_ends, texts, blank, cuts, cut_lines))
    width = _wrap_width(texts, blank)
    return Layout(line_starts, line_ends, furniture, cuts, footnotes, width, texts, cut_lines, blank)


def _cut_lines(line_starts: list[int], line_ends: list[int], cuts: Cuts) -> frozenset[int]:
    """Indices of the lines that a cut overlaps (found from the few cuts, not by a lookup per line)."""
    found = set()
    for cut_start, cut_end in cuts.spans:
        index = max(0, bisect.bisect_right(line_starts, cut_start) - 1)
        while index < len(line_starts) and line_starts[index] < cut_end:
            if line_ends[index] > cut_start:
                found.add(index)
            index += 1
    return frozenset(found)


def _furniture(source: str, line_starts: list[int], line_ends: list[int], texts: list[str], blank: list[bool],
               cuts: Cuts, cut_lines: frozenset[int]) -> set[int]:
    """Indices of lines that are wholly page furniture: URL lines, page numbers, cut footnote definitions.

    Only the lines that can be furniture are looked at, found by substring and regex scans of the whole text
    (a test per line cost more than the rest of the analysis).
    """
    found = {index for index in _lines_holding(source, line_starts, ("://", "www.")) if _is_url_line(texts[index])}
    # A page number stands between blank lines: only the few lines that do are tried (found in C from the blanks).
    found.update(index for index in _between_blank_lines(blank) if _is_bare_number_line(texts[index]))
    for index in cut_lines:
        if not blank[index] and not _without_cuts(source, line_starts[index], line_ends[index], cuts).strip():
            found.add(index)
    return found


def _lines_holding(source: str, line_starts: list[int], phrases: tuple[str, ...]) -> set[int]:
    """Indices of the lines that hold one of the phrases (none holds a line break)."""
    found = set()
    for phrase in phrases:
        at = source.find(phrase)
        while at >= 0:
            found.add(bisect.bisect_right(line_starts, at) - 1)
            at = source.find(phrase, at + 1)
    return found


def _is_url_line(text: str) -> bool:
    """URL_LINE.fullmatch(text), tried only when the line holds what every URL line holds."""
    return ("://" in text or "www." in text) and URL_LINE.fullmatch(text) is not None


def _is_bare_number_line(text: str) -> bool:
    """BARE_NUMBER_LINE.fullmatch(text), tried only when the line ends in a digit, space or tab."""
    last = text[-1:]
    return (last.isdigit() or last in (" ", "\t")) and BARE_NUMBER_LINE.fullmatch(text) is not None


def _between_blank_lines(blank: list[bool]) -> Iterator[int]:
    """Indices of the non-blank lines whose neighbours are blank (or the text's edge), as around a page number."""
    edged = [True, *blank, True]
    return compress(range(len(blank)), map(all, zip(edged, edged[2:], map(not_, blank))))


def _wrap_width(texts: list[str], blank: list[bool]) -> int:
    """The 90th-percentile length of non-blank lines: the width wrapped text fills."""
    lengths = sorted(map(len, map(str.rstrip, compress(texts, map(not_, blank)))))
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _without_cuts(source: str, start: int, end: int, cuts: Cuts) -> str:
    """source[start:end] with the cut ranges removed."""
    kept, cursor = [], start
    for cut_start, cut_end in cuts.within(start, end):
        if cut_end <= cursor or cut_start >= end:
            continue
        kept.append(source[cursor:max(cursor, cut_start)])
        cursor = max(cursor, cut_end)
    kept.append(source[cursor:end] if cursor < end else "")
    return "".join(kept)


_new_piece = tuple.__new__  # a Piece from a tuple in C: the NamedTuple constructor is a Python call per line
_FURNITURE_PIECE = Piece("furniture", "", False, False)
_BLANK_PIECE = Piece("blank", "", False, False)


def _pieces(source: str, layout: Layout, start: int, end: int) -> list[Piece]:
    """The lines overlapping source[start:end], clipped to it, classified and with cuts removed."""
    pieces = []
    starts, ends, texts = layout.line_starts, layout.line_ends, layout.texts
    furniture, cut_lines = layout.furniture, layout.cut_lines
    first = max(0, bisect.bisect_right(starts, start) - 1)
    for index in range(first, len(starts)):
        line_start, line_end = starts[index], ends[index]
        if line_start >= end and index > first:
            break
        if index in furniture:
            pieces.append(_FURNITURE_PIECE)
            continue
        if start <= line_start and line_end <= end:  # the whole line: its text is at hand
            clip_start, clip_end, raw = line_start, line_end, texts[index]
        else:
            clip_start, clip_end = max(line_start, start), min(line_end, end)
            raw = source[clip_start:clip_end] if clip_start < clip_end else ""
        if index in cut_lines:
            if not raw.strip():
                pieces.append(_BLANK_PIECE)
                continue
            kept = _without_cuts(source, clip_start, clip_end, layout.cuts)
            text = " ".join(kept.split())
        else:  # most lines: the normalised text, empty exactly when the line is blank, tells both
            kept, text = raw, squeezed(raw)
            if not text:
                pieces.append(_BLANK_PIECE)
                continue
        indented = clip_start == line_start and raw[:1].isspace()
        pieces.append(_new_piece(Piece, ("text", text, indented, kept.endswith("-"))))
    return pieces


def _assemble(source: str, layout: Layout, pieces: list[Piece]) -> str:
    """Join the text pieces into paragraphs, deciding at each line break between space, glue and paragraph."""
    text, previous, gap = "", None, []
    for piece in pieces:
        kind, piece_text = piece[0], piece[1]  # by index: a NamedTuple field name is a descriptor call per line
        if kind != "text":
            gap.append(kind)
            continue
        if previous is None:
            text = piece_text
        elif piece_text[:1].islower() and not text.endswith("-"):
            # Most wrapped lines: what _is_paragraph_break (a lowercase start continues the paragraph) and
            # _join_line (no hyphen to look at: one space) answer first, without the two calls.
            text = f"{text} {piece_text}"
        elif _is_paragraph_break(layout, previous, piece, gap):
            text = f"{text}{PARAGRAPH_BREAK}{piece_text}"
        else:
            text = _join_line(source, text, previous, piece_text)
        previous, gap = piece, []
    return text.strip()


def _is_paragraph_break(layout: Layout, previous: Piece, piece: Piece, gap: list[str]) -> bool:
    """Whether the break between two text lines (with gap lines between) separates paragraphs."""
    if piece.text and piece.text[0].islower():
        return False
    if layout.width > PARAGRAPH_PER_LINE_WIDTH:
        return True
    if gap == ["blank"] and not piece.indented:
        return not previous.open_hyphen
    starts_paragraph = PARAGRAPH_START.match(piece.text) is not None
    if not gap and not piece.indented:
        # Wrapped text fills its lines, so a short line ends a paragraph or is a heading.
        short = len(previous.text) < SHORT_LINE_RATIO * layout.width
        return short and starts_paragraph and not previous.text.endswith((",", "-", ";"))
    # A page break: its furniture says nothing about paragraphs.
    return starts_paragraph and SENTENCE_END.search(previous.text) is not None


def _join_line(source: str, text: str, previous: Piece, following: str) -> str:
    """Join a wrapped line to the text: glue a line-break hyphenation, otherwise one space."""
    if not text.endswith("-"):  # most lines: no hyphen to look at
        return f"{text} {following}"
    # Only the last word can end in the hyphen; searching the whole text each line made cleaning quadratic.
    last_word_start = max(text.rfind(" "), text.rfind("\n")) + 1
    hyphen = HYPHEN_AT_END.search(text, last_word_start)
    first_word = following.split(" ", 1)[0]
    if not hyphen or not previous.open_hyphen or not following[:1].isalpha() or first_word in ELISION_WORDS:
        return f"{text} {following}"
    if _keeps_hyphen(source, hyphen.group("word"), following):
        return text + following
    return text[:-1] + following


def _keeps_hyphen(source: str, word: str, following: str) -> bool:
    """True when 'word-' + following is a real compound rather than a word split over two lines."""
    # Capitals or digits inside the word mark names and acronyms (EU-, GroenLinks-, A4-); a capital at
    # its start only means the word begins a sentence ("Tegelij-kertijd"), which is no reason to keep it.
    inner = word[1:]
    if any(c.isupper() or c.isdigit() for c in inner) or "-" in word or not following[0].islower():
        return True
    head = following[:4]
    if f"{word}-{head}" in source:
        return True
    return f"{word}{head}" not in source and len(word) <= 3
