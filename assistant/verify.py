"""Check a generated answer against its sources: citations must exist, quotes must be verbatim."""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from assistant.citations import MARKER, citations_for, marker_numbers, renumber_citations
from core.models import Citation, Evidence

# Short quotes are terms ("terugkeerhubs"), not claims about wording; only longer ones are checked.
MIN_QUOTE_WORDS = 4
REMOVED_QUOTE = "[unverified quote removed]"

QUOTE = re.compile(r'"([^"\n]+?)"|“([^“”\n]+?)”|„([^„“”\n]+?)[“”]|«([^«»\n]+?)»')
_ELLIPSIS = re.compile(r"\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\]")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_TRAILING_MARKERS = re.compile(r"(?:\s*" + MARKER.pattern + r")+", re.IGNORECASE)
_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                              "–": "-", "—": "-", "\u00ad": None})


class QuoteCheck(NamedTuple):
    """Text with unverifiable quotes removed, verified quotes per source number (1-based), removed quotes."""

    text: str
    quotes: dict[int, list[str]]
    removed: list[str]


class Verification(NamedTuple):
    """A verified answer: rewritten text, its citations, and what was removed."""

    text: str
    citations: list[Citation]
    dropped_numbers: list[int]
    removed_quotes: list[str]


def normalise(text: str) -> str:
    """Unify quote marks, dashes and whitespace so verbatim checks ignore typography."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_CHARS)).strip()


def quote_fragments(quote: str) -> list[str]:
    """The parts of a quote between ellipses, stripped of edge punctuation, normalised."""
    fragments = [normalise(part).strip(" .,;:") for part in _ELLIPSIS.split(quote)]
    return [fragment for fragment in fragments if fragment]


def occurs_verbatim(quote: str, reply: str) -> bool:
    """True when every fragment of the quote occurs in the reply, in order."""
    haystack, position = normalise(reply), 0
    for fragment in quote_fragments(quote):
        found = haystack.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True


def is_checked_quote(quote: str) -> bool:
    """Only quotes of MIN_QUOTE_WORDS words or more claim to reproduce wording."""
    return len(quote.split()) >= MIN_QUOTE_WORDS


def sentence_numbers(text: str, start: int, end: int) -> list[int]:
    """Citation numbers in the sentence around text[start:end], including markers right after its end."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    sentence_start = before[-1] if before else 0
    after = _SENTENCE_END.search(text, end)
    sentence_end = after.end() if after else len(text)
    trailing = _TRAILING_MARKERS.match(text, sentence_end)
    if trailing:
        sentence_end = trailing.end()
    numbers: list[int] = []
    for match in MARKER.finditer(text, sentence_start, sentence_end):
        numbers.extend(n for n in marker_numbers(match.group(1)) if n not in numbers)
    return numbers


def _source_of(quote: str, candidates: Sequence[int], sources: Sequence[Evidence]) -> int | None:
    """The first candidate source number whose reply contains the quote verbatim."""
    for number in candidates:
        if occurs_verbatim(quote, sources[number - 1].record.text):
            return number
    return None


def check_quotes(text: str, sources: Sequence[Evidence]) -> QuoteCheck:
    """Keep quotes found verbatim in a cited reply; cite uncited true quotes; remove the rest."""
    quotes: dict[int, list[str]] = {}
    removed: list[str] = []
    edits: list[tuple[int, int, str]] = []
    everything = range(1, len(sources) + 1)
    for match in QUOTE.finditer(text):
        quote = next(group for group in match.groups() if group is not None)
        if not is_checked_quote(quote):
            continue
        cited = [n for n in sentence_numbers(text, match.start(), match.end()) if 1 <= n <= len(sources)]
        number = _source_of(quote, cited or everything, sources)
        if number is None:
            removed.append(quote.strip())
            edits.append((match.start(), match.end(), REMOVED_QUOTE))
            continue
        quotes.setdefault(number, []).append(quote.strip())
        if not cited:
            edits.append((match.end(), match.end(), f" [{number}]"))
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return QuoteCheck(text, quotes, removed)


def verify_answer(raw: str, sources: Sequence[Evidence]) -> Verification:
    """Remove unverifiable quotes and citations of sources not provided; number the rest 1..n."""
    checked = check_quotes(raw, sources)
    renumbered = renumber_citations(checked.text, len(sources))
    citations = citations_for(renumbered.kept, sources, checked.quotes)
    return Verification(renumbered.text, citations, renumbered.dropped, checked.removed)
