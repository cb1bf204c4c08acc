"""Tweede Kamer written consultation in separate parts: all questions first, then the government's reactions.

Layout: "I Vragen en opmerkingen vanuit de fracties" with a section per faction ("Vragen en opmerkingen van
de leden van de X-fractie"), then "II Reactie van de bewindspersoon" (or "… van het kabinet") with a section
per faction ("Reactie op vragen en opmerkingen van de leden van de X-fractie"). Replies are paired with
questions by faction, and within a faction:
1. where the reaction repeats each question ("De leden van de X-fractie vragen …") before answering it, by
   that repetition;
2. where questions and reactions are numbered ("1.", "Vraag 1", "Antwoord 1", "Ad 1"), by number;
3. where both have as many paragraphs, paragraph by paragraph;
4. otherwise the whole reaction answers all the faction's questions (one record, with a warning).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from core.models import Record, RecordKind, make_record_id
from ingest.clean import clean_span, line_of
from ingest.factions import normalise_faction
from ingest.linescan import LinePattern
from ingest.numbered import Line, text_lines
from ingest.tweede_kamer import REPLY_HINT

LAYOUT = "tk_delen"
# LinePattern: each is tried only on lines holding its phrase (same matches as a search of the whole text).
QUESTION_HEADER = LinePattern(re.compile(
    r"^[ \t]*(?:\d+\.?[ \t]+)?Vragen en opmerkingen van de leden van de (?P<name>[^\n]+?)-[ \t]*\n?[ \t]*fractie[ \t]*$",
    re.M,
), "Vragen en opmerkingen van de leden van de ")
REACTION_HEADER = LinePattern(re.compile(
    r"^[ \t]*(?:\d+\.?[ \t]+)?Reactie (?:van (?:de bewindspersoon|het kabinet|de minister|de staatssecretaris) )?"
    r"op (?:de )?(?:vragen en opmerkingen|inbreng|vragen) van de leden van de (?P<name>[^\n]+?)-[ \t]*\n?[ \t]*fractie"
    r"[ \t]*$",
    re.M,
), "Reactie ")
PART_TWO = LinePattern(re.compile(r"^[ \t]*II\.?[ \t]+(?:Reactie|Antwoord|Beantwoording)\b[^\n]*$", re.M), "II")
NUMBERED = re.compile(r"(?:(?:Vraag|Antwoord|Ad|Reactie)\s+)?(?P<number>\d{1,3})(?:[.):]\s*|\s*$)(?P<rest>.*)", re.I)
# A repeated question opens with the members ("De leden van de X-fractie vragen …") or ends with a question mark;
# replies mention the members too ("Het kabinet is het met de leden … eens"), so a mention alone is not enough.
ASKS = re.compile(r"^(?:De|Deze|Die)\s+(?:aan het woord zijnde\s+)?leden\b|\?[)’”'\"]*$")
LABEL = re.compile(r"(?:Antwoord|Reactie|Beantwoording)(?: van het kabinet| van de minister)?\s*:?", re.I)
WHOLE_SECTION_WARNING = "faction {faction}: {replies} reaction paragraph(s) for {questions} question paragraph(s); " \
                        "stored the whole reaction as one reply to all its questions"


class Item(NamedTuple):
    """A question (lines, possibly none) and the reply lines that answer it."""

    question: list[Line]
    reply: list[Line]


def looks_like(source: str) -> bool:
    """A report with faction reaction sections ('Reactie op vragen en opmerkingen van de leden van de …')."""
    return REACTION_HEADER.search(source) is not None and QUESTION_HEADER.search(source) is not None


def parse(source: str, document_id: str) -> list[Record]:
    return parse_with_warnings(source, document_id)[0]


def parse_with_warnings(source: str, document_id: str) -> tuple[list[Record], list[str]]:
    """The replies, paired with questions by faction, and the warnings of sections paired as a whole."""
    questions = _sections(source, QUESTION_HEADER, 0, _reactions_start(source))
    records: list[Record] = []
    warnings: list[str] = []
    for faction, lines in _sections(source, REACTION_HEADER, 0, len(source)).items():
        items, warning = _items(lines, questions.get(faction, []))
        if warning:
            warnings.append(WHOLE_SECTION_WARNING.format(faction=faction, **warning))
        for item in items:
            if item.reply:
                records.append(_record(source, document_id, len(records), faction, item))
    return records, warnings


def _reactions_start(source: str) -> int:
    part = PART_TWO.search(source)
    first = REACTION_HEADER.search(source)
    return min(m.start() for m in (part, first) if m is not None)


def _sections(source: str, header: LinePattern, start: int, end: int) -> dict[str, list[Line]]:
    """Faction → text lines of its section(s) between start and end (a section ends at the next header)."""
    headers = [m for m in header.finditer(source, start, end)]
    stops = sorted({m.start() for m in (*QUESTION_HEADER.finditer(source), *REACTION_HEADER.finditer(source),
                                        *PART_TWO.finditer(source))} | {end})
    found: dict[str, list[Line]] = {}
    for match in headers:
        stop = min(s for s in stops if s > match.start())
        lines = text_lines(source, match.end(), min(stop, end))
        if lines:  # a table of contents repeats the headers with nothing under them
            found.setdefault(normalise_faction(match.group("name")), []).extend(lines)
    return found


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into paragraphs: a blank line, or in text without blank lines every line, starts one."""
    gaps = any(line.after_gap for line in lines[1:])
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or (line.after_gap if gaps else True):
            groups.append([])
        groups[-1].append(line)
    return groups


def _items(reaction: list[Line], asked: list[Line]) -> tuple[list[Item], dict | None]:
    """Question/reply items of one faction's reaction, paired by repetition, number, paragraph or as a whole."""
    paragraphs = _paragraphs(reaction)
    repeated = _by_repetition(paragraphs)
    if repeated and all(item.question for item in repeated):
        return repeated, None
    numbered = _by_number(paragraphs, _paragraphs(asked))
    if numbered:
        return numbered, None
    questions = _paragraphs(asked)
    if len(questions) == len(paragraphs):
        return [Item(q, r) for q, r in zip(questions, paragraphs)], None
    warning = {"replies": len(paragraphs), "questions": len(questions)}
    return [Item(asked, reaction)], warning


def _by_repetition(paragraphs: list[list[Line]]) -> list[Item]:
    """Items where each reply follows the question it repeats ('De leden van de X-fractie vragen …')."""
    items: list[Item] = []
    for paragraph in paragraphs:
        text = " ".join(line.text for line in paragraph)
        if LABEL.fullmatch(text):
            continue
        asks = ASKS.search(text) is not None and REPLY_HINT.search(text) is None
        if asks and (not items or items[-1].reply):
            items.append(Item(list(paragraph), []))
        elif asks and items:
            items[-1].question.extend(paragraph)
        elif items:
            items[-1].reply.extend(paragraph)
        else:
            items.append(Item([], list(paragraph)))
    return items


def _by_number(reaction: list[list[Line]], asked: list[list[Line]]) -> list[Item]:
    """Items paired by the numbers that open paragraphs in both parts, or [] when the reaction is unnumbered."""
    questions = _numbered(asked)
    replies = _numbered(reaction)
    if not replies:
        return []
    return [Item(questions.get(number, []), lines) for number, lines in replies.items()]


def _numbered(paragraphs: list[list[Line]]) -> dict[str, list[Line]]:
    """Number → lines of the paragraphs from that number to the next (text after the number only)."""
    found: dict[str, list[Line]] = {}
    current: str | None = None
    for paragraph in paragraphs:
        match = NUMBERED.fullmatch(paragraph[0].text)
        if match and int(match.group("number")) == len(found) + 1:
            current = match.group("number")
            first = paragraph[0]
            rest = match.group("rest")
            head = [Line(first.end - len(rest), first.end, rest, False)] if rest.strip() else []
            found[current] = head + paragraph[1:]
        elif current is not None:
            found[current].extend(paragraph)
    return found


def _record(source: str, document_id: str, ordinal: int, faction: str, item: Item) -> Record:
    start, end = item.reply[0].start, item.reply[-1].end
    cleaned = clean_span(source, start, end)
    question = clean_span(source, item.question[0].start, item.question[-1].end).text if item.question else ""
    return Record(
        id=make_record_id(document_id, RecordKind.REPLY.value, faction, question, cleaned.text),
        document_id=document_id, kind=RecordKind.REPLY, ordinal=ordinal, faction=faction, question=question,
        text=cleaned.text, footnotes=cleaned.footnotes, char_start=start, char_end=end,
        line_start=line_of(source, start), line_end=line_of(source, end - 1),
    )
