"""Cross-references between replies: "zie het antwoord op …" pointers and near-identical replies.

A reference sentence names the answer it points to by faction ("een gelijkluidende vraag van de leden van de
PVV-fractie", "de PVV- en NSC-fractie", "uw fractie"), by position ("het vorige antwoord", "bovenstaande
vraag", "de eerste vraag van …") or by topic ("de vraag over het ontwerpbesluit van de Commissie"). Each is
resolved within the document: by position, or to the candidate whose question is most similar (prefix-stem
overlap, see ingest.similarity). What cannot be resolved is kept in `unresolved_refs`, never guessed.
Pointers to things that are not replies (a BNC-fiche, a nader rapport, a letter) are not references.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, islice
from typing import NamedTuple

from core.models import Record, RecordKind
from core.text import squeezed
from ingest.factions import factions_mentioned
from ingest.linescan import CASE_ODD, may_contain, phrase_in
from ingest.numbered import expand_numbers
from ingest.similarity import (
    cached_squared_norm, coverage, idf_of_stem_sets, jaccard, shingles_of_words, similarity, stem_list, stem_set, words,
)

# A sentence ends at . ! or ? followed by whitespace and a capital, quote or bracket. Found from the punctuation,
# which the regex engine skips to, rather than with a lookbehind tried at every position (the same splits as
# re.split(r"(?<=[.!?])\s+(?=[A-Z‘“'\"(])", text): tests/test_ingest_shortcuts.py).
_PUNCTUATION_BREAK = re.compile(r"[.!?](\s+)(?=[A-Z‘“'\"(])")
ANSWER_NOUN = re.compile(r"\b(?:antwoord(?:en)?|beantwoording)\b", re.I)
REFERRING_VERB = re.compile(r"\b(?:verwijs|verwijst|verwezen|zie)\b", re.I)
PREVIOUS = re.compile(r"\b(?:vorige|bovenstaande)\b", re.I)
EARLIER = re.compile(r"\b(?:hierboven|eerder|eerdere|vorige|bovenstaande)\b", re.I)
ALIKE = re.compile(r"\b(?:gelijkluidende|vergelijkbare)\b", re.I)
FIRST = re.compile(r"\beerste vraag\b", re.I)
OWN_FACTION = re.compile(r"\b(?:uw|hun|deze) fractie\b", re.I)
TOPIC = re.compile(r"\bover (?P<topic>[^.;,]+)")
COURTESY = re.compile(r"kennisgenomen|kennis genomen|hebben hierover|volgende vragen|enkele vragen|gelegenheid", re.I)
# Numbered documents (Kamervragen, lists): "Zie het antwoord op vraag 6", "Vraag 7 wordt beantwoord bij vraag 6".
NUMBERED_REF = re.compile(
    r"\b(?:zie|verwijs|verwijst|verwezen|beantwoord|antwoord|antwoorden)\b[^.]*?\b(?:vraag|vragen)\s+"
    r"(?P<nums>\d{1,3}(?:\s*(?:,|en|t/m|-)\s*\d{1,3})*)",
    re.I,
)
# A reference resolved by similarity needs at least this much overlap; below it (or with no candidate
# of the named faction at all) it is flagged in unresolved_refs.
MIN_SIMILARITY = 0.02
# Replies whose text without reference sentences shares this share of word trigrams are near-identical.
DUPLICATE_JACCARD = 0.6
MIN_DUPLICATE_WORDS = 12


class Reference(NamedTuple):
    """One reference sentence of a reply, taken apart."""

    sentence: str
    factions: list[str]
    previous: bool
    first: bool
    topic: str | None
    earlier: bool  # "eerder", "hierboven", "vorige": the target precedes the referring reply
    alike: bool  # "gelijkluidende", "vergelijkbare": resolved by similarity


def resolve(records: list[Record]) -> list[Record]:
    """Records with refers_to, unresolved_refs and duplicates_of filled, per document; other fields unchanged."""
    positions: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        positions.setdefault(record.document_id, []).append(index)
    resolved = list(records)
    for indices in positions.values():
        for index, record in zip(indices, _resolve_document([records[i] for i in indices])):
            resolved[index] = record
        _forget_document()
    return resolved


def _forget_document() -> None:
    """Empty the per-text caches: they serve the comparisons within one document, and another document's
    replies are other texts (a benchmark of copies would otherwise measure cache hits)."""
    for cached in (_references, _substance, _without_references, _normalised, cached_squared_norm):
        cached.cache_clear()


def references(text: str) -> list[Reference]:
    """The sentences of a reply text that point to another reply, taken apart."""
    return list(_references(text))


@lru_cache(maxsize=4096)  # pure; asked once for the reply and once for its text without pointers
def _references(text: str) -> tuple[Reference, ...]:
    # Most replies name no answer at all: no sentence can be a reference (spacing does not change a match).
    if not _names_an_answer(text):
        return ()
    found: list[Reference] = []
    for sentence in sentences(_normalised(text)):
        noun = ANSWER_NOUN.search(sentence) if may_contain(sentence, _ANSWER_PHRASES) else None
        if not noun or not (REFERRING_VERB.search(sentence) or EARLIER.search(sentence) or ALIKE.search(sentence)):
            continue
        tail = sentence[noun.start():]
        topic = TOPIC.search(tail)
        found.append(Reference(
            sentence=sentence,
            factions=factions_mentioned(tail) + (["<own>"] if OWN_FACTION.search(tail) else []),
            previous=PREVIOUS.search(sentence) is not None,
            first=FIRST.search(tail) is not None,
            topic=topic.group("topic").strip() if topic else None,
            earlier=EARLIER.search(sentence) is not None,
            alike=ALIKE.search(sentence) is not None,
        ))
    return tuple(found)


def _resolve_document(records: list[Record]) -> list[Record]:
    """Resolve the references and duplicates of one document's records."""
    replies = sorted((r for r in records if r.kind == RecordKind.REPLY), key=lambda r: r.ordinal)
    # Each reply's own words read once: its stems (with its question's) and its word trigrams are made of them.
    # Own text = the text without its pointer sentences, whitespace-normalised; only replies that point need it
    # made (normalising leaves the words of the others as they are).
    own = {reply.id: _without_references(reply.text) for reply in replies if references(reply.text)}
    # Duplicates are looked for between factions: a document of one faction (an Eerste Kamer report, Kamervragen
    # of one party) without pointers needs no words at all.
    several_factions = len({reply.faction for reply in replies}) > 1
    own_words = ({reply.id: words(own.get(reply.id, reply.text)) for reply in replies}
                 if own or several_factions else {})
    # What each reply is about: the stems of its question without courtesies, then of its text without pointers
    # (the stems of "<question> <own text>"); every reference compares them with its candidates. Only a document
    # whose replies point somewhere needs them.
    content_stems: dict[str, frozenset[str]] = {}
    idf: dict[str, float] = {}
    if own:
        content_stems = {reply.id: stem_set(chain(_substance_words(reply.question), own_words[reply.id]))
                         for reply in replies}
        idf = idf_of_stem_sets(list(content_stems.values()))
    links: dict[str, tuple[list[str], list[str]]] = {}
    for reply in replies:
        targets, unresolved, handled = _numbered_references(reply, replies)
        for reference in references(reply.text):
            if reference.sentence in handled:
                continue
            found, missing = _resolve_reference(reference, reply, replies, idf, content_stems)
            targets += [t for t in found if t not in targets and t != reply.id]
            unresolved += missing
        links[reply.id] = (targets, unresolved)
    duplicates = _duplicates(replies, own, own_words) if several_factions else {}
    return [_linked(record, *links[record.id], duplicates.get(record.id, [])) if record.id in links else record
            for record in records]


def _linked(record: Record, refers_to: list[str], unresolved: list[str], duplicates: list[str]) -> Record:
    """The record with its links; itself when it has none (most replies: a copy per record cost more than the rest)."""
    if not (refers_to or unresolved or duplicates or record.refers_to or record.unresolved_refs
            or record.duplicates_of):
        return record
    return record.model_copy(
        update={"refers_to": refers_to, "unresolved_refs": unresolved, "duplicates_of": duplicates}
    )


def _numbered_references(reply: Record, replies: list[Record]) -> tuple[list[str], list[str], set[str]]:
    """Targets of 'vraag N' pointers in a numbered reply, the ones without target, and the sentences read."""
    if not reply.question_numbers:
        return [], [], set()
    targets, unresolved, handled = [], [], set()
    for sentence in sentences(_normalised(reply.text)):
        for match in NUMBERED_REF.finditer(sentence):
            handled.add(sentence)
            for number in expand_numbers(match.group("nums")):
                if number in reply.question_numbers:
                    continue
                found = [r.id for r in replies if number in r.question_numbers and r.id != reply.id]
                targets += [t for t in found[:1] if t not in targets]
                if not found:
                    unresolved.append(f"{sentence} [vraag {number}]")
    return targets, unresolved, handled


def _resolve_reference(reference: Reference, reply: Record, replies: list[Record], idf: dict[str, float],
                       content_stems: dict[str, frozenset[str]]) -> tuple[list[str], list[str]]:
    """Ids the reference points to, and the phrases of it that could not be resolved."""
    if reference.factions:
        found, missing = [], []
        for faction in reference.factions:
            name = reply.faction if faction == "<own>" else faction
            candidates = [r for r in replies if r.faction == name and r.id != reply.id
                          and (r.ordinal < reply.ordinal or not reference.earlier)]
            target = _pick(candidates, reply, reference, idf, content_stems)
            (found.append(target.id) if target else missing.append(f"{reference.sentence} [{name}]"))
        return found, missing
    before = [r for r in replies if r.ordinal < reply.ordinal and r.id != reply.id]
    if reference.previous:
        return ([before[-1].id], []) if before else ([], [reference.sentence])
    if reference.topic or reference.earlier or reference.alike or reference.first:
        target = _pick(before, reply, reference, idf, content_stems)
        return ([target.id], []) if target else ([], [reference.sentence])
    return [], [reference.sentence]


def _pick(candidates: list[Record], reply: Record, reference: Reference, idf: dict[str, float],
          content_stems: dict[str, frozenset[str]]) -> Record | None:
    """The candidate a reference means: the first (on a topic), the one on its topic, or the most similar."""
    if not candidates:
        return None
    if reference.topic:
        return _pick_on_topic(candidates, reference, idf, content_stems)
    if reference.first:
        return candidates[0]
    asked = content_stems[reply.id]  # what the reply is about: its question and its own words
    return _best([(similarity(asked, content_stems[c.id], idf), c) for c in candidates])


@lru_cache(maxsize=4096)  # pure; asked for every candidate of every reference
def _substance(question: str) -> str:
    """The question without courtesy sentences ("Deze leden hebben kennisgenomen van …")."""
    question = _normalised(question)
    # No courtesy phrase anywhere: splitting and rejoining gives the same text.
    if not _courteous(question):
        return question
    return " ".join(s for s in sentences(question) if not _courteous(s))


def _substance_words(question: str) -> list[str]:
    """words(_substance(question)), without normalising a question that holds no courtesy phrase."""
    # Each phrase holds one of these words whatever the whitespace in it (normalising could join "kennis\ngenomen"):
    # without them the question has no courtesy sentence, and its words are those of its normalised form.
    if phrase_in(question, _COURTESY_WORDS) is False:
        return words(question)
    return words(_substance(question))


_COURTESY_WORDS = ("kennis", "hierover", "volgende", "enkele", "gelegenheid")


def _courteous(text: str) -> bool:
    """COURTESY.search(text) is not None; a substring search answers it unless the text holds odd characters."""
    found = phrase_in(text, _COURTESY_PHRASES)  # COURTESY alternates exactly these phrases
    return found if found is not None else COURTESY.search(text) is not None


def _pick_on_topic(candidates: list[Record], reference: Reference, idf: dict[str, float],
                   content_stems: dict[str, frozenset[str]]) -> Record | None:
    """The candidate about the reference's topic ("over het solidariteitsmechanisme"): first or best covered.

    The topic's head word must occur ("over Tunesië opgenomen" is about Tunesië); among those, the one
    covering most of the topic, the nearest before on a tie; with "eerste vraag", the first of them.
    """
    words = stem_list(reference.topic or "")
    if not words:
        return None
    topic, head = frozenset(words), words[0]
    on_topic = [(coverage(topic, content, idf), c) for c in candidates if head in (content := content_stems[c.id])]
    if not on_topic or reference.first:
        return on_topic[0][1] if on_topic else None
    best = max(score for score, _ in on_topic)
    return [c for score, c in on_topic if score == best][-1]


def _best(scored: list[tuple[float, Record]]) -> Record | None:
    """The highest-scoring record (earliest on ties) if its score reaches MIN_SIMILARITY."""
    best_score, best = max(scored, key=lambda item: (item[0], -item[1].ordinal), default=(0.0, None))
    return best if best_score >= MIN_SIMILARITY else None


def _duplicates(replies: list[Record], own: dict[str, str], own_words: dict[str, list[str]]) -> dict[str, list[str]]:
    """Near-identical replies given to different factions, linked both ways (own: text without pointers, of the
    replies that point)."""
    grams = {r.id: shingles_of_words(own_words[r.id]) for r in replies if _long_enough(r, own)}
    compared = [(r.id, r.faction, found) for r in replies if (found := grams.get(r.id)) is not None]
    pairs: dict[str, list[str]] = {}
    # In the order of the replies, as a loop over the pairs in that order would find them.
    for a, b in sorted(_near_identical(compared)):
        pairs.setdefault(compared[a][0], []).append(compared[b][0])
        pairs.setdefault(compared[b][0], []).append(compared[a][0])
    return pairs


_Trigrams = frozenset[tuple[str, str, str]]


def _near_identical(compared: list[tuple[str, str | None, _Trigrams]]) -> Iterator[tuple[int, int]]:
    """The pairs (i, j), i < j, of compared sets of different factions whose Jaccard reaches DUPLICATE_JACCARD."""
    # The Jaccard is at most smaller / larger: a set is compared only with the sets from its own size up to those
    # with DUPLICATE_JACCARD * size <= its size, a stretch of the sets in order of size found by bisection, instead
    # of every pair being tried (most are of sizes too far apart). The products are those the pairwise test
    # computed; they rise with the size, so the stretch holds exactly the pairs that test let through.
    order = sorted(range(len(compared)), key=lambda i: len(compared[i][2]))
    reach = [DUPLICATE_JACCARD * len(compared[i][2]) for i in order]
    for rank, i in enumerate(order):
        _, faction, smaller = compared[i]
        sample = None  # made when the set is first probed
        for j in order[rank + 1:bisect_right(reach, len(smaller))]:
            _, other_faction, larger = compared[j]
            if other_faction == faction:
                continue
            sample = _sample(smaller) if sample is None else sample
            if (_may_reach(sample, len(smaller), larger, len(smaller) + len(larger))
                    and jaccard(smaller, larger) >= DUPLICATE_JACCARD):
                yield (i, j) if i < j else (j, i)


def _long_enough(reply: Record, own: dict[str, str]) -> bool:
    """True when the reply's own text has MIN_DUPLICATE_WORDS whitespace-separated words."""
    text = own.get(reply.id)
    if text is None:  # no pointers: the own text is the text normalised, with as many words
        return len(reply.text.split(None, MIN_DUPLICATE_WORDS - 1)) >= MIN_DUPLICATE_WORDS
    # The own texts are whitespace-normalised (single spaces): counting spaces counts the words.
    return bool(text) and text.count(" ") + 1 >= MIN_DUPLICATE_WORDS


# Share of a set's elements looked up in the other set before the whole sets are intersected.
SAMPLE_SHARE = 0.3


def _sample(grams: _Trigrams) -> _Trigrams:
    """Some of the set's elements (any fixed choice serves _may_reach), as a set: a tuple does not keep its hash,
    a set does, so probing with the sample hashes each tuple once, not once per pair."""
    return frozenset(islice(grams, max(1, int(len(grams) * SAMPLE_SHARE))))


def _may_reach(sample: _Trigrams, size: int, other: _Trigrams, both_sizes: int) -> bool:
    """False when a set of `size` elements (sample: some of them) cannot share enough with other for a Jaccard of
    DUPLICATE_JACCARD: even if every element outside the sample were shared, the missed ones are too many.

    Most pairs of replies share a few phrases only; this rejects them after looking up 30 % of one set instead of
    intersecting both (the bound is the one jaccard() computes, in the same arithmetic, so nothing is lost).
    """
    most = size - len(sample) + len(other.intersection(sample))
    # Both sets empty (replies of figures only, no words): jaccard() gives 0 there.
    return both_sizes > most and most / (both_sizes - most) >= DUPLICATE_JACCARD


_COURTESY_PHRASES = ("kennisgenomen", "kennis genomen", "hebben hierover", "volgende vragen", "enkele vragen",
                     "gelegenheid")
@lru_cache(maxsize=4096)  # pure; asked for every candidate of every reference
def _without_references(text: str) -> str:
    """Reply text without its reference sentences (identical pointers are not duplicate answers)."""
    pointers = {reference.sentence for reference in references(text)}
    text = _normalised(text)
    return " ".join(s for s in sentences(text) if s not in pointers) if pointers else text


_ANSWER_PHRASES = ("antwoord",)  # every ANSWER_NOUN match holds it


def _names_an_answer(text: str) -> bool:
    """ANSWER_NOUN.search(text) is not None, tried only where "antwoord" stands (at a match's start, or two
    characters in: "beantwoording"), not at every position of the text."""
    if phrase_in(text, _ANSWER_PHRASES) is False:  # most replies: no "antwoord" at all
        return False
    lowered = text.lower()
    if len(lowered) != len(text) or any(odd in text for odd in CASE_ODD):  # offsets or letters would not line up
        return ANSWER_NOUN.search(text) is not None
    at = lowered.find("antwoord")
    while at >= 0:
        if ANSWER_NOUN.match(text, at) or (at >= 2 and ANSWER_NOUN.match(text, at - 2)):
            return True
        at = lowered.find("antwoord", at + 1)
    return False


@lru_cache(maxsize=4096)  # each reply text is normalised for its references, its own words and its numbers
def _normalised(text: str) -> str:
    """text with each whitespace run as one space, without leading and trailing whitespace."""
    return squeezed(text)


def sentences(text: str) -> list[str]:
    """The sentences of text: split at each whitespace run between a sentence's end and the next one's start."""
    pieces, start = [], 0
    for match in _PUNCTUATION_BREAK.finditer(text):
        pieces.append(text[start:match.start(1)])
        start = match.end(1)
    pieces.append(text[start:])
    return pieces
