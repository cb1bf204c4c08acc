"""Run gold questions through each retriever (and the assistant for hybrid) and score every answer."""

from __future__ import annotations

import time
from typing import Callable, Iterable, Sequence

from pydantic import BaseModel, Field

from core.errors import AntwoordError
from core.settings import Settings
from eval.calibrate import CalibrationPoint, CalibrationRow, suggest, sweep
from eval.gold import GoldItem, is_relevant, matched_snippets
from eval.metrics import Metrics, QuestionScores, aggregate, full_rank, grouped, snippet_coverage
from eval.naive import Hit, NaiveIndex
from eval.querycache import cached_queries

SEARCH_MODES = ("bm25", "dense", "hybrid")
RETRIEVERS = ("bm25", "dense", "naive", "hybrid")  # report order: baselines first, ours last
# Earlier or alternative rankings the searcher keeps for measurement (`--retriever hybrid-rrf,...`); see index.search.
VARIANT_PREFIX = "hybrid-"
ASSISTANT_RETRIEVER = "hybrid"  # the assistant always retrieves with hybrid search

Retrieve = Callable[[str, int], list[Hit]]


class CitedReply(BaseModel):
    """A reply the answer cites."""

    id: str = Field(description="Record id.")
    text: str = Field(description="Full reply text.")


class QuestionResult(BaseModel):
    """What one retriever (and, for hybrid, the assistant) returned for one gold question."""

    retriever: str = Field(description="bm25, dense, naive or hybrid.")
    id: str = Field(description="Gold question id.")
    question: str = Field(description="The gold question.")
    retrieved: list[Hit] = Field(description="Top-k units, best first, with full texts.")
    answer: str | None = Field(default=None, description="The assistant's answer (hybrid run only).")
    citations: list[CitedReply] = Field(default_factory=list, description="Replies the answer cites.")
    abstained: bool | None = Field(default=None, description="Whether the assistant abstained (hybrid run only).")
    mode: str | None = Field(default=None, description="'extractive' or 'llm' (hybrid run only).")


class RunReport(BaseModel):
    """The metrics of one retriever over the gold set."""

    retriever: str = Field(description="bm25, dense, naive or hybrid.")
    unit: str = Field(description="What is retrieved: 'reply' (records) or 'chunk' (naive).")
    assistant: bool = Field(description="True when answers were also generated (abstention and citations scored).")
    answer_mode: str | None = Field(default=None, description="'extractive' or 'llm' for the assistant run.")
    overall: Metrics = Field(description="All questions.")
    by_lang: dict[str, Metrics] = Field(description="Per question language.")
    by_kind: dict[str, Metrics] = Field(description="Per gold kind.")
    calibration: list[CalibrationRow] = Field(
        default_factory=list, description="Assistant run: the extractive rule at other abstain thresholds."
    )
    suggested_threshold: float | None = Field(
        default=None, description="Assistant run: threshold with the best abstention F1 keeping citation hit rate."
    )


class EvalReport(BaseModel):
    """One evaluation: the gold file, settings used and a report per retriever."""

    gold: str = Field(description="Path of the gold file.")
    split: str = Field(default="", description="'tuned' (eval/gold.jsonl), 'blind' (eval/gold_blind.jsonl) or the file stem.")
    questions: int = Field(description="Gold questions evaluated.")
    k: int = Field(description="Units retrieved per question.")
    settings: dict = Field(description="Embedder, top_k and abstain threshold used.")
    runs: list[RunReport] = Field(description="One report per retriever, in RETRIEVERS order.")

    def run(self, retriever: str) -> RunReport | None:
        """The report of one retriever, or None when it was not run."""
        return next((run for run in self.runs if run.retriever == retriever), None)


def parse_retrievers(value: str | None) -> list[str]:
    """'all'/None -> every retriever; otherwise one name or a comma-separated list, checked.

    Besides RETRIEVERS, the searcher's variants (index.search.VARIANTS, e.g. hybrid-rrf) may be named; they are
    reported after the baselines and before hybrid.
    """
    from index.search import VARIANTS

    if value is None or value == "all":
        return list(RETRIEVERS)
    known = [*RETRIEVERS[:-1], *VARIANTS, RETRIEVERS[-1]]
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise AntwoordError(f"unknown retriever {', '.join(unknown) or value!r}; use {', '.join(known)} or all")
    return [name for name in known if name in names]


def evaluate(
    items: Sequence[GoldItem],
    settings: Settings,
    retrievers: Iterable[str] = RETRIEVERS,
    k: int = 10,
    gold_path: str = "",
    on_result: Callable[[QuestionResult], None] | None = None,
    on_progress: Callable[[str], None] | None = None,
    searcher=None,
) -> EvalReport:
    """Evaluate every retriever on the gold items; on_result sees each QuestionResult as it is made."""
    from eval.gold import split_name
    from index.search import Searcher

    if k < 1:
        raise AntwoordError(f"k is {k}; retrieve at least 1 unit per question")
    searcher = searcher or Searcher.open(settings)
    runs = []
    if on_progress:
        on_progress(f"embedding {len(items)} questions once for every retriever")
    with cached_queries(searcher, ["warm-up query"] + [item.question for item in items]) as cache:
        for name in retrievers:
            if on_progress:
                on_progress(f"evaluating {name} on {len(items)} questions")
            runs.append(_run(name, items, settings, searcher, k, on_result, cache))
    used = {"embedder": settings.embedder, "top_k": settings.top_k, "abstain_threshold": settings.abstain_threshold}
    split = split_name(gold_path) if gold_path else ""
    return EvalReport(gold=gold_path, split=split, questions=len(items), k=k, settings=used, runs=runs)


def _run(name, items, settings, searcher, k, on_result, cache) -> RunReport:
    """One retriever over all items: retrieve, answer when it is the assistant's retriever, score.

    Latency is the retrieval's wall time plus, for a retriever that embeds the query, the time the question's
    embedding took (the vector itself comes from the cache).
    """
    retrieve, collection = _retriever(name, settings, searcher)
    retrieve("warm-up query", 1)  # loads indexes and models so the first question's latency is not inflated
    embeds = name != "bm25"
    with_assistant = name == ASSISTANT_RETRIEVER
    scores, points, mode = [], [], None
    for item in items:
        started = time.perf_counter()
        hits = retrieve(item.question, k)[:k]
        latency_ms = (time.perf_counter() - started + (cache.seconds(item.question) if embeds else 0.0)) * 1000
        result = QuestionResult(retriever=name, id=item.id, question=item.question, retrieved=hits)
        answer_ms = None
        if with_assistant:
            result, answer_ms = _answer(item, settings, searcher, result)
            mode = result.mode
            points.append(calibration_point(item, hits, settings.top_k))
        n_relevant = sum(1 for text in collection if is_relevant(text, item.answer_snippets))
        scores.append(score_question(item, result, n_relevant, latency_ms, answer_ms))
        if on_result:
            on_result(result)
    rows = sweep(points) if points else []
    best = suggest(rows)
    return RunReport(
        retriever=name, unit="chunk" if name == "naive" else "reply", assistant=with_assistant, answer_mode=mode,
        overall=aggregate(scores, k), by_lang=grouped(scores, "lang", k), by_kind=grouped(scores, "kind", k),
        calibration=rows, suggested_threshold=best.threshold if best else None,
    )


def calibration_point(item: GoldItem, hits: list[Hit], top_k: int) -> CalibrationPoint:
    """The top_k directly retrieved replies (each with the replies it brings along), as the assistant weighs them."""
    groups: list[list[Hit]] = []
    for hit in hits:
        if not hit.referred:
            groups.append([hit])
        elif groups:
            groups[-1].append(hit)  # the searcher puts a referred-to reply right after the reply citing it
    candidates = [
        (group[0].dense_score, len(group), sum(is_relevant(h.text, item.answer_snippets) for h in group))
        for group in groups[:top_k]
        if group[0].dense_score is not None
    ]
    return CalibrationPoint(answerable=item.answerable, candidates=candidates)


def _retriever(name: str, settings: Settings, searcher) -> tuple[Retrieve, list[str]]:
    """The retrieve function of a retriever and the texts of every unit it can return."""
    if name == "naive":
        naive = NaiveIndex.build(settings)
        naive.embedder = searcher.embedder  # the evaluation's query cache (same embedder)
        return naive.search, [chunk.text for chunk in naive.chunks]
    if name not in SEARCH_MODES and not name.startswith(VARIANT_PREFIX):
        raise AntwoordError(f"unknown retriever {name!r}; use {', '.join(RETRIEVERS)}")

    def retrieve(question: str, k: int) -> list[Hit]:
        evidence = searcher.search(question, k=k, mode=name)
        return [
            Hit(id=e.record.id, text=e.record.text, score=e.score, dense_score=e.dense_score, referred=e.via is not None)
            for e in evidence
        ]

    return retrieve, [record.text for record in searcher.records.values()]


def _answer(item: GoldItem, settings: Settings, searcher, result: QuestionResult) -> tuple[QuestionResult, float]:
    """The assistant's answer added to the result, and the time answer() took in milliseconds."""
    from assistant.answer import answer

    started = time.perf_counter()
    reply = answer(item.question, settings, searcher=searcher)
    elapsed_ms = (time.perf_counter() - started) * 1000
    citations = [CitedReply(id=c.id, text=c.reply) for c in reply.citations]
    update = {"answer": reply.answer, "citations": citations, "abstained": reply.abstained, "mode": reply.mode}
    return result.model_copy(update=update), elapsed_ms


def score_question(
    item: GoldItem, result: QuestionResult, n_relevant: int, latency_ms: float, answer_latency_ms: float | None
) -> QuestionScores:
    """The relevance flags, snippet coverage and citation counts of one result."""
    matched = [matched_snippets(hit.text, item.answer_snippets) for hit in result.retrieved]
    gold_citations = sum(1 for c in result.citations if is_relevant(c.text, item.answer_snippets))
    return QuestionScores(
        id=item.id, lang=item.lang, kind=item.kind, answerable=item.answerable,
        relevant=[bool(m) for m in matched], n_relevant=n_relevant,
        snippets_covered_at_10=snippet_coverage(matched, len(item.answer_snippets), 10),
        n_snippets=len(item.answer_snippets), full_rank=full_rank(matched, len(item.answer_snippets)),
        abstained=result.abstained, citations=len(result.citations), gold_citations=gold_citations,
        latency_ms=latency_ms, answer_latency_ms=answer_latency_ms,
    )
