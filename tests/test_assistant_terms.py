"""The question's own terms, weighted by the real corpus's lexical index: what they are and how replies match."""

from __future__ import annotations

import pytest

from assistant.terms import coverage, dutch_question, names_term, question_terms, reply_words, subtopics
from index.search import Searcher


@pytest.fixture(scope="module")
def lexical(corpus_settings):
    """The lexical index of the ingested bundled corpus."""
    return Searcher.open(corpus_settings).lexical


def labels(question: str, lexical) -> list[str]:
    return [term.label for term in question_terms(question, lexical)]


def test_framing_and_question_words_are_not_terms(lexical):
    assert labels("What did the cabinet say about the ECHR?", lexical) == ["echr"]
    assert labels("Wat heeft het kabinet gezegd over het EVRM?", lexical) == ["evrm"]
    assert "hoeveel" not in labels("Hoeveel Dublinclaimanten heeft Nederland overgedragen?", lexical)
    # multi-word prepositions and "stand van zaken" frame the question: a reply need not name "aanzien" or "zaken"
    assert labels("Wat is de inzet van Nederland ten aanzien van terugkeerhubs?", lexical) == ["terugkeerhubs"]
    assert labels("Wat is de stand van zaken met betrekking tot het EVRM?", lexical) == ["evrm"]


def test_english_phrases_go_through_the_glossary_and_match_dutch_replies(lexical):
    (term,) = question_terms("what did the cabinet say about return hubs?", lexical)
    assert names_term(reply_words("Het kabinet verkent een terugkeerhub in Oeganda."), term)
    assert not names_term(reply_words("Het kabinet zet in op snelle terugkeer."), term)


def test_a_long_stem_matches_inside_a_dutch_compound(lexical):
    (term,) = question_terms("Wat zegt het kabinet over overdrachten?", lexical)
    assert names_term(reply_words("Het aantal Dublinoverdrachten is gestegen."), term)


def test_an_unknown_dutch_word_weighs_most_and_an_unknown_english_word_is_left_out(lexical):
    dutch = question_terms("Wat vindt het kabinet van een staatloosheidsprocedure?", lexical)
    assert [t.known for t in dutch] == [False] and dutch[0].idf == max(t.idf for t in dutch)
    assert question_terms("What is the cabinet's position on zorblaxian displacement?", lexical) == []


def test_coverage_is_the_share_of_idf_named(lexical):
    terms = question_terms("Wat zegt het kabinet over de terugkeerhub in Oeganda?", lexical)
    both = reply_words("Een terugkeerhub in Oeganda wordt verkend.")
    one = reply_words("Oeganda is een partnerland.")
    assert coverage(both, terms) == 1.0 and 0.0 < coverage(one, terms) < 1.0


def test_topics_joined_by_and_are_separate(lexical):
    question = "Wat zegt het kabinet over de Asielnoodmaatregelenwet en het tweestatusstelsel?"
    groups = subtopics(question, question_terms(question, lexical))
    assert [[t.label for t in group] for group in groups] == [["asielnoodmaatregelenwet"], ["tweestatusstelsel"]]


def test_the_dutch_or_joins_topics_only_in_a_dutch_question(lexical):
    dutch = "Wat is de inzet ten aanzien van een interpretatieve verklaring of modernisering van het EVRM?"
    english = "What did the cabinet say about the size of the solidarity pool?"
    assert dutch_question(dutch, lexical) and not dutch_question(english, lexical)
    assert len(subtopics(dutch, question_terms(dutch, lexical), dutch=True)) == 2
    assert len(subtopics(english, question_terms(english, lexical), dutch=False)) == 1
