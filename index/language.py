"""Is a query Dutch? BM25 runs over Dutch text, so only a Dutch query's BM25 ranking gets a say in fusion."""

from __future__ import annotations

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from index.lexical import QUESTION_WORDS_EN, TOKEN_PATTERN

# Function words of one language only: "in", "is" and "was" belong to both and say nothing.
DUTCH_ONLY = frozenset(STOPWORDS_DUTCH) - frozenset(STOPWORDS_EN)
ENGLISH_ONLY = (frozenset(STOPWORDS_EN) | QUESTION_WORDS_EN) - frozenset(STOPWORDS_DUTCH)
# A keyword query has no function words; a Dutch one consists of words the (Dutch) corpus knows.
KEYWORD_QUERY_DUTCH_COVERAGE = 0.8


def is_dutch(query: str, coverage: float) -> bool:
    """True for a Dutch query: more Dutch than English function words, or, with neither, corpus words only."""
    words = TOKEN_PATTERN.findall(query.lower())
    dutch = sum(word in DUTCH_ONLY for word in words)
    english = sum(word in ENGLISH_ONLY for word in words)
    if dutch != english:
        return dutch > english
    return coverage >= KEYWORD_QUERY_DUTCH_COVERAGE
