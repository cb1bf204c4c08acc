"""Pure text functions for the research chat: escaped Markdown, highlighted quotes, citation cards, export."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Sequence

from core.models import Answer, Citation, RecordKind, about_label, date_label

# Characters that start Markdown, GFM or Streamlit syntax anywhere in a line (links, emphasis, code,
# HTML, tables, strikethrough, LaTeX, ":red[...]" directives and ":emoji:" codes, entities).
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]<>~|$:&])")
# Characters that only matter at the start of a line: headings, quotes, lists, setext and thematic breaks.
_LINE_START_MARKER = re.compile(r"^([#+=>-])")
_LINE_START_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# Quote marks and dashes that verification treats as equal, so highlighting finds what it verified.
_EQUIVALENT = {
    **{c: "[\"'“”„‘’‚`]" for c in "\"'“”„‘’‚`"},
    **{c: "[-‐‑‒–—]" for c in "-‐‑‒–—"},
}
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*")

HIGHLIGHT_OPEN = ":orange-background["
HIGHLIGHT_CLOSE = "]"
NEAREST_LABEL = "Nearest, not an answer"
KIND_NAMES = {
    RecordKind.REPLY: "minister's reply",
    RecordKind.LETTER_SECTION: "section of a letter",
    RecordKind.PARAGRAPH: "passage of the document (layout not recognised; not a minister's reply)",
}
EMPTY_INDEX_HELP = "The index is empty. Ingest the bundled corpus first:"
INGEST_COMMAND = "antwoord ingest data/corpus"


def escape_inline(text: str) -> str:
    """Backslash-escape every character that could start Markdown or Streamlit markup inside a line."""
    return _INLINE_SPECIALS.sub(r"\\\1", text)


def _escape_piece(raw: str, line_start: bool) -> str:
    """Escape one piece of a line; the first piece also gets its line-start marker neutralised."""
    if line_start:
        ordered = _LINE_START_ORDERED.match(raw)
        if ordered:
            return ordered.group(1) + "\\" + ordered.group(2) + escape_inline(raw[ordered.end() :])
        if _LINE_START_MARKER.match(raw):
            return "\\" + raw[0] + escape_inline(raw[1:])
    return escape_inline(raw)


def _mark(escaped: str) -> str:
    """Wrap already-escaped text in the highlight directive, keeping edge spaces outside it."""
    core = escaped.strip()
    if not core:
        return escaped
    lead = escaped[: len(escaped) - len(escaped.lstrip())]
    tail = escaped[len(escaped.rstrip()) :]
    return f"{lead}{HIGHLIGHT_OPEN}{core}{HIGHLIGHT_CLOSE}{tail}"


def _line_pieces(line: str, offset: int, spans: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Split one line (starting at offset in the text) into (raw text, highlighted) pieces."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in spans:
        lo, hi = max(start - offset, cursor), min(end - offset, len(line))
        if hi <= lo:
            continue
        if lo > cursor:
            pieces.append((line[cursor:lo], False))
        pieces.append((line[lo:hi], True))
        cursor = hi
    if cursor < len(line):
        pieces.append((line[cursor:], False))
    return pieces


def render_text(text: str, spans: Sequence[tuple[int, int]] = ()) -> str:
    """Plain text as safe Markdown: escaped first, then the given character spans highlighted, line breaks kept."""
    spans = merge_spans(spans)
    out_lines: list[str] = []
    offset = 0
    for line in text.split("\n"):
        # Leading whitespace would turn a line into a code block; it carries no meaning in these documents.
        stripped = line.lstrip()
        start = offset + len(line) - len(stripped)
        pieces = _line_pieces(stripped.rstrip(), start, spans)
        parts = [_escape_piece(raw, i == 0) for i, (raw, _) in enumerate(pieces)]
        out_lines.append("".join(_mark(p) if marked else p for p, (_, marked) in zip(parts, pieces)))
        offset += len(line) + 1
    return _join_lines(out_lines)


def _join_lines(lines: Sequence[str]) -> str:
    """Join lines with hard breaks; blank lines stay paragraph breaks."""
    out = ""
    for i, line in enumerate(lines):
        if i:
            out += "\n" if not line or not lines[i - 1] else "  \n"
        out += line
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n")


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-empty, non-overlapping spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _fragment_pattern(fragment: str) -> str:
    """Regex for one quote fragment: any whitespace between words, equivalent quote marks and dashes."""
    words = [
        "".join(_EQUIVALENT.get(ch, re.escape(ch)) for ch in word) for word in fragment.split()
    ]
    return r"\s+".join(words)


def quote_spans(text: str, quotes: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans in text where the quotes (or their parts between ellipses) occur."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        position = 0
        for fragment in _ELLIPSIS.split(quote):
            fragment = fragment.strip(" .,;:\"'“”„‘’")
            if not fragment:
                continue
            found = re.compile(_fragment_pattern(fragment)).search(text, position)
            if found:
                spans.append(found.span())
                position = found.end()
    return merge_spans(spans)


def highlight_quotes(reply: str, quotes: Sequence[str]) -> str:
    """The full reply as safe Markdown with the quoted parts highlighted."""
    return render_text(reply, quote_spans(reply, quotes))


def excerpt_bounds(source: str, start: int, end: int, before: int = 500, after: int = 1500) -> tuple[int, int]:
    """A window of some characters before and after [start, end), widened to whole lines."""
    lo = max(0, start - before)
    hi = min(len(source), end + after)
    if lo > 0:
        newline = source.find("\n", lo, start)
        lo = newline + 1 if newline >= 0 else lo
    if hi < len(source):
        newline = source.rfind("\n", end, hi)
        hi = newline if newline >= 0 else hi
    return lo, hi


def document_excerpt(source: str, start: int, end: int, before: int = 500, after: int = 1500) -> str:
    """The reply in its surrounding source text as safe Markdown, the reply's span highlighted.

    Little text comes before the reply, so the highlight shows near the top of the scrolling view.
    """
    lo, hi = excerpt_bounds(source, start, end, before, after)
    body = render_text(source[lo:hi], [(start - lo, end - lo)])
    prefix = "…\n\n" if lo > 0 else ""
    suffix = "\n\n…" if hi < len(source) else ""
    return prefix + body + suffix


def citation_parts(citation: Citation) -> list[str]:
    """Who or what · document · kamerstuk · what it is about · date · lines, as plain text parts."""
    if citation.kind == RecordKind.PARAGRAPH:
        parts = [f"passage of {citation.document_title}"]  # an unrecognised layout: not a minister reply
    else:
        parts = [f"{citation.faction}-fractie"] if citation.faction else []  # letters answer no faction
        parts.append(citation.document_title)
    if citation.kamerstuk:
        parts.append(f"Kamerstuk {citation.kamerstuk}")
    if citation.refers_to_kamerstukken:
        parts.append(about_label(citation.refers_to_kamerstukken))  # the documents it discusses, not its own
    parts.append(date_label(citation.date, citation.date_estimated))
    parts.append(f"lines {citation.line_start}–{citation.line_end}")
    return parts


def citation_label(citation: Citation, nearest: bool = False) -> str:
    """The one-line, escaped label of a citation card, e.g. '[1] PVV-fractie · Verslag … · 2025-03-04'."""
    prefix = f"{NEAREST_LABEL} ({citation.n}) ·" if nearest else f"[{citation.n}]"
    return escape_inline(prefix + " " + " · ".join(citation_parts(citation)))


def details_label(citation: Citation) -> str:
    """The label of a card whose header the answer text already shows: '[1] details: …'."""
    return escape_inline(f"[{citation.n}] details: the members' question, the full text, its place in the document")


def citation_meta(citation: Citation) -> str:
    """The citation's metadata as an escaped Markdown list."""
    rows = [
        ("Kind", KIND_NAMES.get(citation.kind, str(citation.kind))),
        ("Faction", f"{citation.faction}-fractie" if citation.faction else "none (not a faction's question)"),
        ("Document", citation.document_title),
        ("Date", date_label(citation.date, citation.date_estimated)),
        ("Kamerstuk", citation.kamerstuk or "not stated"),
    ]
    if citation.refers_to_kamerstukken:
        rows.append(("About", "Kamerstuk " + ", ".join(citation.refers_to_kamerstukken)))
    rows += [("Lines", f"{citation.line_start}–{citation.line_end}"), ("Record", citation.id)]
    return "\n".join(f"- **{name}:** {escape_inline(value)}" for name, value in rows)


def answer_markdown(text: str) -> str:
    """Answer text as safe Markdown; its '> ' lines (verbatim replies) stay block quotes."""
    blocks: list[str] = []
    quote: list[str] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            blocks.append(_plain_markdown(plain))
            plain.clear()
        if quote:
            blocks.append("\n".join("> " + line if line else ">" for line in render_text("\n".join(quote)).split("\n")))
            quote.clear()

    for line in text.split("\n"):
        is_quote = line.startswith(">")
        if (is_quote and plain) or (not is_quote and quote):
            flush()
        (quote if is_quote else plain).append(line[2:] if line.startswith("> ") else line[1:] if is_quote else line)
    flush()
    return "\n\n".join(block for block in blocks if block.strip())


_CITATION_HEADER = re.compile(r"^\[\d+\] ")


def _plain_markdown(lines: Sequence[str]) -> str:
    """Plain answer lines as safe Markdown; a line that heads citation lines (a document) is set in bold."""
    out = []
    for i, line in enumerate(lines):
        rendered = render_text(line)
        heads = i + 1 < len(lines) and _CITATION_HEADER.match(lines[i + 1]) and not _CITATION_HEADER.match(line)
        out.append(f"**{rendered}**" if heads and rendered.strip() else rendered)
    return _join_lines(out)


def mode_caption(answer: Answer) -> str:
    """One line saying how the answer was made."""
    if answer.abstained:
        return "No answer: no retrieved reply was relevant enough."
    if answer.mode == "extractive":
        return "Extractive answer: the most relevant replies quoted verbatim, no language model."
    model = answer.settings.get("llm_model") or "the language model"
    return f"Written by {model} from the cited replies; quotes verified against them."


def _export_citation(citation: Citation, nearest: bool) -> list[str]:
    """One citation in the export: header line, question, reply, verified quotes."""
    lines = [f"**{citation_label(citation, nearest)}**  ", f"Record `{citation.id}`", ""]
    if citation.question:
        lines += ["*Members' question:*", "", _quote_block(citation.question), ""]
    lines += ["*Reply:*", "", _quote_block(citation.reply), ""]
    for quote in citation.quotes:
        lines.append(f"- quoted: “{escape_inline(quote)}”")
    if citation.quotes:
        lines.append("")
    return lines


def _quote_block(text: str) -> str:
    """Text as an escaped Markdown block quote."""
    return "\n".join("> " + line if line else ">" for line in render_text(text).split("\n"))


def export_turn(number: int, answer: Answer) -> list[str]:
    """One question and its answer (or abstention) with full citations, as Markdown lines."""
    lines = [f"## {number}. {escape_inline(answer.question)}", ""]
    if answer.standalone_question:
        lines += [f"*Understood as a follow-up:* {escape_inline(answer.standalone_question)}", ""]
    lines += [f"*{mode_caption(answer)}*", ""]
    if answer.notice:
        lines += [f"*Notice:* {escape_inline(answer.notice)}", ""]
    lines += [answer_markdown(answer.answer), ""]
    if answer.citations:
        lines += ["### Sources", ""]
        for citation in answer.citations:
            lines += _export_citation(citation, nearest=False)
    if answer.abstained and answer.nearest:
        lines += [f"### {NEAREST_LABEL}", ""]
        for citation in answer.nearest:
            lines += _export_citation(citation, nearest=True)
    return lines


def export_markdown(turns: Sequence[Answer], exported_at: datetime | None = None) -> str:
    """The whole conversation as one Markdown document with full citations."""
    stamp = (exported_at or datetime.now()).strftime("%Y-%m-%d %H:%M")
    lines = ["# antwoord research chat", "", f"Exported {stamp} · {len(turns)} question(s)", ""]
    for number, answer in enumerate(turns, start=1):
        lines += export_turn(number, answer)
    return "\n".join(lines).rstrip() + "\n"
