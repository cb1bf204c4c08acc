"""The bilingual glossary (data file and matching) and the second stage of hybrid search (pure logic, no index)."""

from __future__ import annotations

import pytest

from core.errors import AntwoordError
from index.fusion import ReplyRanking
from index.glossary import GLOSSARY_FILE, dutch_terms, load_glossary, parse_glossary
from index.rerank import DUTCH_WEIGHT, ENGLISH_WEIGHT, lexical_plan, rescore


def test_the_glossary_file_parses_and_covers_the_domain():
    entries = load_glossary(GLOSSARY_FILE)
    english = {entry.english for entry in entries}
    assert len(entries) >= 150
    assert {"return hub*", "safe third countr*", "solidarity pool", "uganda", "jha council"} <= english


def test_english_terms_match_whole_words_plurals_and_hyphen_or_space():
    terms = dutch_terms("What did the cabinet say about return hubs in Uganda?")
    assert {"terugkeerhub", "terugkeerhubs", "Oeganda", "kabinet"} <= set(terms)
    assert "go-and-see" in dutch_terms("Go and see visits to Syria")
    assert "veilig derde land" in dutch_terms("safe third countries")
    assert dutch_terms("a question on github in neutral words") == []  # terms match at word starts only
    assert len(terms) == len(set(terms))


def test_a_bad_glossary_line_names_the_line_and_the_fix():
    with pytest.raises(AntwoordError, match=r"mine.tsv:2: expected 'english<TAB>dutch"):
        parse_glossary("# comment\nno tab here\n", "mine.tsv")
    assert parse_glossary("\n# only comments\n") == ()


def test_dutch_queries_use_bm25_on_themselves_english_on_glossary_terms():
    dutch = lexical_plan("Wat zegt het kabinet over terugkeerhubs?", 1.0)
    assert (dutch.query, dutch.weight, dutch.language) == ("Wat zegt het kabinet over terugkeerhubs?", DUTCH_WEIGHT, "nl")
    assert lexical_plan("Wat zegt het kabinet over terugkeerhubs?", 0.5).weight == pytest.approx(DUTCH_WEIGHT / 2)
    english = lexical_plan("What did the cabinet say about return hubs?", 0.4)
    assert english.language == "en" and english.weight == ENGLISH_WEIGHT and "terugkeerhub" in english.query
    assert lexical_plan("What did they say about it?", 0.1) == ("", 0.0, "en")  # nothing in the glossary
    assert lexical_plan("What did the cabinet say about return hubs?", 0.4, glossary=False).query == ""


def test_bm25_decides_between_close_cosines_but_cannot_lift_a_far_one():
    dense = ReplyRanking(["a", "b", "c"], [0.900, 0.895, 0.800])
    lexical = ReplyRanking(["b", "c"], [10.0, 9.0])
    ranked = rescore(dense, lexical, weight=0.04, cosine=lambda rid: 0.0)
    assert ranked.record_ids == ["b", "a", "c"]  # b: 0.895 + 0.04 beats a's 0.900; c: 0.8 + 0.036 stays last
    assert ranked.scores == sorted(ranked.scores, reverse=True)


def test_lexical_only_candidates_get_their_cosine_and_no_weight_leaves_dense_order():
    dense = ReplyRanking(["a", "b"], [0.90, 0.85])
    lexical = ReplyRanking(["x"], [3.0])
    cosines = {"x": 0.88}
    assert rescore(dense, lexical, 0.05, cosines.__getitem__).record_ids == ["x", "a", "b"]
    assert rescore(dense, lexical, 0.0, cosines.__getitem__).record_ids == ["a", "x", "b"]
    assert rescore(dense, ReplyRanking([], []), 0.1, cosines.__getitem__) == dense


def test_only_the_top_candidates_are_rescored_and_ties_break_by_id():
    dense = ReplyRanking(["a", "b", "c"], [0.9, 0.8, 0.7])
    lexical = ReplyRanking(["c", "b"], [5.0, 5.0])
    assert rescore(dense, lexical, 0.5, lambda rid: 0.0, depth=1).record_ids == ["c", "a", "b"]
    tied = rescore(ReplyRanking(["b", "a"], [0.5, 0.5]), ReplyRanking([], []), 0.1, lambda rid: 0.0)
    assert tied.record_ids == ["a", "b"]
