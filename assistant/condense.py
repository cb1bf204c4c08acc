"""Follow-up questions ("and Uganda?") -> standalone questions, with or without a language model.

Whether a turn is a follow-up is read from what it says (an elliptical opening such as "and …", "what about
…", "en …", "hoe zit het met …", a bare phrase without a question word, or a pronoun that points back), never
from its length: "Hoeveel Syriërs zijn teruggekeerd?" has its own subject and stands alone.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple, Sequence

from core.errors import LLMError
from core.models import Answer
from core.settings import Settings

# Openings that mark a turn as leaning on the previous one (longest first when matching).
FOLLOW_UP_OPENINGS = (
    "and what about", "and how about", "but what about", "and what of", "and also", "and for", "and in",
    "and with", "and on", "and about", "what about", "how about", "what of", "same for", "same question for",
    "also for", "and", "also", "but",
    "en hoe zit het met", "en hoe staat het met", "hoe zit het met", "hoe staat het met", "en wat betreft",
    "wat betreft", "en wat dan met", "wat dan met", "en wat over", "en voor", "en in", "en met", "en over",
    "en wat met", "wat met", "ook voor", "idem voor", "idem", "en", "ook", "maar",
)
# Words that open a complete question: after an opening such as "and", they mean the turn has its own subject.
QUESTION_WORDS = frozenset(
    "what which how why when who whom whose where whether does do did is are was were can could will would "
    "should has have wat welke welk hoe waarom wanneer wie waar hoeveel heeft hebben is zijn was waren kan "
    "kunnen wordt worden zal zullen moet moeten gaat klopt".split()
)
# Pronouns that point back to the previous topic when they stand for a noun (not before one).
EN_POINTERS = frozenset("it them this that these those".split())
NL_POINTERS = {  # R-pronouns point back by themselves; the replacement keeps their preposition
    "daarover": "over", "erover": "over", "hierover": "over", "daarvan": "van", "ervan": "van",
    "hiervan": "van", "daarmee": "met", "ermee": "met", "hiermee": "met", "daarbij": "bij", "erbij": "bij",
    "daarin": "in", "erin": "in", "daarop": "op", "erop": "op", "daarvoor": "voor", "ervoor": "voor",
}
NL_DEMONSTRATIVES = frozenset("dat dit die deze".split())
# After a pointer, these words show it stands for a noun ("does that mean", "about it?").
AFTER_PRONOUN = frozenset(
    "is was are were mean means do does did will would cost costs for in to with about on of at by from "
    "happen work apply betekent betekenen kost kosten geldt gelden werkt".split()
)
# Prepositions that introduce a question's topic, e.g. "... say about {return hubs}?": the first strong one
# wins ("about return hubs for rejected asylum seekers" is one topic); else the last weak one.
STRONG_TOPIC_PREPOSITIONS = (
    "with regard to", "with respect to", "regarding", "concerning", "about", "met betrekking tot",
    "ten aanzien van", "betreffende", "inzake", "omtrent", "rond", "over",
)
WEAK_TOPIC_PREPOSITIONS = ("on", "for", "in", "with", "to", "from", "voor", "in", "met", "naar", "uit", "van")
MAX_STANDALONE_CHARS = 300
_WORD = re.compile(r"[^\W\d_]{4,}")
_TOKENS = re.compile(r"[\w'’-]+", re.UNICODE)


class Reading(NamedTuple):
    """How a turn was read: its kind ('new', 'ellipsis' or 'pointer'), the new topic it names, the pointer word."""

    kind: str
    topic: str = ""
    pointer: str = ""


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


def resolved_questions(history: Sequence[Any] | None) -> list[str]:
    """The earlier turns' questions as they were searched (standalone forms of follow-ups), newest first."""
    questions = []
    for turn in reversed(list(history or [])):
        if isinstance(turn, Answer):
            text = turn.standalone_question or turn.question
        elif isinstance(turn, dict):
            text = str(turn.get("standalone_question") or turn.get("question") or "")
        else:
            text = str(turn[0])
        if text.strip():
            questions.append(text.strip())
    return questions


def _words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return [w.lower() for w in _TOKENS.findall(text)]


def split_opening(question: str) -> tuple[str, str]:
    """(the follow-up opening, the rest) — ('', question) when the turn opens with none."""
    text = question.strip()
    lowered = " ".join(_words(text))
    for opening in sorted(FOLLOW_UP_OPENINGS, key=len, reverse=True):
        if lowered == opening or lowered.startswith(opening + " "):
            pattern = r"^\W*" + r"\W+".join(map(re.escape, opening.split())) + r"\b\W*"
            rest = re.sub(pattern, "", text, count=1, flags=re.IGNORECASE)
            return opening, rest.strip()
    return "", text


def _is_full_question(text: str) -> bool:
    """True when text opens with a question word and says more than the question word and one noun."""
    words = _words(text)
    return bool(words) and words[0] in QUESTION_WORDS and len(words) >= 4


def find_pointer(question: str) -> str:
    """The first pronoun that points back to an earlier topic ('it', 'that', 'daarover', ...), or ''."""
    words = _words(question)
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        if word in NL_POINTERS:
            return word
        if word in EN_POINTERS and (following is None or following in AFTER_PRONOUN):
            if word == "it" and i > 0 and words[i - 1] in QUESTION_WORDS:
                continue  # "is it true ...", "how is it possible ...": an empty subject, not a pointer
            return word
        if word in NL_DEMONSTRATIVES and following is None:
            return word  # "wat betekent dat?"
    return ""


def read_turn(question: str) -> Reading:
    """Decide from its wording whether a turn is new, elliptical ('and for Syria?') or points back ('why?')."""
    opening, rest = split_opening(question)
    core = rest.strip(" ?!.")
    if opening and core.lower() in NL_POINTERS.keys() | EN_POINTERS:
        return Reading("pointer", pointer=core.lower())  # "en daarover?", "and that?"
    if opening and core and not _is_full_question(core):
        return Reading("ellipsis", topic=core)
    pointer = find_pointer(question)
    if pointer:
        return Reading("pointer", pointer=pointer)
    words = _words(question)
    if words and words[0] not in QUESTION_WORDS and len(words) <= 3 and question.strip().endswith("?"):
        return Reading("ellipsis", topic=question.strip(" ?!."))  # a bare phrase: "Uganda?", "De kosten?"
    return Reading("new")


def looks_like_follow_up(question: str) -> bool:
    """True when the turn leans on the previous one (see read_turn)."""
    return read_turn(question).kind != "new"


def _preposition_ends(text: str, prepositions: Sequence[str]) -> list[int]:
    """Offsets just after each occurrence of the prepositions in text (not at its very end)."""
    ends = []
    for preposition in prepositions:
        pattern = r"\b" + r"\s+".join(map(re.escape, preposition.split())) + r"\s+"
        ends += [m.end() for m in re.finditer(pattern, text, flags=re.IGNORECASE) if m.end() < len(text)]
    return ends


def topic_slot(question: str) -> tuple[int, int] | None:
    """Character span of a question's topic: what follows its first strong (else last weak) topic preposition."""
    text = question.rstrip(" ?!.")
    strong = _preposition_ends(text, STRONG_TOPIC_PREPOSITIONS)
    if strong:
        return min(strong), len(text)
    weak = _preposition_ends(text, WEAK_TOPIC_PREPOSITIONS)
    return (max(weak), len(text)) if weak else None


def rewrite_follow_up(question: str, previous: str, earlier: Sequence[str] = ()) -> str:
    """Without a model: the previous question with its topic replaced by the new one, or the pointer resolved.

    earlier: the questions before the previous one, newest first: a pointer after a question without a topic
    phrase ("when will the pilot start?") points to the topic of the last question that had one."""
    reading = read_turn(question)
    if reading.kind == "new" or not previous:
        return question
    slot = topic_slot(previous)
    if reading.kind == "ellipsis":
        if slot is None:
            return f"{previous.rstrip(' ?!.')}: {reading.topic}?"
        return previous[: slot[0]] + reading.topic + previous[slot[1] :]
    if split_opening(question)[1].strip(" ?!.").lower() == reading.pointer:
        return previous  # "en daarover?": the same question again
    return resolve_pointer(question, reading.pointer, pointed_topic(previous, earlier))


def pointed_topic(previous: str, earlier: Sequence[str] = ()) -> str:
    """What a pointer stands for: the topic phrase of the previous question, else of the last earlier question
    with one, else the previous question's own words without its question words ("the pilot start")."""
    for text in (previous, *earlier):
        slot = topic_slot(text)
        if slot:
            return text[slot[0] : slot[1]]
    words = _TOKENS.findall(previous)
    return " ".join(word for word in words if word.lower() not in QUESTION_WORDS) or previous.rstrip(" ?!.")


def resolve_pointer(question: str, pointer: str, topic: str) -> str:
    """The question with its pointing pronoun replaced by the topic ('daarover' -> 'over <topic>')."""
    replacement = f"{NL_POINTERS[pointer]} {topic}" if pointer in NL_POINTERS else topic
    return re.sub(rf"\b{re.escape(pointer)}\b", replacement, question, count=1, flags=re.IGNORECASE)


def combine_with_previous(question: str, pairs: Sequence[tuple[str, str]]) -> str:
    """Kept for callers with only (question, answer) pairs: rewrite against the last question."""
    return rewrite_follow_up(question, pairs[-1][0]) if pairs else question


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
    """(standalone question, notice): a new question as asked; a follow-up condensed by the model or rewritten."""
    questions = resolved_questions(history)
    if not questions or not looks_like_follow_up(question):
        return question, None
    rewritten = rewrite_follow_up(question, questions[0], questions[1:])
    if model is None:
        return rewritten, None
    from assistant.llm import condense_question  # LangChain only loads when a model is in use

    try:
        raw = condense_question(model, history_pairs(history), question, settings)
    except LLMError as error:
        return rewritten, f"{error}; the follow-up was rewritten from the previous question without the model."
    cleaned = clean_condensed(raw, question)
    if cleaned is None:
        notice = "The model's rewrite of the follow-up was unusable; it was rewritten from the previous question."
        return rewritten, notice
    return cleaned, None
