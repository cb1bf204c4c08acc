"""Sentences of a reply as exact substrings, pointer sentences, and the one to three that carry the position."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple, Sequence

from assistant.answerability import Intent
from assistant.lexicon import names

# A sentence ends at . ! ? followed by whitespace and an upper-case letter, digit or quote, or at a blank line.
# Abbreviations common in the replies ("o.a.", "jl.", "nr.", "t.a.v.") are followed by lower case, so they do not end one.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9À-Ý“\"‘(«•-])|\n\s*\n")
# Abbreviations that may stand before a number or a capital without ending the sentence ("nr. 5", "o.a. Frontex").
_ABBREVIATION = re.compile(r"\b(nr|art|ca|jl|bijv|resp|blz|zgn|o\.a|t\.a\.v|m\.b\.t|i\.v\.m|d\.w\.z|e\.d|z\.s\.m)\.$",
                           re.IGNORECASE)
# "Het kabinet verwijst naar het (eerder gegeven) antwoord op ...": a sentence that only points elsewhere.
POINTER = re.compile(
    r"\b(verwijst|verwijzen|verwezen)\b.{0,160}\b(antwoord|beantwoording|reactie)\b|\bzie (het )?antwoord\b"
    r"|\b(refers?|referred) to the (answer|reply)\b",
    re.IGNORECASE,
)
MIN_OWN_WORDS = 8  # a shorter sentence next to a pointer ("Zie ook hierboven.") adds nothing to cite
MAX_QUOTED_SENTENCES = 3
OPENING_BONUS = 0.75  # more than a stance word (0.5), less than a shared word (1) or a concept (3)
MAX_QUOTE_CHARS = 700  # about four lines of a document block: enough for a position, short enough to scan
_WORD = re.compile(r"\w{4,}")
# Words that say the government takes a position: a sentence with them states one, not background.
_STANCE = re.compile(
    r"\b(kabinet|nederland|nederlandse inzet|zet in|inzet|steunt|is van mening|vindt|acht|verwelkomt|pleit"
    r"|voornemens|standpunt|positief|kritisch|onderzoekt|verkent|wil|moet)\b",
    re.IGNORECASE,
)


class Sentence(NamedTuple):
    """One sentence: its exact text and where it stands in the reply."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """The reply's sentences; each text is text[start:end] exactly, stripped of surrounding whitespace."""
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if "\n" not in match.group(0) and _ABBREVIATION.search(text, max(0, match.start() - 8), match.start()):
            continue
        _append(sentences, text, start, match.start() + _closing(match.group(0)))
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _closing(separator: str) -> int:
    """Length of a closing quote or bracket at the start of a separator (it belongs to the sentence)."""
    return 1 if separator[:1] in "\"”’)" else 0


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Add text[start:end] without its surrounding whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(text[start:end], start, end))


def is_pointer_sentence(sentence: str) -> bool:
    """True when the sentence only refers to another answer."""
    return POINTER.search(sentence) is not None


def own_sentences(text: str) -> list[Sentence]:
    """The sentences of a reply that are not pointers to another answer."""
    return [s for s in split_sentences(text) if not is_pointer_sentence(s.text)]


def is_pointer_reply(text: str, refers_to: Sequence[str]) -> bool:
    """True when a reply points to another answer and adds no sentence of its own (of MIN_OWN_WORDS or more)."""
    if not refers_to and POINTER.search(text) is None:  # no pointer sentence can be in it: skip the splitting
        return False
    return _is_pointer_reply(text, tuple(refers_to))


@functools.lru_cache(maxsize=4096)  # asked of the same replies by several steps of one answer, and across answers
def _is_pointer_reply(text: str, refers_to: tuple[str, ...]) -> bool:
    sentences = split_sentences(text)
    if not any(is_pointer_sentence(s.text) for s in sentences) and not refers_to:
        return False
    own = [s for s in sentences if not is_pointer_sentence(s.text) and len(s.text.split()) >= MIN_OWN_WORDS]
    return not own


def keywords(question: str) -> set[str]:
    """The question's words of four letters or more, lower case (Dutch questions share them with the replies)."""
    return {word.lower() for word in _WORD.findall(question)}


def sentence_score(sentence: str, intent: Intent, words: set[str]) -> float:
    """How much a sentence carries the answer: concepts named, question words shared, a stance taken."""
    score = 3.0 * sum(names(concept, sentence) for concept in intent.concepts)
    score += sum(1.0 for word in {w.lower() for w in _WORD.findall(sentence)} if word in words)
    score += 0.5 if _STANCE.search(sentence) else 0.0
    return score


def select_quotes(text: str, intent: Intent, question: str) -> list[str]:
    """One to three sentences of the reply, verbatim and in reply order, that carry its position.

    The best-scoring sentence always; the next best while they score and the quote stays short; the first
    sentence when nothing scores (a reply's opening usually states the position).
    """
    candidates = own_sentences(text) or split_sentences(text)
    if not candidates:
        return [text.strip()] if text.strip() else []
    words = keywords(question)
    # A reply usually opens with its position: the opening sentence wins among sentences that name no concept.
    scored = [(sentence_score(s.text, intent, words) + (OPENING_BONUS if i == 0 else 0.0), -i, s)
              for i, s in enumerate(candidates)]
    ranked = [item[2] for item in sorted(scored, reverse=True)]
    best_score = max(item[0] for item in scored)
    chosen = [ranked[0]]
    for sentence in ranked[1:MAX_QUOTED_SENTENCES]:
        score = next(item[0] for item in scored if item[2] is sentence)
        if score >= max(1.0, best_score / 2) and sum(len(s.text) for s in chosen) + len(sentence.text) <= MAX_QUOTE_CHARS:
            chosen.append(sentence)
    return [s.text for s in sorted(chosen, key=lambda s: s.start)]
