"""Evidence for a position: every reply on the topic, pointers folded into their targets, grouped by document.

A broad question ("what did the cabinet say about return hubs?") gets every reply that names the topic, from a
deep hybrid search plus a lexical search for the words those replies use; a specific or detailed question gets
the close replies that hold what it asks for (see assistant.answerability). Either way a reply that only points
to another ("Het kabinet verwijst naar het antwoord op ...") is never a source: its target is, annotated with
the pointing factions ("also asked by"), and near-duplicate replies are shown once in the same way.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple, Sequence

from assistant.answerability import BROAD, Intent, holds_fact, names_all, supports
from assistant.lexicon import Concept, names
from assistant.sentences import is_pointer_reply, own_sentences, split_sentences
from assistant.terms import coverage, names_term, reply_words
from core.models import Evidence

DEPTH = 40  # candidates per search: the corpus names a topic in at most ~25 replies; more costs time, not recall
SPECIFIC_DEPTH = 10  # a specific question must be answered by one of the closest replies, not a distant one
# A specific or detailed question cites the supporting replies within this many cosine points of the best one, at
# most two (tuned split of eval/gold.jsonl: 0.03/3 cited a gold reply for 90% of answerable questions at citation
# precision 0.48; 0.015/2 for 88% at 0.61; 0.01/2 for 86% at 0.66).
CLOSE_MARGIN = 0.015
MAX_CLOSE_REPLIES = 2
# A reply that points elsewhere with fewer words of its own than this ("see the PVV answer. You will receive an
# appraisal.") is cited by the reply it points to; with more, both are cited (tuned split: crossref hit 9 -> 11 of 12).
POINTER_OWN_WORDS = 15
MAX_DOCUMENTS = 6  # budget of the overview: documents shown ...
MAX_REPLIES_PER_DOCUMENT = 2  # ... and replies quoted per document; the rest are "more replies on this topic"
EXPANSION_WORDS = 12
# Share of the question's idf mass (assistant.terms) a reply must name: to be on the topic of a broad question whose
# topic the lexicon does not know, and to answer a specific or detailed one (tuned + dev splits, see docs/eval).
TOPIC_COVERAGE = 0.6
SUPPORT_COVERAGE = 0.3
CONCEPT_TOPIC_COVERAGE = 0.3  # a reply that names the lexicon's concept needs less of the rest of the topic


class Unit(NamedTuple):
    """One cited reply of the overview, with the factions whose pointing or duplicate replies it stands for."""

    evidence: Evidence
    also_asked_by: list[str]
    folded_ids: list[str]
    relevance: tuple


class Overview(NamedTuple):
    """Units to cite, grouped by document newest first, and the ids of on-topic replies left out by the budget."""

    blocks: list[list[Unit]]
    more: list[str]


def retrieve_pool(searcher, question: str, intent: Intent, filters) -> list[Evidence]:
    """Hybrid search DEPTH deep, plus a BM25 search for the words on-topic replies use (broad questions): the
    words naming the lexicon's concepts in the first results, else the question's own terms."""
    pool = searcher.search(question, k=DEPTH, filters=filters, mode="hybrid")
    if intent.kind != BROAD:
        return pool
    if intent.concepts:
        words = expansion_words(pool, intent.concepts)
    else:  # the topic as the replies write it: a reply naming it may be far from the question's wording
        words = [term.words for term in intent.terms if term.known]
    if not words:
        return pool
    seen = {e.record.id for e in pool}
    extra = [e for e in searcher.search(" ".join(words), k=DEPTH, filters=filters, mode="bm25") if e.record.id not in seen]
    return pool + [e.model_copy(update={"via": None}) if e.via in seen else e for e in extra]


def expansion_words(pool: Sequence[Evidence], concepts: Sequence[Concept]) -> list[str]:
    """The words (as written in the replies) that name the question's concepts, most frequent first."""
    counts: dict[str, int] = {}
    for evidence in pool:
        for concept in concepts:
            for match in concept.reply.finditer(evidence.record.text):
                word = _whole_word(evidence.record.text, match.start(), match.end())
                counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:EXPANSION_WORDS]]


def _whole_word(text: str, start: int, end: int) -> str:
    """The whole word around a match (a stem such as 'oegand' becomes 'Oeganda')."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return re.sub(r"\W+", " ", text[start:end]).strip()


def on_topic(pool: Sequence[Evidence], intent: Intent, threshold: float) -> list[Evidence]:
    """Replies on the question's topic: naming all its lexicon concepts; else, with the members' question they
    answer, enough of the question's own terms (assistant.terms); else, without terms, close by cosine.

    For a concept, a pointer reply counts when its members' question names it (the reply it points to is cited);
    other replies must name the concept themselves: a question that mentions it in passing is not enough. The
    question's own terms are less exact, so the members' question may supply them (the reply to "what about the
    Asielnoodmaatregelenwet?" often does not repeat the name).
    """
    if intent.concepts:
        return [e for e in pool if (_names_concepts(e, intent) or _points_on_topic(e, intent))
                and _on_the_rest_of_the_topic(e, intent)]
    if intent.terms:
        return [e for e in pool if on_a_topic(f"{e.record.text}\n{e.record.question}", intent)]
    return [e for e in pool if e.via is None and (e.dense_score or 0.0) >= threshold]


def _names_concepts(evidence: Evidence, intent: Intent) -> bool:
    """True when the reply names the question's concepts; with two or more, the members' question it answers may
    name all but one ("go-and-see visits for Syrians": a reply on go-and-see visits to a question on Syrians)."""
    record = evidence.record
    named = [concept for concept in intent.concepts if names(concept, record.text)]
    if len(named) == len(intent.concepts):
        return True
    rest = [concept for concept in intent.concepts if concept not in named]
    return len(intent.concepts) >= 2 and bool(named) and all(names(c, record.question) for c in rest)


def _on_the_rest_of_the_topic(evidence: Evidence, intent: Intent) -> bool:
    """A reply naming the concept ("visa") must also name some of the rest of the topic ("humanitarian visa")."""
    if all(any(concept.question.search(term.label) for concept in intent.concepts) for term in intent.terms):
        return True  # the question's terms are its concepts: naming them is the whole topic
    return on_a_topic(f"{evidence.record.text}\n{evidence.record.question}", intent, CONCEPT_TOPIC_COVERAGE)


def covers(text: str, intent: Intent, share: float, known_only: bool = False) -> bool:
    """True when the text names at least this share of the question's term weight."""
    return coverage(reply_words(text), intent.terms, known_only) >= share


def on_a_topic(text: str, intent: Intent, share: float | None = None) -> bool:
    """True when the text names enough of one of the topics the question asks about."""
    words = reply_words(text)
    share = TOPIC_COVERAGE if share is None else share
    return any(coverage(words, topic) >= share for topic in intent.topics or (intent.terms,))


def _points_on_topic(evidence: Evidence, intent: Intent) -> bool:
    """True for a pointer reply whose members' question names the question's concepts."""
    record = evidence.record
    return names_all(record.question, intent) and is_pointer_reply(record.text, record.refers_to)


def supporting(pool: Sequence[Evidence], intent: Intent, floor: float) -> tuple[list[Evidence], list[Evidence]]:
    """Among the closest replies, those that hold what a specific or detailed question asks for: the ones to cite
    (the best, two when the question asks two things) and the other supporting ones, listed but not quoted."""
    direct = [e for e in pool if e.via is None][:SPECIFIC_DEPTH]
    close = [e for e in direct if (e.dense_score or 0.0) >= floor]
    found = [e for e in close if supports(e.record.text, intent, e.record.question) and _covers_question(e, intent)
             and fact_near_terms(e.record.text, intent)]
    if not found:  # a pointer's target holds the answer for it
        targets = {t for e in close for t in e.record.refers_to}
        found = [e for e in pool if e.record.id in targets and supports(e.record.text, intent)]
    best = max((e.dense_score or 0.0 for e in found), default=0.0)
    near = [e for e in found if (e.dense_score or 0.0) >= best - CLOSE_MARGIN or e.dense_score is None]
    cited = _with_pointed_to(near[: min(intent.parts, MAX_CLOSE_REPLIES)], pool)
    return cited, [e for e in found if e not in cited]


def _with_pointed_to(cited: list[Evidence], pool: Sequence[Evidence]) -> list[Evidence]:
    """The replies to cite, a reply that points elsewhere followed by the reply it points to ("see the answer to the
    PVV" with a sentence more is half an answer; the other half is there), or replaced by it when it adds little."""
    by_id = {e.record.id: e for e in pool}
    result: list[Evidence] = []
    for evidence in cited:
        text = evidence.record.text
        targets = [by_id[t] for t in evidence.record.refers_to[:1] if t in by_id and by_id[t] not in result]
        own = own_sentences(text)
        if not targets or len(own) == len(split_sentences(text)):  # no pointer sentence in it
            result.append(evidence)
            continue
        if sum(len(s.text.split()) for s in own) >= POINTER_OWN_WORDS:
            result.append(evidence)
        result.extend(targets)
    return result


def _covers_question(evidence: Evidence, intent: Intent) -> bool:
    """True when the reply, with the members' question it answers, names enough of the question's terms."""
    return covers(f"{evidence.record.text}\n{evidence.record.question}", intent, SUPPORT_COVERAGE, known_only=True)


def fact_near_terms(text: str, intent: Intent) -> bool:
    """True when a sentence holding the asked-for fact (a count, an amount, a date, a duration) names, itself or
    with the sentence before it, a concept or a term of the question: "120 on 1 March" about something else is
    not the number asked for. Always true when the question asks for no such fact."""
    if intent.wants in (None, "country"):
        return True
    sentences = [sentence.text for sentence in split_sentences(text)]
    for index, sentence in enumerate(sentences):
        if holds_fact(sentence, intent.wants):
            context = " ".join(sentences[max(0, index - 1): index + 1])
            if _names_question(context, intent):
                return True
    return False


def _names_question(text: str, intent: Intent) -> bool:
    """True when the text names one of the question's concepts or known terms."""
    if any(names(concept, text) for concept in intent.concepts):
        return True
    words = reply_words(text)
    return any(names_term(words, term) for term in intent.terms if term.known)


def fold(selected: Sequence[Evidence], pool: Sequence[Evidence], intent: Intent) -> list[Unit]:
    """Units: pointer replies folded into their targets, duplicates into the first of them, in selected order."""
    by_id = {e.record.id: e for e in pool}
    units: dict[str, dict] = {}
    for rank, evidence in enumerate(selected):
        record = evidence.record
        target = _target_of(evidence, by_id)
        if target is None:
            continue
        twin = next((d for d in record.duplicates_of if d in units), None) if target is evidence else None
        key = twin or target.record.id
        unit = units.setdefault(key, {"evidence": by_id.get(key, target), "also": [], "folded": [], "rank": rank})
        if key != record.id:
            unit["folded"].append(record.id)
            own = unit["evidence"].record.faction
            if record.faction and record.faction != own and record.faction not in unit["also"]:
                unit["also"].append(record.faction)
    return [
        Unit(u["evidence"], u["also"], u["folded"], _relevance(u["evidence"], intent, u["rank"], u["folded"]))
        for u in units.values()
    ]


def _target_of(evidence: Evidence, by_id: dict[str, Evidence]) -> Evidence | None:
    """The reply to cite for this one: itself, or for a pointer reply the reply it points to (None if not found)."""
    record = evidence.record
    if not is_pointer_reply(record.text, record.refers_to):
        return evidence
    targets = [by_id[t] for t in record.refers_to if t in by_id]
    return targets[0] if targets else None


def _relevance(evidence: Evidence, intent: Intent, rank: int, folded: Sequence[str]) -> tuple:
    """Sort key, best first: names the topic in the reply itself or is the reply others point to; then rank."""
    in_text = bool(intent.concepts) and names_all(evidence.record.text, intent)
    return (0 if in_text or folded else 1, rank)


def _date_key(unit: Unit) -> date:
    """Undated documents sort as oldest."""
    return unit.evidence.document.date or date.min


def group(units: Sequence[Unit], max_documents: int = MAX_DOCUMENTS,
          per_document: int = MAX_REPLIES_PER_DOCUMENT) -> Overview:
    """Blocks per document, newest first (ties: the more relevant first), within the budget; the rest as 'more'."""
    by_document: dict[str, list[Unit]] = {}
    for unit in sorted(units, key=lambda u: u.relevance):
        by_document.setdefault(unit.evidence.document.id, []).append(unit)
    ordered = sorted(by_document.values(), key=lambda block: (-_date_key(block[0]).toordinal(), block[0].relevance))
    blocks, more = [], []
    for index, block in enumerate(ordered):
        shown = block[:per_document] if index < max_documents else []
        if shown:
            blocks.append(shown)
        for unit in block[len(shown):]:
            more.append(unit.evidence.record.id)
    return Overview(blocks, more)
