"""Cleaning of source spans: hyphenation, page furniture, bookmarks and footnotes.

PLACEHOLDER interface (to be replaced by the real implementation): `clean_span` turns a span of the
source text into the cleaned reply text plus the footnotes cut out of it.
"""

from __future__ import annotations

from typing import NamedTuple

from core.models import Footnote


class CleanText(NamedTuple):
    """Cleaned text of a span and the footnotes cut out of it."""

    text: str
    footnotes: list[Footnote]


def clean_span(source: str, start: int, end: int) -> CleanText:
    """Return the cleaned text of source[start:end] and its footnotes."""
    return CleanText(" ".join(source[start:end].split()), [])


def line_of(source: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return source.count("\n", 0, offset) + 1
