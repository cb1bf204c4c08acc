"""The extractive answer: the most relevant minister replies quoted verbatim, each under a header line."""

from __future__ import annotations

from typing import Sequence

from assistant.citations import make_citation
from assistant.evidence import recency_note
from core.models import Citation, Evidence, date_label

EXTRACTIVE_INTRO = "Extractive answer: the most relevant minister replies, quoted verbatim."


def header_line(citation: Citation) -> str:
    """'[n] faction · document · kamerstuk · date · lines a-b': where the quoted reply comes from."""
    parts = [f"{citation.faction}-fractie" if citation.faction else None, citation.document_title]
    parts.append(f"Kamerstuk {citation.kamerstuk}" if citation.kamerstuk else None)
    parts.append(date_label(citation.date, citation.date_estimated))
    parts.append(f"lines {citation.line_start}-{citation.line_end}")
    return f"[{citation.n}] " + " · ".join(part for part in parts if part)


def block_quote(text: str) -> str:
    """The reply verbatim, each line prefixed with '> ' so it reads as a quotation."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def extractive_citations(evidence: Sequence[Evidence]) -> list[Citation]:
    """Citations 1..n for the replies in the order given."""
    return [make_citation(item, n) for n, item in enumerate(evidence, start=1)]


def extractive_text(citations: Sequence[Citation], notes: dict[int, str] | None = None) -> str:
    """The full extractive answer text for the given citations; notes are appended to header lines by number."""
    lines = [EXTRACTIVE_INTRO]
    note = recency_note(citations)
    if note:
        lines.append(note)
    for citation in citations:
        header = header_line(citation)
        if notes and citation.n in notes:
            header += f" ({notes[citation.n]})"
        lines.extend(["", header, block_quote(citation.reply)])
    return "\n".join(lines)


def reference_notes(evidence: Sequence[Evidence]) -> dict[int, str]:
    """Per number: 'refers to [m]' and/or 'referred to by [m]' for references between the quoted replies."""
    number_of = {item.record.id: n for n, item in enumerate(evidence, start=1)}
    notes: dict[int, list[str]] = {}
    for n, item in enumerate(evidence, start=1):
        targets = [number_of[t] for t in item.record.refers_to if t in number_of and number_of[t] != n]
        if targets:
            notes.setdefault(n, []).append("refers to " + ", ".join(f"[{t}]" for t in targets))
        if item.via in number_of:
            notes.setdefault(n, []).append(f"referred to by [{number_of[item.via]}]")
    return {n: "; ".join(parts) for n, parts in notes.items()}
