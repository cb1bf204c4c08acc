"""Pure functions: the model's [n] markers -> numbered citations of the replies that were provided."""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from core.models import Citation, Document, Evidence, Record

# [1], [1, 2], [1;2], [source 1], [bron 2]: the forms models actually write.
MARKER = re.compile(r"\[\s*(?:(?:source|bron)\s*)?(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")


class Renumbered(NamedTuple):
    """Result of renumbering: rewritten text, kept source numbers (new n = position + 1), dropped numbers."""

    text: str
    kept: list[int]
    dropped: list[int]


def marker_numbers(marker_body: str) -> list[int]:
    """The distinct numbers in one marker's body, in the order written."""
    numbers: list[int] = []
    for token in _NUMBER.findall(marker_body):
        if int(token) not in numbers:
            numbers.append(int(token))
    return numbers


def renumber_citations(text: str, provided: int) -> Renumbered:
    """Drop numbers outside 1..provided and renumber the kept ones 1..n in order of first appearance."""
    kept: list[int] = []
    dropped: list[int] = []

    def rewrite(match: re.Match) -> str:
        parts = []
        for number in marker_numbers(match.group(1)):
            if 1 <= number <= provided:
                if number not in kept:
                    kept.append(number)
                parts.append(f"[{kept.index(number) + 1}]")
            elif number not in dropped:
                dropped.append(number)
        return "".join(parts)

    rewritten = MARKER.sub(rewrite, text)
    return Renumbered(tidy_spacing(rewritten), kept, dropped)


def tidy_spacing(text: str) -> str:
    """Remove the gaps left where markers or quotes were deleted (double spaces, space before punctuation)."""
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def make_citation(evidence: Evidence, n: int, quotes: Sequence[str] = ()) -> Citation:
    """One numbered citation of a retrieved reply."""
    return citation_of(evidence.record, evidence.document, n, score=evidence.score, quotes=quotes)


def citation_of(
    record: Record, document: Document, n: int, score: float | None = None, quotes: Sequence[str] = ()
) -> Citation:
    """One numbered citation of a record: where it stands, what it answers and its full text."""
    return Citation(
        n=n,
        id=record.id,
        document_title=document.title,
        date=document.date,
        date_estimated=document.date_estimated,
        kamerstuk=document.kamerstukken[0] if document.kamerstukken else None,
        refers_to_kamerstukken=list(getattr(document, "refers_to_kamerstukken", [])),
        kind=record.kind,
        faction=record.faction,
        question=record.question,
        reply=record.text,
        char_start=record.char_start,
        char_end=record.char_end,
        line_start=record.line_start,
        line_end=record.line_end,
        score=score,
        quotes=list(quotes),
    )


def citations_for(kept: Sequence[int], sources: Sequence[Evidence], quotes: dict[int, list[str]]) -> list[Citation]:
    """Citations numbered 1..n for the kept source numbers (1-based into sources), with their verified quotes."""
    return [make_citation(sources[number - 1], n, quotes.get(number, [])) for n, number in enumerate(kept, start=1)]
