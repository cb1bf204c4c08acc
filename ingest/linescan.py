"""Cheap pre-checks that spare slow regex scans, with the same results.

Line-anchored regexes: a pattern like `^[ \t]*Vragen en opmerkingen van de leden van de …` (re.MULTILINE) makes
the regex engine test "^" at every position of a 50 KB text. Looking for the phrase with str.find and matching
at the start of each line that holds it gives the same matches, in the same order, at a fraction of the cost.
Case-insensitive regexes: a text whose lowercase form holds none of the phrases every match contains has no
match (`may_contain`), which a substring search tells far faster than an IGNORECASE regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache


class LinePattern:
    """A '^'-anchored re.MULTILINE pattern whose matches hold `phrase` (or one of several) on their first line.

    With ignore_case (an re.IGNORECASE pattern, a phrase of lowercase ASCII letters and spaces) the phrase is looked
    for in lowered_ascii(source); a text the lowering cannot stand in for is left to the regex.
    """

    def __init__(self, pattern: re.Pattern, phrase: str | tuple[str, ...], ignore_case: bool = False):
        self.pattern = pattern
        self.phrases = (phrase,) if isinstance(phrase, str) else phrase
        self.ignore_case = ignore_case

    def search(self, source: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """Same as self.pattern.search(source, pos, endpos)."""
        return next(self.finditer(source, pos, endpos), None)

    def finditer(self, source: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """Same matches as self.pattern.finditer(source, pos, endpos)."""
        endpos = len(source) if endpos is None else endpos
        haystack = source
        if self.ignore_case:
            haystack = lowered_ascii(source)
            if len(haystack) != len(source) or any(odd in source for odd in CASE_ODD):
                yield from self.pattern.finditer(source, pos, endpos)  # offsets would not line up, or more matches
                return
        after = pos  # matches do not overlap: the next one starts where the last ended
        for line_start in self._candidate_lines(haystack, pos, endpos):
            if line_start < after:
                continue
            match = self.pattern.match(source, line_start, endpos)
            if match is not None:
                yield match
                after = max(match.end(), line_start + 1)

    def _candidate_lines(self, source: str, pos: int, endpos: int) -> Iterator[int]:
        """Starts (ascending, each once) of the lines at or after pos that hold a phrase before endpos (source is
        the text or its lowered_ascii form: the same line breaks at the same offsets)."""
        if len(self.phrases) == 1:
            return _phrase_lines(source, self.phrases[0], pos, endpos)
        return iter(sorted(set().union(*(_phrase_lines(source, phrase, pos, endpos) for phrase in self.phrases))))


def _phrase_lines(source: str, phrase: str, pos: int, endpos: int) -> Iterator[int]:
    """Starts (ascending, each once) of the lines at or after pos that hold phrase before endpos."""
    last = -1
    found = source.find(phrase, pos, endpos)
    while found >= 0:
        line_start = source.rfind("\n", 0, found) + 1
        if line_start >= pos and line_start != last:
            yield line_start
            last = line_start
        found = source.find(phrase, found + 1, endpos)


# Characters a case-insensitive regex equates with an ASCII letter while str.lower() does not map them to it
# (checked over all of Unicode for the letters of the phrases used).
CASE_ODD = ("ſ", "ı", "İ")


def may_contain(text: str, phrases: tuple[str, ...]) -> bool:
    """False only when no phrase (lowercase ASCII letters and spaces) can match text case-insensitively.

    re.IGNORECASE also matches 'ſ' for 's' and 'ı'/'İ' for 'i', which lower() keeps apart: texts holding them
    are left to the regex.
    """
    return phrase_in(text, phrases) is not False


def phrase_in(text: str, phrases: tuple[str, ...]) -> bool | None:
    """Whether one of the phrases (lowercase ASCII letters and spaces) occurs in text case-insensitively, as the
    regex alternating them with re.IGNORECASE would find; None for a text holding a character of CASE_ODD."""
    if "ſ" in text or "ı" in text or "İ" in text:  # CASE_ODD, without a generator per call
        return None
    if text.isascii() or "\u212a" in text:  # lower() maps the Kelvin sign to "k", bytes.lower() does not
        lowered = text.lower()
        return any(phrase in lowered for phrase in phrases)
    # Other text: lowering its UTF-8 bytes (A-Z only, in C) finds the same ASCII phrases four times faster than
    # str.lower(), which looks every character up; no other character lowers to an ASCII letter.
    lowered_bytes = text.encode("utf-8", "surrogatepass").lower()
    return any(phrase in lowered_bytes for phrase in _encoded(phrases))


@lru_cache(maxsize=64)
def _encoded(phrases: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(phrase.encode("ascii") for phrase in phrases)


@lru_cache(maxsize=2)  # the parsers and the metadata of one document look for phrases in it
def lowered_ascii(source: str) -> str:
    """What phrase searches read of source.lower(): the same ASCII letters, at the same offsets.

    A text with other characters is lowered as UTF-8 bytes (A-Z only, in C; several times faster than str.lower(),
    which looks every character up): the ASCII characters come out as str.lower() makes them, and the others stay
    non-ASCII, which is all the callers' ASCII phrases and patterns can tell. The only characters whose lower case
    is ASCII or longer (İ, the Kelvin sign) take str.lower() itself; a caller compares the lengths before it uses
    offsets in the lowered text.
    """
    if source.isascii() or "\u0130" in source or "\u212a" in source:
        return source.lower()
    return source.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
