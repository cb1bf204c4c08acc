"""The public entry point: question -> retrieval -> cited answer (LLM when configured, else extractive)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Sequence

from assistant.answerability import BROAD, Intent, read_intent
from assistant.citations import make_citation
from assistant.condense import standalone_question
from assistant.evidence import best_dense_score, order_by_recency
from assistant.extractive import change_note, overview_citations, overview_text
from assistant.positions import Overview, fold, group, on_topic, retrieve_pool, supporting
from assistant.prompts import NO_ANSWER, PROMPT_ECHO_MARKERS
from assistant.terms import content_words, describe, dutch_question, question_terms, subtopics
from assistant.verify import verify_answer
from core.errors import AntwoordError, LLMError
from core.models import Answer, Evidence, Position
from core.settings import Settings

if TYPE_CHECKING:
    from index.search import Searcher, SearchFilters

NEAREST_SHOWN = 3
NO_TOPIC = "The question names no topic; ask about one, e.g. 'what did the cabinet say about return hubs?'"
# A specific or detailed question that names entities may be answered by a reply a little further than the
# broad threshold, because the reply must also hold those entities (tuned split of eval/gold.jsonl).
ENTITY_MARGIN = 0.03


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
    pool, intent = _retrieve(standalone, read_intent(standalone), filters, searcher, settings)
    base = Answer(
        question=question,
        standalone_question=standalone if standalone != question else None,
        answer="",
        mode="llm" if model is not None else "extractive",
        settings=_settings_used(settings, model, pool, intent),
    )
    if not (intent.concepts or intent.terms or content_words(standalone)):  # "wat?", "what do you think?"
        return abstain(base, [], _join(condense_notice, NO_TOPIC))
    overview = build_overview(pool, intent, settings)
    if not overview.blocks:
        unmatched = "No reply matches the filters." if filters is not None and not pool else None
        return abstain(base, pool, _join(condense_notice, unmatched))
    if model is None:
        return extractive(base, overview, intent, standalone, _join(condense_notice))
    return _llm_answer(base, model, standalone, overview, intent, settings, on_token, condense_notice)


def build_overview(pool: Sequence[Evidence], intent: Intent, settings: Settings) -> Overview:
    """The replies that answer, folded and grouped by document; no blocks means the documents do not answer."""
    if intent.kind == BROAD:
        return group(fold(on_topic(pool, intent, settings.abstain_threshold), pool, intent))
    floor = settings.abstain_threshold - (ENTITY_MARGIN if intent.entities else 0.0)
    cited, others = supporting(pool, intent, floor)
    overview = group(fold(cited, pool, intent))
    shown = {unit.evidence.record.id for block in overview.blocks for unit in block}
    also = [e.record.id for e in others if e.record.id not in shown and e.record.id not in overview.more]
    return overview._replace(more=overview.more + also)


def _configured_model(settings: Settings) -> Any:
    """The configured chat model, or None when no endpoint is configured."""
    if not settings.llm_configured:
        return None
    from assistant.llm import make_chat_model  # LangChain only loads when an LLM is configured

    return make_chat_model(settings)


def _retrieve(question: str, intent: Intent, filters: Any, searcher: Any, settings: Settings
              ) -> tuple[list[Evidence], Intent]:
    """The candidate pool and the intent with the question's terms, opening (and closing) a Searcher if none was given."""
    if searcher is not None:
        return _pool_and_intent(searcher, question, intent, filters)
    from index.search import Searcher

    opened = Searcher.open(settings)
    try:
        return _pool_and_intent(opened, question, intent, filters)
    finally:
        if hasattr(opened, "close"):
            opened.close()


def _pool_and_intent(searcher: Any, question: str, intent: Intent, filters: Any) -> tuple[list[Evidence], Intent]:
    """The question's terms weighted by the searcher's lexical index, then the pool retrieved with them."""
    lexical = getattr(searcher, "lexical", None)
    dutch = dutch_question(question, lexical)
    terms = question_terms(question, lexical, dutch)
    topics = subtopics(question, terms, dutch)
    intent = intent._replace(terms=tuple(terms), topics=tuple(tuple(group) for group in topics))
    return retrieve_pool(searcher, question, intent, filters), intent


def abstain(base: Answer, evidence: Sequence[Evidence], notice: str | None) -> Answer:
    """The one abstain path: say the documents do not answer; show the closest replies as 'nearest, not an answer'."""
    nearest = order_by_recency([e for e in evidence if e.via is None][:NEAREST_SHOWN])
    return base.model_copy(
        update={
            "answer": NO_ANSWER,
            "abstained": True,
            "notice": notice,
            "citations": [],
            "positions": [],
            "more": [],
            "nearest": [make_citation(item, n) for n, item in enumerate(nearest, start=1)],
        }
    )


def extractive(base: Answer, overview: Overview, intent: Intent, question: str, notice: str | None) -> Answer:
    """The position overview: per document, newest first, the sentences that carry each reply's position."""
    citations, positions = overview_citations(overview, intent, question)
    text = overview_text(citations, positions, overview.blocks, overview.more)
    update = {"answer": text, "mode": "extractive", "notice": notice, "citations": citations,
              "positions": positions, "more": list(overview.more)}
    return base.model_copy(update=update)


def _llm_answer(
    base: Answer,
    model: Any,
    question: str,
    overview: Overview,
    intent: Intent,
    settings: Settings,
    on_token: Callable[[str], None] | None,
    condense_notice: str | None,
) -> Answer:
    """Generate a dated synthesis over the grouped evidence, verify it, fall back to the extractive overview."""
    from assistant.llm import generate_answer

    sources = [unit.evidence for block in overview.blocks for unit in block]
    fallback_to = lambda why: extractive(base, overview, intent, question, why)  # noqa: E731
    try:
        raw = generate_answer(model, question, sources, settings, on_token)
    except LLMError as error:
        return fallback_to(_join(condense_notice, f"{error}. Showing the extractive answer instead."))
    if echoes_prompt(raw):
        fallback = "The language model copied its instructions instead of answering; showing the extractive answer."
        return fallback_to(_join(condense_notice, fallback))
    checked = verify_answer(raw, sources)
    removed = _removed_notice(checked.dropped_numbers, checked.removed_quotes)
    if not checked.citations and says_no_answer(raw):
        reason = "The language model found that the retrieved replies do not answer the question."
        return abstain(base, sources, _join(condense_notice, reason))
    if not checked.citations:
        why = "returned no text" if not raw.strip() else "cited none of the provided replies"
        fallback = f"The language model's answer {why}; showing the extractive answer instead."
        return fallback_to(_join(condense_notice, removed, fallback))
    positions = cited_positions(checked.citations, overview)
    note = change_note(positions)  # the dates, stated by code: the model may leave them out or get them wrong
    text = checked.text + (f"\n\n{note}" if note else "")
    return base.model_copy(
        update={"answer": text, "citations": checked.citations, "notice": _join(condense_notice, removed),
                "positions": positions, "more": list(overview.more)}
    )


def cited_positions(citations: Sequence[Any], overview: Overview) -> list[Position]:
    """Document blocks (newest first) of the citations an LLM answer kept, with the blocks' 'also asked by'."""
    also = {u.evidence.record.id: u.also_asked_by for block in overview.blocks for u in block}
    by_document: dict[str, Position] = {}
    for citation in sorted(citations, key=lambda c: (-(c.date.toordinal() if c.date else 0), c.n)):
        document_id = citation.id.split(":", 1)[0]
        position = by_document.setdefault(document_id, Position(
            document_id=document_id, document_title=citation.document_title, date=citation.date,
            date_estimated=citation.date_estimated, kamerstuk=citation.kamerstuk))
        position.citations.append(citation.n)
        position.also_asked_by.extend(f for f in also.get(citation.id, []) if f not in position.also_asked_by)
    return list(by_document.values())


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


def _settings_used(settings: Settings, model: Any, evidence: Sequence[Evidence], intent: Intent) -> dict:
    """The settings behind this answer, plus what the answerability rule read from the question."""
    return {
        "question_kind": intent.kind,
        "concepts": [concept.label for concept in intent.concepts],
        "terms": describe(intent.terms),
        "embedder": settings.embedder,
        "k": settings.top_k,
        "abstain_threshold": settings.abstain_threshold,
        "llm_model": (getattr(model, "model_name", None) or type(model).__name__) if model is not None else None,
        "best_dense_score": best_dense_score(evidence),
    }

