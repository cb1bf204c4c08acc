"""Quote and citation verification of generated answers."""

from __future__ import annotations

from assistant.verify import REMOVED_QUOTE, check_quotes, occurs_verbatim, verify_answer
from tests.test_assistant_support import INTENT_REPLY, UGANDA_REPLY, uganda_sources


def test_verbatim_quote_is_kept_and_attached_to_its_citation():
    raw = 'The cabinet "verkent samen met Oeganda de mogelijkheden" [1].'
    result = verify_answer(raw, uganda_sources())
    assert result.text == raw
    assert result.removed_quotes == [] and result.dropped_numbers == []
    assert result.citations[0].quotes == ["verkent samen met Oeganda de mogelijkheden"]


def test_typography_and_whitespace_do_not_matter():
    assert occurs_verbatim("dient te  passen binnen\nde daarvoor", UGANDA_REPLY)
    assert occurs_verbatim("Het kabinet verkent … voor een terugkeerhub.", UGANDA_REPLY)
    assert occurs_verbatim("intentieverklaring ten aanzien van de terugkeerhub", INTENT_REPLY.replace(" ", "\u00a0"))
    raw = "Zie „Elke vorm van samenwerking dient te passen“ [1] en «Het kabinet werkt de afspraken» [2]."
    assert verify_answer(raw, uganda_sources()).removed_quotes == []


def test_case_and_wording_do_matter():
    assert not occurs_verbatim("het Kabinet Verkent samen met Oeganda", UGANDA_REPLY)
    assert not occurs_verbatim("Het kabinet verkent samen met Rwanda", UGANDA_REPLY)


def test_fabricated_quote_is_removed_and_reported():
    raw = 'The cabinet said "Nederland sluit alle grenzen per direct" [1]. It explores a hub [1].'
    result = verify_answer(raw, uganda_sources())
    assert "sluit alle grenzen" not in result.text
    assert REMOVED_QUOTE in result.text
    assert result.removed_quotes == ["Nederland sluit alle grenzen per direct"]
    assert [c.n for c in result.citations] == [1]


def test_quote_must_be_in_the_reply_it_cites():
    raw = 'It "verkent samen met Oeganda de mogelijkheden" [2].'
    result = verify_answer(raw, uganda_sources())
    assert result.removed_quotes == ["verkent samen met Oeganda de mogelijkheden"]


def test_uncited_true_quote_gets_its_source_cited():
    raw = 'Minister: "een intentieverklaring ten aanzien van de terugkeerhub".'
    result = check_quotes(raw, uganda_sources())
    assert result.text == 'Minister: "een intentieverklaring ten aanzien van de terugkeerhub" [2].'
    assert result.quotes == {2: ["een intentieverklaring ten aanzien van de terugkeerhub"]}


def test_short_quotes_are_terms_not_checked():
    raw = 'So-called "return hubs" are discussed [1].'
    result = verify_answer(raw, uganda_sources())
    assert result.text == raw and result.removed_quotes == []


def test_citation_after_the_sentence_end_counts():
    raw = 'The cabinet "verkent samen met Oeganda de mogelijkheden". [1]'
    result = verify_answer(raw, uganda_sources())
    assert result.removed_quotes == [] and result.citations[0].quotes


def test_out_of_range_citation_is_dropped_and_the_rest_renumbered():
    raw = "Newer: a declaration was signed [2]. Also [7]. Older: exploring [1]."
    result = verify_answer(raw, uganda_sources())
    assert result.text == "Newer: a declaration was signed [1]. Also. Older: exploring [2]."
    assert result.dropped_numbers == [7]
    sources = uganda_sources()
    assert [c.id for c in result.citations] == [sources[1].record.id, sources[0].record.id]


def test_no_citations_gives_no_citations():
    result = verify_answer("The cabinet has a plan.", uganda_sources())
    assert result.citations == [] and result.text == "The cabinet has a plan."
