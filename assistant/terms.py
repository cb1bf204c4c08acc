"""The content terms of a question, as the (Dutch) replies would write them, weighted by how rare they are.

"Is this reply about what the question asks?" is decided by the question's own words, not only by the hand
lexicon of assistant.lexicon: each content word of the question (an English phrase first through the bilingual
glossary of index.glossary) becomes a Term with the stems a reply may contain and an inverse document frequency
from the lexical index. A reply covers a question by the share of the question's idf mass it names: naming
"EVRM" matters, naming "kabinet" hardly. A Dutch word the corpus never uses still counts (with the highest
weight): a question about a topic no document discusses is covered by no reply. An English word the glossary
cannot translate is left out: the Dutch replies could not name it anyway.
"""

from __future__ import annotations

import functools
import math
import re
from typing import NamedTuple, Sequence

from index.glossary import ANY_ENDING, load_glossary
from index.language import is_dutch
from index.lexical import STOPWORDS, TOKEN_PATTERN, tokenize

# Words that frame a question rather than name its topic ("what did the cabinet say about ...").
FRAMING = frozenset(
    "cabinet government minister ministers state secretary dutch netherlands position positions stance view views "
    "standpoint said say says stated think thinks written wrote approach policy plans plan mean means happen "
    "kabinet regering minister staatssecretaris bewindspersoon nederland nederlandse standpunt positie inzet visie "
    "kabinetsstandpunt kabinetsreactie "
    "gezegd zegt zei vindt vond denkt aankijken kijkt beleid opvatting mening geschreven schrijft gemeld meldt "
    "aangegeven laten weten staat staan tegenover tegen over "
    # multi-word prepositions and framing phrases: "ten aanzien van", "met betrekking tot", "de stand van zaken"
    "ten aanzien betrekking inzake omtrent aangaande rondom stand zaken "
    "regarding concerning latest status state play "
    # function words the lexical index's stop list lacks ("tussen de EU en Egypte", "zoals", "het inzetten van")
    "tussen zoals waarbij inzetten between like such "
    # talking to the assistant names no topic either ("what do you think?", "tell me everything about ...")
    "you your we our us me my everything anything something tell explain know zit jij jullie je weet "
    # question words: they ask, they do not name what is asked about
    "how many much long often which what when who whom why where whether "
    "hoeveel welke welk wanneer waarom wie wat waar hoe hoelang hoezeer".split()
)
MIN_STEM_FOR_SUBSTRING = 5  # a stem this long may stand inside a Dutch compound ("overdracht" in "dublinoverdrachten")


class Term(NamedTuple):
    """One content term of a question: how the question writes it, the forms a reply may name it by, its idf."""

    label: str
    forms: tuple[tuple[str, ...], ...]  # alternatives; each alternative is a tuple of stems that must all occur
    idf: float
    known: bool = True  # False for a word no indexed passage holds
    words: str = ""  # the term as the replies write it (the Dutch of a glossary phrase), for a lexical search


# "about A and B" asks about A and about B: a reply on either is on topic. The Dutch "of" (or) joins topics
# only in a Dutch question: in an English one "of" joins nothing.
CONJUNCTION = re.compile(r"\s(?:and|en|or)\s|[,;/]\s*", re.IGNORECASE)
CONJUNCTION_NL = re.compile(r"\s(?:and|en|or|of)\s|[,;/]\s*", re.IGNORECASE)


class ReplyWords(NamedTuple):
    """A reply's text prepared for term matching: its lower-case text and its set of stems."""

    lowered: str
    stems: frozenset[str]


@functools.lru_cache(maxsize=4096)  # the same replies are matched against several topics of one answer
def reply_words(text: str) -> ReplyWords:
    """The reply's lower-case text and stems (tokenised like the lexical index)."""
    return ReplyWords(text.lower(), frozenset(tokenize(text)))


def dutch_question(question: str, lexical) -> bool:
    """True for a Dutch question (by its function words, else by how much of it the corpus knows)."""
    return lexical is not None and is_dutch(question, lexical.coverage(question))


def question_terms(question: str, lexical, dutch: bool | None = None) -> list[Term]:
    """The question's content terms with their idf; [] when no lexical index is at hand. dutch: whether the
    question is Dutch, when the caller knows (else read with dutch_question)."""
    if lexical is None or not getattr(lexical, "n_passages", 0):
        return []
    text = question.lower()
    dutch = dutch_question(question, lexical) if dutch is None else dutch
    terms, covered = _glossary_terms(text, lexical, dutch)
    for match in TOKEN_PATTERN.finditer(text):
        word = match.group(0)
        if not _names_a_topic(word) or any(start <= match.start() < end for start, end in covered):
            continue
        stems = tuple(tokenize(word))
        if not stems:
            continue
        known = lexical.document_frequency(stems[0]) > 0
        if known or dutch:  # an unknown English word: the Dutch replies cannot name it, so it says nothing
            terms.append(Term(word, (stems,), _idf(lexical, [stems]), known, word))
    return _distinct(terms)


def content_words(question: str) -> list[str]:
    """The question's words that could name a topic: no stop word, framing or question word, no number."""
    return [word for word in TOKEN_PATTERN.findall(question.lower()) if _names_a_topic(word)]


def _names_a_topic(word: str) -> bool:
    """False for a stop word, a framing or question word, and a number (years and numbers are checked by the
    answerability rule itself)."""
    return word not in STOPWORDS and word not in FRAMING and not word.isdigit()


def _glossary_terms(text: str, lexical, dutch: bool) -> tuple[list[Term], list[tuple[int, int]]]:
    """Terms for the glossary's English phrases in the question (longest first), and the spans they cover."""
    if dutch:
        return [], []
    terms, covered = [], []
    for entry in sorted(load_glossary(), key=lambda e: -len(e.english)):
        match = entry.pattern.search(text)
        if match is None or any(s < match.end() and match.start() < e for s, e in covered):
            continue
        covered.append((match.start(), match.end()))
        if all(word in FRAMING for word in entry.english.split()):
            continue
        # Dutch texts also write the English term itself ("return hubs", "Talent Pool"): one more alternative.
        renderings = (*entry.dutch, entry.english.replace(ANY_ENDING, ""))
        forms = tuple(dict.fromkeys(stems for stems in (tuple(tokenize(term)) for term in renderings) if stems))
        if forms:
            terms.append(Term(entry.english, forms, _idf(lexical, forms), words=" ".join(entry.dutch)))
    return terms, covered


def _idf(lexical, forms: Sequence[tuple[str, ...]]) -> float:
    """log(N / df) of the most frequent alternative's rarest stem (an unknown form counts as df 0.5)."""
    n = lexical.n_passages
    df = max(min(lexical.document_frequency(stem) for stem in stems) for stems in forms)
    return math.log(n / max(df, 0.5))


def _distinct(terms: list[Term]) -> list[Term]:
    """Terms with the same forms once, and no term whose idf is 0 (a word in every passage names nothing)."""
    seen, kept = set(), []
    for term in terms:
        if term.forms not in seen and term.idf > 0:
            seen.add(term.forms)
            kept.append(term)
    return kept


def names_term(words: ReplyWords, term: Term) -> bool:
    """True when the reply names one alternative of the term (every stem of it)."""
    return any(all(_has_stem(words, stem) for stem in stems) for stems in term.forms)


def _has_stem(words: ReplyWords, stem: str) -> bool:
    """A stem occurs as a word of the reply, or (long enough) inside one of its compounds."""
    if stem in words.stems:
        return True
    return len(stem) >= MIN_STEM_FOR_SUBSTRING and stem in words.lowered


def coverage(words: ReplyWords, terms: Sequence[Term], known_only: bool = False) -> float:
    """The share of the question's idf mass the reply names (1.0 when the question has no terms).

    known_only leaves out words the corpus never uses (for a detailed question they are mostly inflected verbs
    the replies write otherwise; for a topic they are the topic, and a reply that cannot name it is off topic).
    """
    if known_only:
        terms = [term for term in terms if term.known]
    total = sum(term.idf for term in terms)
    if total <= 0:
        return 1.0
    return sum(term.idf for term in terms if names_term(words, term)) / total


def describe(terms: Sequence[Term]) -> list[str]:
    """The terms as shown in an answer's settings: label and idf."""
    return [f"{term.label} ({term.idf:.1f})" for term in terms]


def subtopics(question: str, terms: Sequence[Term], dutch: bool = False) -> list[list[Term]]:
    """The terms split where the question joins topics with and/en/or (of, in Dutch) or a comma; one group when it
    does not."""
    parts = [part.lower() for part in (CONJUNCTION_NL if dutch else CONJUNCTION).split(question)]
    groups: list[list[Term]] = []
    for part in parts:
        group = [term for term in terms if term.label.replace(ANY_ENDING, "") in part]
        if group:
            groups.append(group)
    return groups if len(groups) > 1 else [list(terms)]
