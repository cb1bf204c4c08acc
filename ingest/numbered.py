"""Numbered questions and answers: the engine behind Kamervragen answers and lists of questions and answers.

A document of this family is a run of question blocks and answer blocks. A question starts at a label
("Vraag 1", "Vraag 1:", "Vragen 4, 5 en 6") or, when the text has no such labels, at a paragraph numbered
with the next question number ("1. Bent u …", "1 Bent u …", or "1" on its own line). An answer starts at a
label ("Antwoord 1", "Antwoord 4 en 5", "Antwoord op vraag 3", "Antwoord:", "Beantwoording") or at a pointer
line ("Vraag 7 wordt beantwoord bij vraag 6"), which is then the answer's text. An answer without a number
answers the questions asked since the previous answer; a numbered answer answers those numbers, so
questions-first layouts pair as well as interleaved ones.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from core.models import Record, RecordKind, make_record_id
from ingest.clean import body_lines, clean_span, line_of
from ingest.fallback import (
    SUPERSCRIPT_DIGITS,
    FootnoteBlock,
    clean_without_footnotes,
    footnote_blocks,
    span_without_trailing,
)

# "4", "4 en 5", "4, 5 en 6", "4 t/m 6", "4 tot en met 6", "4-6"
NUMBERS = r"\d{1,3}(?:\s*(?:,|en|&|t/m|tot en met|-|–)\s*\d{1,3})*"
_EMPHASIS = r"[*_]{0,2}"
_TAIL = rf"{_EMPHASIS}\s*(?:(?P<sep>[:.)])\s*{_EMPHASIS}\s*(?P<rest>\S.*?)?)?\s*{_EMPHASIS}"
QUESTION_LABEL = re.compile(rf"{_EMPHASIS}(?:Vraag|Vragen)\s+(?:nr\.?\s*)?(?P<nums>{NUMBERS}){_TAIL}", re.I)
ANSWER_LABEL = re.compile(
    rf"{_EMPHASIS}(?:Antwoord(?:en)?|Beantwoording|Reactie)(?:\s+(?:op|bij|van)\s+(?:de\s+)?(?:vraag|vragen))?"
    rf"(?:\s+(?:nr\.?\s*)?(?P<nums>{NUMBERS}))?{_TAIL}",
    re.I,
)
POINTER = re.compile(
    rf"(?:De\s+)?(?:Vraag|Vragen)\s+(?P<nums>{NUMBERS})\s+(?:wordt|worden|is|zijn)\s+(?:\w+\s+)?"
    rf"(?:beantwoord|meegenomen)\s+(?:bij|in|onder|met)\b.*",
    re.I,
)
BARE_NUMBER = re.compile(r"(?P<nums>\d{1,3})(?:[.)]\s*|\s+|$)(?P<rest>\S.*)?")
_SENTENCE_END = re.compile(r"[.?!:][)’”'\"*]*$")
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]\s*")
# A question numbered up to this many past the expected one is still taken (a numbering gap).
NUMBER_SLACK = 2
# A closing signature ends the last answer: "De Minister van Asiel en Migratie," on its own line.
SIGNATURE = re.compile(
    r"[ \t]*(?:De )?(?:Minister|Staatssecretaris|Minister-president)\b[^\n]*,[ \t]*", re.IGNORECASE
)


# Superscript footnotes ("vertrokken.¹" with "¹ Zie …" on its own line after the paragraph), as in HTML.
_FOOTNOTE_LINE = re.compile(rf"^[ \t]*(?P<number>[{SUPERSCRIPT_DIGITS}]+)[ \t]+(?=\S)", re.MULTILINE)
_FOOTNOTE_MARKER = re.compile(rf"(?P<number>[{SUPERSCRIPT_DIGITS}]+)")


class Line(NamedTuple):
    """A text line: span of its text (a label's rest only), its text and whether a blank line precedes it."""

    start: int
    end: int
    text: str
    after_gap: bool


class Block(NamedTuple):
    """A question or answer block: its kind ('q'/'a'), the numbers it names and its text lines."""

    kind: str
    numbers: tuple[str, ...]
    lines: list[Line]
    pointer: bool = False


class Reply(NamedTuple):
    """An answer paired with the question blocks it answers."""

    numbers: tuple[str, ...]
    questions: list[Block]
    answer: Block


def expand_numbers(text: str) -> tuple[str, ...]:
    """'4 en 5' → ('4', '5'); '4 t/m 6' and '4-6' → ('4', '5', '6')."""
    # Any case: the label patterns that hand over the numbers ignore it ("VRAAG 4 EN 5" in a capitalised heading).
    parts = re.split(r"\s*(,|en|&|t/m|tot en met|-|–)\s*", text.strip(), flags=re.IGNORECASE)
    numbers: list[int] = [int(parts[0])]
    for separator, value in zip(parts[1::2], parts[2::2]):
        high = int(value)
        if separator.lower() in ("t/m", "tot en met", "-", "–") and numbers[-1] < high <= numbers[-1] + 50:
            numbers.extend(range(numbers[-1] + 1, high + 1))
        else:
            numbers.append(high)
    return tuple(str(n) for n in dict.fromkeys(numbers))


def text_lines(source: str, start: int, end: int) -> list[Line]:
    """The non-blank, non-furniture lines of source[start:end], stripped, with a blank-line-before flag."""
    # tuple.__new__ builds each Line in C (the NamedTuple constructor is a Python call per line).
    return [
        tuple.__new__(Line, (line_start + len(text) - len(text.lstrip()), line_start + len(text.rstrip()),
                             text.strip(), gap))
        for line_start, text, gap in body_lines(source, start, end)
    ]


def label_counts(source: str) -> tuple[int, int]:
    """How many question labels and answer labels (numbered or not) the text lines of source hold."""
    # Every line first, without the page analysis that tells furniture lines apart: the text lines are some of
    # them, so no label among all lines means none among the text lines (most documents that are no Kamervragen).
    counts = _count_labels([text for text in map(str.strip, source.split("\n")) if _may_be_label(text)])
    if counts == (0, 0):
        return counts
    # Only the lines that can be labels are read further; a Line of every line of the text cost more.
    stripped = (text.strip() for _, text, _ in body_lines(source, 0, len(source)))
    return _count_labels([text for text in stripped if _may_be_label(text)])


def _count_labels(candidates: list[str]) -> tuple[int, int]:
    """How many of the candidate lines are question labels and answer labels."""
    questions = sum(1 for text in candidates if _question_label(text))
    answers = sum(1 for text in candidates if _answer_label(text) or POINTER.fullmatch(_plain(text)))
    return questions, answers


# What a label's plain text starts with after up to two emphasis marks: Vraag/Vragen, Antwoord/Beantwoording/
# Reactie, De (a pointer). IGNORECASE gives these letters no other equivalents (unlike i, k and s).
_LABEL_INITIALS = frozenset("VvAaBbRrDd")


def _may_be_label(text: str) -> bool:
    """False for a line that no label pattern can match (checking three regexes per line cost more)."""
    return "[bookmark: " in text or text.strip().lstrip("*_")[:1] in _LABEL_INITIALS


def blocks(lines: list[Line]) -> tuple[list[Line], list[Block]]:
    """The lines before the first question, and the question and answer blocks in order."""
    labelled = any(_question_label(line.text) for line in lines)
    preamble: list[Line] = []
    found: list[Block] = []
    expected, previous = 1, None
    for line in lines:
        block = _opening(line, labelled, expected, found, previous)
        previous = line
        if block is not None:
            found.append(block)
            if block.kind == "q":
                expected = max(int(n) for n in block.numbers) + 1
        elif found:
            found[-1].lines.append(line)
        else:
            preamble.append(line)
    return preamble, found


def _opening(line: Line, labelled: bool, expected: int, found: list[Block], previous: Line | None) -> Block | None:
    """The block a line opens (with the label's own text as first line), or None for a running line."""
    text = _plain(line.text)
    if POINTER.fullmatch(text):
        return Block("a", expand_numbers(POINTER.fullmatch(text).group("nums")), [line], pointer=True)
    label = _answer_label(line.text)
    if label:
        nums = expand_numbers(label.group("nums")) if label.group("nums") else ()
        return Block("a", nums, _rest_line(line, label))
    label = _question_label(line.text) if labelled else _bare_question(line, expected, found, previous)
    if label:
        return Block("q", expand_numbers(label.group("nums")), _rest_line(line, label))
    return None


def _plain(text: str) -> str:
    return (_BOOKMARK.sub("", text) if "[bookmark: " in text else text).strip()


def _question_label(text: str) -> re.Match | None:
    label = QUESTION_LABEL.fullmatch(_plain(text))
    # "Vraag 3 gaat over …" is running text; a label stands alone or is followed by ':' / '.'.
    return label if label and (label.group("rest") is None or label.group("sep")) else None


def _answer_label(text: str) -> re.Match | None:
    label = ANSWER_LABEL.fullmatch(_plain(text))
    return label if label and (label.group("rest") is None or label.group("sep") == ":" or
                               (label.group("sep") and label.group("nums"))) else None


def _bare_question(line: Line, expected: int, found: list[Block], previous: Line | None) -> re.Match | None:
    """'1. Bent u …' / '1 Bent u …' / '1' starting a paragraph with the next question number (gaps allowed)."""
    starts_paragraph = (
        previous is None or line.after_gap or _SENTENCE_END.search(previous.text) is not None
        or bool(found) and not found[-1].lines
    )
    if not starts_paragraph:
        return None
    match = BARE_NUMBER.fullmatch(_plain(line.text))
    if match is None or not expected <= int(match.group("nums")) <= expected + NUMBER_SLACK:
        return None
    # Inside an answer a numbered list may count on; a question asks something.
    in_answer = bool(found) and found[-1].kind == "a"
    if in_answer and "?" not in (match.group("rest") or "?"):
        return None
    return match


def _rest_line(line: Line, label: re.Match) -> list[Line]:
    """The label's own text after it ('Vraag 1: Bent u …' → 'Bent u …') as the block's first line."""
    if label.group("rest") is None:
        return []
    offset = line.text.find(label.group("rest"))
    start = line.start + max(offset, 0)
    return [Line(start, line.end, line.text[max(offset, 0):], False)]


def pair(found: list[Block]) -> tuple[list[Reply], list[str]]:
    """Answers with the questions they answer; warnings for questions left without an answer."""
    questions = {number: block for block in found if block.kind == "q" for number in block.numbers}
    answered: set[str] = set()
    pending: list[Block] = []
    replies: list[Reply] = []
    warnings: list[str] = []
    for block in found:
        if block.kind == "q":
            pending.append(block)
            continue
        numbers = block.numbers or tuple(n for q in pending for n in q.numbers)
        asked = list({id(questions[n]): questions[n] for n in numbers if n in questions}.values())
        if block.numbers and not asked:
            warnings.append(f"answer {', '.join(block.numbers)} has no question with that number")
        replies.append(Reply(numbers, asked, block))
        answered.update(numbers)
        pending = [q for q in pending if not set(q.numbers) <= answered]
    missing = [n for n in questions if n not in answered]
    if missing:
        warnings.append(f"question(s) {', '.join(missing)} have no answer")
    asked = sorted(int(n) for n in questions)
    gaps = [str(n) for n in range(1, asked[-1]) if n not in asked] if asked else []
    if gaps:
        warnings.append(f"question numbering skips {', '.join(gaps)}")
    return replies, warnings


def reply_records(source: str, document_id: str, replies: list[Reply], faction: str | None,
                  members: list[str]) -> list[Record]:
    """One reply record per answer with text: question(s), numbers, members, cleaned text, spans and lines."""
    records: list[Record] = []
    notes = footnote_blocks(source, _FOOTNOTE_LINE)
    for reply in replies:
        lines = _without_signature(reply.answer.lines)
        if not lines:
            continue
        start, end = span_without_trailing(source, (lines[0].start, lines[-1].end), notes)
        text, footnotes = _clean(source, (start, end), notes)
        if not text:
            continue
        question = "\n\n".join(_clean(source, _block_span(q), notes)[0] for q in reply.questions if q.lines)
        records.append(Record(
            id=make_record_id(document_id, RecordKind.REPLY.value, faction, question, text),
            document_id=document_id, kind=RecordKind.REPLY, ordinal=len(records), faction=faction,
            question=question, heading=_heading(reply.numbers), text=text, footnotes=footnotes,
            members=members, question_numbers=list(reply.numbers),
            char_start=start, char_end=end, line_start=line_of(source, start), line_end=line_of(source, end - 1),
        ))
    return records


def _heading(numbers: tuple[str, ...]) -> str | None:
    if not numbers:
        return None
    return f"Vraag {numbers[0]}" if len(numbers) == 1 else f"Vragen {', '.join(numbers[:-1])} en {numbers[-1]}"


def _block_span(block: Block) -> tuple[int, int]:
    return block.lines[0].start, block.lines[-1].end


def _clean(source: str, span: tuple[int, int], notes: list[FootnoteBlock]) -> tuple[str, list]:
    """Cleaned text and footnotes of a span; superscript footnote definitions and markers are cut."""
    if notes:
        return clean_without_footnotes(source, span, notes, _FOOTNOTE_MARKER)
    cleaned = clean_span(source, *span)
    return cleaned.text, cleaned.footnotes


def _without_signature(lines: list[Line]) -> list[Line]:
    """The lines before a closing signature (the last answer of a letter runs into it)."""
    for index, line in enumerate(lines):
        if SIGNATURE.fullmatch(line.text) and index > 0:
            return lines[:index]
    return lines
