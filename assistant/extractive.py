"""The extractive answer: the most relevant minister replies quoted verbatim, each under a header line."""

from __future__ import annotations

from typing import Sequence

from assistant.citations import make_citation
from assistant.evidence import recency_note
from core.models import Citation, Evidence

EXTRACTIVE_INTRO = "Extractive answer: the most relevant minister replies, quoted verbatim."


def header_line(citation: Citation) -> str:
    """'[n] faction · document · kamerstuk · date · lines a-b': where the quoted reply comes from."""
    parts = [f"{citation.faction}-fractie" if citation.faction else None, citation.document_title]
    parts.append(f"Kamerstuk {citation.kamerstuk}" if citation.kamerstuk else None)
    parts.append(citation.date.isoformat() if citation.date else "undated")
    parts.append(f"lines {citation.line_start}-{citation.line_end}")
    return f"[{citation.n}] " + " · ".join(part for part in parts if part)


def block_quote(text: str) -> str:
    """The reply verbatim, each line prefixed with '> ' so it reads as a quotation."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def extractive_citations(evidence: Sequence[Evidence]) -> list[Citation]:
    """Citations 1..n for the replies in the order given."""
    return [make_citation(item, n) for n, item in enumerate(evidence, start=1)]


def extractive_text(citations: Sequence[Citation], referred_by: dict[int, int] | None = None) -> str:
    """The full extractive answer text for the given citations."""
    lines = [EXTRACTIVE_INTRO]
    note = recency_note(citations)
    if note:
        lines.append(note)
    for citation in citations:
        header = header_line(citation)
        if referred_by and citation.n in referred_by:
            header += f" (referred to by [{referred_by[citation.n]}])"
        lines.extend(["", header, block_quote(citation.reply)])
    return "\n".join(lines)


def referred_numbers(evidence: Sequence[Evidence]) -> dict[int, int]:
    """For replies brought along by a reference: their number -> the number of the reply that refers to them."""
    number_of = {item.record.id: n for n, item in enumerate(evidence, start=1)}
    return {n: number_of[item.via] for n, item in enumerate(evidence, start=1) if item.via in number_of}
