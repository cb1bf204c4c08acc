"""Deterministic lexical similarity for Dutch reply texts: prefix-stemmed token sets with IDF weights.

Dutch compounds share their first part ("terugkeerhub", "terugkeerbesluit"; "ontwerpbesluit",
"ontwerp-raadsdocumenten"), so a token is stemmed to its first STEM_LENGTH letters: crude, but it matches
inflections and compound heads without a stemmer dependency, and gives the same answer on every run.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain, compress, filterfalse, repeat
from operator import itemgetter, le

STEM_LENGTH = 6
MIN_TOKEN_LENGTH = 3
WORD = re.compile(r"[^\W\d_]+")
STOPWORDS = frozenset(
    """aan als bij dan dat de deze die dit door een en er het hij hoe hun in is kan met na naar niet nog of
    om onder ook op over te ten tot uit van voor wat wel welke wordt worden zal zij zijn zo zou
    leden fractie fracties minister kabinet vragen vraagt vraag deze antwoord nederland""".split()
)


# The words of at least MIN_TOKEN_LENGTH letters: a run of letters the regex skips is a shorter word.
_CONTENT_WORD = re.compile(rf"[^\W\d_]{{{MIN_TOKEN_LENGTH},}}")
_STEM = itemgetter(slice(STEM_LENGTH))


def stem_list(text: str) -> list[str]:
    """The prefix stems of the content words of text, in order."""
    # map/filterfalse run the loop in C: a reply has hundreds of words and a document thousands.
    return stems_of_words(words(text))


# Each ASCII byte that is no letter becomes a space and each capital its lower case; UTF-8 bytes of other
# characters (>= 0x80) are kept, so the words of an ASCII stretch fall out of str.split.
_ASCII_WORD_BYTES = bytes(
    code if code >= 128 else ord(chr(code).lower()) if chr(code).isalpha() else 32 for code in range(256)
)


def words(text: str) -> list[str]:
    """The words of text, lowercased, in order (what shingles and stems are made of): WORD.findall(text.lower()).

    The regex tests a Unicode category at every character (≈ 45 ns each, 5 ms for a long report); bytes.translate
    turns every ASCII non-letter into a space and every capital into its lower case in C, and each other character
    the text holds (a handful: "’", "é", "–") is replaced by its word form in one str.replace pass, so str.split
    gives the words. Lowering character by character equals lowering the text, except for a capital sigma ("Σ"
    lowers by context): such a text is left to the regex.
    """
    if "Σ" in text:
        return WORD.findall(text.lower())
    encoded = text.encode("utf-8", "surrogatepass")
    spaced = encoded.translate(_ASCII_WORD_BYTES).decode("utf-8", "surrogatepass")
    if spaced.isascii():
        return spaced.split()
    # The characters beyond ASCII: the UTF-8 bytes left when the ASCII ones are deleted (a few, often repeated).
    for char in set(encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")):
        form = _word_form(char)
        if form is None:
            return WORD.findall(text.lower())
        if form != char:
            spaced = spaced.replace(char, form)
    return spaced.split()


_ASCII_BYTES = bytes(range(128))


@lru_cache(maxsize=4096)
def _word_form(char: str) -> str | None:
    """char lowered, each resulting character kept if WORD takes it and a space otherwise; None when a kept
    character would lower again (its own replacement would then depend on the order of the replacements)."""
    form = "".join(lowered if WORD.fullmatch(lowered) else " " for lowered in char.lower())
    return form if all(kept.lower() == kept for kept in form) else None


def stems_of_words(found: list[str]) -> list[str]:
    """stem_list of a text whose words(text) are `found`: the same list without reading the text again."""
    long_enough = compress(found, map(le, repeat(MIN_TOKEN_LENGTH), map(len, found)))
    return list(map(_STEM, filterfalse(STOPWORDS.__contains__, long_enough)))


def stem_set(found: Iterable[str]) -> frozenset[str]:
    """frozenset(stems_of_words(found)), read from the distinct words (a text repeats most of its words)."""
    distinct = set(found)
    distinct -= STOPWORDS  # in C, where filterfalse called STOPWORDS.__contains__ once per word
    kept = list(distinct)
    return frozenset(map(_STEM, compress(kept, map(le, repeat(MIN_TOKEN_LENGTH), map(len, kept)))))


class IdfWeights(dict):
    """Stem → IDF weight; hashed by identity so the squared norms of stem sets can be cached per weighting."""

    __hash__ = object.__hash__
    squares: dict[str, float]  # stem → squared weight, summed in C for the sets' shared stems


def idf_of_stem_sets(stem_sets: list[frozenset[str]]) -> IdfWeights:
    """Inverse document frequency of each stem over the texts whose stems are stem_sets (smoothed, always positive)."""
    counts = Counter(chain.from_iterable(stem_sets))
    total = len(stem_sets)
    # One logarithm per distinct count (a few dozen) instead of one per stem (hundreds): the same values.
    weight_of = {count: math.log((1 + total) / (1 + count)) + 1.0 for count in set(counts.values())}
    square_of = {count: weight ** 2 for count, weight in weight_of.items()}
    weights = IdfWeights(zip(counts, map(weight_of.__getitem__, counts.values())))
    weights.squares = dict(zip(counts, map(square_of.__getitem__, counts.values())))
    return weights


def similarity(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """Cosine similarity of two stem sets with IDF weights, in [0, 1]."""
    if not a or not b:
        return 0.0
    shared = a & b
    squares = getattr(idf, "squares", None)
    # Same terms in the same order as _squared_norm, so the same sum; stems of texts outside the weighting
    # (weight 1.0 by default) take the slow path.
    if squares is not None and (numerator := _sum_known(squares, shared)) is not None:
        return numerator / math.sqrt(_squared_norm(a, idf) * _squared_norm(b, idf))
    return _squared_norm(shared, idf) / math.sqrt(_squared_norm(a, idf) * _squared_norm(b, idf))


def _sum_known(squares: dict[str, float], stem_set: frozenset[str]) -> float | None:
    """Sum of the squared weights of stem_set, or None when a stem has no weight."""
    try:
        return sum(map(squares.__getitem__, stem_set))
    except KeyError:
        return None


def _squared_norm(stem_set: frozenset[str], idf: dict[str, float]) -> float:
    """Sum of squared IDF weights (cosine of idf-weighted vectors); cached for the sets compared again and again."""
    if isinstance(idf, IdfWeights):
        return cached_squared_norm(stem_set, idf)
    return sum(idf.get(stem, 1.0) ** 2 for stem in stem_set)


@lru_cache(maxsize=16384)
def cached_squared_norm(stem_set: frozenset[str], idf: IdfWeights) -> float:
    squares = getattr(idf, "squares", None)
    if squares is not None and (known := _sum_known(squares, stem_set)) is not None:
        return known
    return sum(idf.get(stem, 1.0) ** 2 for stem in stem_set)


def coverage(needle: frozenset[str], haystack: frozenset[str], idf: dict[str, float]) -> float:
    """Share of the needle's IDF weight found in the haystack, in [0, 1] (a topic phrase in a reply)."""
    total = sum(idf.get(stem, 1.0) for stem in needle)
    return sum(idf.get(stem, 1.0) for stem in needle & haystack) / total if total else 0.0


def shingles_of_words(found: list[str]) -> frozenset[tuple[str, str, str]]:
    """Word trigrams of a text whose words(text) are `found`, for near-duplicate detection."""
    # Tuples of the words rather than the words joined: no new string per trigram, and a tuple equals another
    # exactly when the joined strings would (words hold no space), so the sets, sizes and Jaccards are the same.
    return frozenset(zip(found, found[1:], found[2:]))


def jaccard(a: frozenset, b: frozenset) -> float:
    """Jaccard overlap of two sets, 0 when both are empty."""
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 0.0
