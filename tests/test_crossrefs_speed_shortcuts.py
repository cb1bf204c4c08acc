"""The shortcuts of ingest.similarity and ingest.crossrefs give what the slow definitions give, on random inputs and
the seeds: the words of a text are WORD.findall(text.lower()); the near-identical pairs found among the sets in
order of size are the pairs of different factions whose Jaccard reaches the bar."""

from __future__ import annotations

import random
import sys

from ingest import crossrefs, similarity
from tests.conftest import CORPUS_DIR, ROOT

# ASCII letters, digits and punctuation, Dutch letters, quotes and dashes, whitespace str.split knows, and the
# characters whose lowering is odd: capital sigma (by context), dotted capital I (two characters), Kelvin sign
# (to ASCII "k"), titlecase "ǅ", "ẞ", a combining mark, Arabic-Indic digits, a lone surrogate, "ſ".
_PIECES = ["a", "B", "z", "1", "_", "-", ".", " ", "\n", "\t", "é", "É", "ë", "Ï", "’", "‘", "“", "–", "…",
           "€", "\xa0", "\u2028", "Σ", "σ", "ς", "İ", "\u212a", "ǅ", "ẞ", "ß", "\u0307", "٣", "\ud800", "ſ", "Ω",
           "中"]


def _texts(seed: int, count: int, pieces: list[str]):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 20)))


def test_words_are_the_regex_words_of_the_lowered_text():
    for text in _texts(1, 30000, _PIECES):
        assert similarity.words(text) == similarity.WORD.findall(text.lower()), repr(text)
    without_sigma = [piece for piece in _PIECES if piece != "Σ"]  # a capital sigma sends the text to the regex
    for text in _texts(2, 30000, without_sigma):
        assert similarity.words(text) == similarity.WORD.findall(text.lower()), repr(text)


def test_words_of_every_character():
    # Each character alone and between letters: its word form is what the regex makes of it.
    for code in range(128, sys.maxunicode + 1, 7):
        text = f"Ab{chr(code)}cD {chr(code)}"
        assert similarity.words(text) == similarity.WORD.findall(text.lower()), hex(code)


def test_words_of_the_seeds_and_fixtures():
    paths = sorted(CORPUS_DIR.glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "ingest").glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert similarity.words(text) == similarity.WORD.findall(text.lower())
        for line in text.split("\n"):
            assert similarity.words(line) == similarity.WORD.findall(line.lower())


def _random_grams(rng: random.Random) -> frozenset[str]:
    """A set like a reply's trigrams: often a variant of a few shared texts, so that many pairs are near the bar."""
    base = [f"g{n}" for n in range(rng.choice([0, 1, 5, 20, 60]))]
    kept = [g for g in base if rng.random() > rng.choice([0.0, 0.1, 0.3, 0.5])]
    return frozenset(kept + [f"x{rng.randrange(10**6)}" for _ in range(rng.randrange(0, 12))])


def test_near_identical_pairs_are_the_pairs_that_reach_the_bar():
    rng = random.Random(3)
    for _ in range(3000):
        compared = [(f"r{n}", rng.choice(["PVV", "NSC", "SP", None]), _random_grams(rng))
                    for n in range(rng.randrange(0, 9))]
        expected = [(i, j) for i in range(len(compared)) for j in range(i + 1, len(compared))
                    if compared[i][1] != compared[j][1]
                    and similarity.jaccard(compared[i][2], compared[j][2]) >= crossrefs.DUPLICATE_JACCARD]
        assert sorted(crossrefs._near_identical(compared)) == expected
