"""The public entry point: question -> retrieval -> cited answer (LLM when configured, else extractive)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Sequence

from assistant.citations import make_citation
from assistant.condense import standalone_question
from assistant.evidence import (
    best_dense_score,
    closest_replies,
    order_by_recency,
    recency_note,
    select_relevant,
)
from assistant.extractive import extractive_citations, extractive_text, reference_notes
from assistant.prompts import NO_ANSWER, PROMPT_ECHO_MARKERS
from assistant.verify import verify_answer
from core.errors import AntwoordError, LLMError
from core.models import Answer, Evidence
from core.settings import Settings

if TYPE_CHECKING:
    from index.search import Searcher, SearchFilters

NEAREST_SHOWN = 3


def answer(
    question: str,
    settings: Settings,
    filters: SearchFilters | None = None,
    history: Sequence[Any] | None = None,
    on_token: Callable[[str], None] | None = None,
    searcher: Searcher | None = None,
    chat_model: Any = None,
) -> Answer:
    """Answer a question from the indexed replies, citing them as [n].

    history: previous turns (Answer objects, (question, answer) pairs or dicts); on_token receives the model's
    text as it streams (LLM mode only); chat_model: a LangChain chat model to use instead of the configured
    endpoint (tests, other front ends).
    """
    question = question.strip()
    if not question:
        raise AntwoordError("The question is empty; ask something, e.g. 'what did the cabinet say about return hubs?'")
    model = chat_model if chat_model is not None else _configured_model(settings)
    standalone, condense_notice = standalone_question(question, history, model, settings)
    evidence = _retrieve(standalone, settings, filters, searcher)
    relevant = select_relevant(evidence, settings.abstain_threshold)
    base = Answer(
        question=question,
        standalone_question=standalone if standalone != question else None,
        answer="",
        mode="llm" if model is not None else "extractive",
        settings=_settings_used(settings, model, evidence),
    )
    if not relevant:
        unmatched = "No reply matches the filters." if filters is not None and not evidence else None
        return abstain(base, evidence, _join(condense_notice, unmatched))
    if model is None:
        return extractive(base, relevant, _join(condense_notice))
    return _llm_answer(base, model, standalone, relevant, settings, on_token, condense_notice)


def _configured_model(settings: Settings) -> Any:
    """The configured chat model, or None when no endpoint is configured."""
    if not settings.llm_configured:
        return None
    from assistant.llm import make_chat_model  # LangChain only loads when an LLM is configured

    return make_chat_model(settings)


def _retrieve(question: str, settings: Settings, filters: Any, searcher: Any) -> list[Evidence]:
    """Hybrid search for replies, opening (and closing) a Searcher when none was given."""
    if searcher is not None:
        return searcher.search(question, k=settings.top_k, filters=filters, mode="hybrid")
    from index.search import Searcher

    opened = Searcher.open(settings)
    try:
        return opened.search(question, k=settings.top_k, filters=filters, mode="hybrid")
    finally:
        if hasattr(opened, "close"):
            opened.close()


def abstain(base: Answer, evidence: Sequence[Evidence], notice: str | None) -> Answer:
    """The one abstain path: say the documents do not answer; show the closest replies as 'nearest, not an answer'."""
    nearest = order_by_recency([e for e in evidence if e.via is None][:NEAREST_SHOWN])
    return base.model_copy(
        update={
            "answer": NO_ANSWER,
            "abstained": True,
            "notice": notice,
            "citations": [],
            "nearest": [make_citation(item, n) for n, item in enumerate(nearest, start=1)],
        }
    )


def extractive(base: Answer, relevant: Sequence[Evidence], notice: str | None) -> Answer:
    """The closest of the relevant replies quoted verbatim under their header lines."""
    quoted = closest_replies(relevant)
    citations = extractive_citations(quoted)
    text = extractive_text(citations, reference_notes(quoted))
    return base.model_copy(update={"answer": text, "mode": "extractive", "notice": notice, "citations": citations})


def _llm_answer(
    base: Answer,
    model: Any,
    question: str,
    relevant: Sequence[Evidence],
    settings: Settings,
    on_token: Callable[[str], None] | None,
    condense_notice: str | None,
) -> Answer:
    """Generate, verify, and fall back to the extractive answer when nothing verifiable remains."""
    from assistant.llm import generate_answer

    try:
        raw = generate_answer(model, question, relevant, settings, on_token)
    except LLMError as error:
        return extractive(base, relevant, _join(condense_notice, f"{error}. Showing the extractive answer instead."))
    if echoes_prompt(raw):
        fallback = "The language model copied its instructions instead of answering; showing the extractive answer."
        return extractive(base, relevant, _join(condense_notice, fallback))
    checked = verify_answer(raw, relevant)
    removed = _removed_notice(checked.dropped_numbers, checked.removed_quotes)
    if not checked.citations and says_no_answer(raw):
        reason = "The language model found that the retrieved replies do not answer the question."
        return abstain(base, relevant, _join(condense_notice, reason))
    if not checked.citations:
        why = "returned no text" if not raw.strip() else "cited none of the provided replies"
        fallback = f"The language model's answer {why}; showing the extractive answer instead."
        return extractive(base, relevant, _join(condense_notice, removed, fallback))
    note = recency_note(checked.citations)
    text = checked.text + (f"\n\n{note}" if note else "")
    return base.model_copy(
        update={"answer": text, "citations": checked.citations, "notice": _join(condense_notice, removed)}
    )


def says_no_answer(text: str) -> bool:
    """True when the model answered with the abstain wording."""
    def simplify(s: str) -> str:
        return re.sub(r"[^\w ]", "", " ".join(s.lower().split()))

    return simplify(NO_ANSWER) in simplify(text)


def echoes_prompt(text: str) -> bool:
    """True when the output reproduces the labels of the sources block (small base models do this)."""
    return any(marker in text for marker in PROMPT_ECHO_MARKERS)


def _removed_notice(numbers: Sequence[int], quotes: Sequence[str]) -> str | None:
    """What verification removed, in one or two sentences."""
    parts = []
    if numbers:
        listed = ", ".join(f"[{n}]" for n in numbers)
        parts.append(f"Removed citation(s) {listed}: not among the provided replies.")
    if quotes:
        listed = "; ".join(f"“{_short(q)}”" for q in quotes)
        parts.append(f"Removed {len(quotes)} quote(s) not found verbatim in the cited reply: {listed}.")
    return " ".join(parts) or None


def _short(text: str, limit: int = 80) -> str:
    """Text cut to limit characters for a notice."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join(*notices: str | None) -> str | None:
    """Notices joined into one line, None when there are none."""
    kept = [n.strip() for n in notices if n and n.strip()]
    return " ".join(kept) or None


def _settings_used(settings: Settings, model: Any, evidence: Sequence[Evidence]) -> dict:
    """The settings behind this answer, plus the best dense score the abstain rule compared."""
    return {
        "embedder": settings.embedder,
        "k": settings.top_k,
        "abstain_threshold": settings.abstain_threshold,
        "llm_model": (getattr(model, "model_name", None) or type(model).__name__) if model is not None else None,
        "best_dense_score": best_dense_score(evidence),
    }

