"""The extractive position answer: one block per document, newest first, the sentences that carry each reply's
position quoted verbatim and numbered as citations.

The text is plain lines plus '> ' quote lines, so it reads the same in a terminal and as Markdown in the app.
"""

from __future__ import annotations

from typing import Sequence

from assistant.answerability import Intent
from assistant.citations import make_citation
from assistant.positions import Overview, Unit
from assistant.sentences import select_quotes
from core.models import Citation, Position, RecordKind, date_label

# Neutral wording: the quoted units may be minister replies, letter sections or passages of an unknown layout.
EXTRACTIVE_INTRO = "Extractive answer: quoted verbatim from the documents, by document, newest first."
MORE_LISTED = 5  # ids named in the text; the answer's "more" list holds them all
GAP = "…"  # shown between quoted sentences that are not adjacent in the reply


def overview_citations(overview: Overview, intent: Intent, question: str) -> tuple[list[Citation], list[Position]]:
    """Citations numbered in block order (each with its verbatim quotes) and one Position per block."""
    citations: list[Citation] = []
    positions: list[Position] = []
    for block in overview.blocks:
        numbers = []
        for unit in block:
            quotes = select_quotes(unit.evidence.record.text, intent, question)
            citations.append(make_citation(unit.evidence, len(citations) + 1, quotes))
            numbers.append(len(citations))
        document = block[0].evidence.document
        positions.append(
            Position(
                document_id=document.id,
                document_title=document.title,
                date=document.date,
                date_estimated=document.date_estimated,
                kamerstuk=document.kamerstukken[0] if document.kamerstukken else None,
                citations=numbers,
                also_asked_by=_distinct(f for unit in block for f in unit.also_asked_by),
            )
        )
    return citations, positions


def _distinct(items) -> list[str]:
    """Items in first-seen order, each once."""
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def overview_text(citations: Sequence[Citation], positions: Sequence[Position], blocks: Sequence[Sequence[Unit]],
                  more: Sequence[str]) -> str:
    """The whole extractive answer: intro, change-over-time line, document blocks, 'N more replies' line."""
    lines = [EXTRACTIVE_INTRO]
    note = change_note(positions)
    if note:
        lines.append(note)
    by_number = {c.n: c for c in citations}
    for position, block in zip(positions, blocks):
        lines.extend(["", block_header(position)])
        for number, unit in zip(position.citations, block):
            lines.extend(reply_lines(by_number[number], unit))
    if more:
        noun = "reply" if len(more) == 1 else "replies"
        listed = ", ".join(more[:MORE_LISTED])
        extra = len(more) - MORE_LISTED
        rest = f" and {extra} more (every id under \"more\" in the JSON answer)" if extra > 0 else ""
        lines.extend(["", f"{len(more)} more {noun} on this topic, not quoted here: {listed}{rest}."])
    return "\n".join(lines)


def block_header(position: Position) -> str:
    """'date · document title · Kamerstuk K': the line that opens a document block."""
    parts = [date_label(position.date, position.date_estimated), position.document_title]
    if position.kamerstuk:
        parts.append(f"Kamerstuk {position.kamerstuk}")
    return " · ".join(parts)


def _who(citation: Citation) -> str:
    """'PVV-fractie', 'letter section', or 'passage of the document' for a paragraph of an unrecognised layout."""
    if citation.kind == RecordKind.PARAGRAPH:
        return "passage of the document (not a minister's reply)"
    if citation.faction:
        return f"{citation.faction}-fractie"
    return "letter section" if citation.kind == RecordKind.LETTER_SECTION else "reply"


def reply_lines(citation: Citation, unit: Unit) -> list[str]:
    """'[n] faction · lines a-b · also asked by …' and the quoted sentences as '> ' lines."""
    parts = [f"[{citation.n}]", _who(citation)]
    parts.append(f"lines {citation.line_start}-{citation.line_end}")
    if unit.also_asked_by:
        parts.append("also asked by " + ", ".join(unit.also_asked_by))
    lines = [f"{parts[0]} " + " · ".join(parts[1:])]
    previous_end = None
    for quote in citation.quotes:
        start = citation.reply.find(quote)
        if previous_end is not None and citation.reply[previous_end:start].strip():
            lines.append(f"> {GAP}")
        lines.extend(f"> {line}" if line.strip() else ">" for line in quote.splitlines())
        previous_end = start + len(quote)
    return lines


def change_note(positions: Sequence[Position]) -> str | None:
    """One line from the dates: the most recent position's citations first, then the earlier ones by date."""
    dated = [p for p in positions if p.date is not None]
    if len({p.date for p in dated}) < 2:
        return None

    def cites(position: Position) -> str:
        return "".join(f"[{n}]" for n in position.citations)

    newest = dated[0]
    earlier = "; ".join(f"{date_label(p.date, p.date_estimated)} {cites(p)}" for p in dated[1:])
    return f"Most recent: {date_label(newest.date, newest.date_estimated)} {cites(newest)}; earlier: {earlier}."
