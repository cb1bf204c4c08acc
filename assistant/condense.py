"""Follow-up questions ("and Uganda?") -> standalone questions, with or without a language model."""

from __future__ import annotations

import re
from typing import Any, Sequence

from core.errors import LLMError
from core.models import Answer
from core.settings import Settings

# Openings that mark a question as leaning on the previous one, in English and Dutch.
FOLLOW_UP_OPENINGS = (
    "and", "en", "also", "ook", "but", "maar", "what about", "how about", "and what", "en wat",
    "wat betreft", "hoe zit het met", "same for", "idem", "and for", "en voor",
)
MAX_FOLLOW_UP_WORDS = 4
MAX_STANDALONE_CHARS = 300
_WORD = re.compile(r"[^\W\d_]{4,}")


def history_pairs(history: Sequence[Any] | None) -> list[tuple[str, str]]:
    """Previous turns as (question, answer) pairs; accepts Answer objects, (q, a) pairs or {'question', 'answer'}."""
    pairs: list[tuple[str, str]] = []
    for turn in history or []:
        if isinstance(turn, Answer):
            pairs.append((turn.question, turn.answer))
        elif isinstance(turn, dict):
            pairs.append((str(turn.get("question", "")), str(turn.get("answer", ""))))
        else:
            question, answer = turn
            pairs.append((str(question), str(answer)))
    return [(q, a) for q, a in pairs if q.strip()]


def looks_like_follow_up(question: str) -> bool:
    """Short questions, or ones opening with 'and', 'what about', 'en', ..., lean on the previous turn."""
    words = re.findall(r"\w+", question.lower())
    opening = " ".join(words[:4])
    starts = any(opening == o or opening.startswith(o + " ") for o in FOLLOW_UP_OPENINGS)
    return starts or len(words) <= MAX_FOLLOW_UP_WORDS


def combine_with_previous(question: str, pairs: Sequence[tuple[str, str]]) -> str:
    """Extractive condensing: a follow-up is appended to the last question that was not itself a follow-up."""
    if not pairs or not looks_like_follow_up(question):
        return question
    topics = [q for q, _ in pairs if not looks_like_follow_up(q)]
    topic = topics[-1] if topics else pairs[0][0]
    return f"{topic.strip()} {question.strip()}"


def clean_condensed(text: str, question: str) -> str | None:
    """The model's standalone question, or None when it is empty, rambling or drops the follow-up's words."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return None
    candidate = re.sub(r"^(standalone question|question|vraag)\s*:\s*", "", lines[0], flags=re.IGNORECASE)
    candidate = candidate.strip(" \"'“”„")
    if not 3 <= len(candidate) <= MAX_STANDALONE_CHARS:
        return None
    needed = {w.lower() for w in _WORD.findall(question)}
    if needed and not needed & {w.lower() for w in _WORD.findall(candidate)}:
        return None
    return candidate


def standalone_question(
    question: str, history: Sequence[Any] | None, model: Any, settings: Settings
) -> tuple[str, str | None]:
    """(standalone question, notice): condensed by the model when there is one, else by combining."""
    pairs = history_pairs(history)
    if not pairs:
        return question, None
    if model is None:
        return combine_with_previous(question, pairs), None
    from assistant.llm import condense_question  # LangChain only loads when a model is in use

    try:
        raw = condense_question(model, pairs, question, settings)
    except LLMError as error:
        return combine_with_previous(question, pairs), f"{error}; the follow-up was combined with the previous question."
    cleaned = clean_condensed(raw, question)
    if cleaned is None:
        notice = "The model's rewrite of the follow-up was unusable; it was combined with the previous question."
        return combine_with_previous(question, pairs), notice
    return cleaned, None
