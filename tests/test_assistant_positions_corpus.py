"""Position answers over the real ingested corpus (real embedder, FAISS on disk): coverage, order, pointers,
verbatim quotes on the whole gold set, determinism, and the answerability rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer import NO_TOPIC, answer
from assistant.extractive import EXTRACTIVE_INTRO
from assistant.prompts import NO_ANSWER
from assistant.sentences import is_pointer_reply
from eval.gold import GOLD_FILE, load_gold
from index.search import Searcher

TUNE_FILE = Path(__file__).resolve().parents[1] / "eval" / "positions_tune.jsonl"
RETURN_HUBS = "what did the cabinet say about return hubs?"
RETURN_HUB_DOCUMENTS = {"000_a253e434b74c966f", "001_a78a1790f4a1f88b", "002_4df700ba5a49d8e6", "kst-32317-974"}


@pytest.fixture(scope="module")
def searcher(corpus_settings):
    """One opened index for the module."""
    return Searcher.open(corpus_settings)


def tuning_items() -> list[dict]:
    """The broad position questions with the documents listed by hand."""
    return [json.loads(line) for line in TUNE_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def document_of(citation) -> str:
    """The document id a citation's record belongs to."""
    return citation.id.split(":", 1)[0]


def test_return_hubs_cites_every_document_newest_first(corpus_settings, searcher):
    result = answer(RETURN_HUBS, corpus_settings, searcher=searcher)
    assert not result.abstained and result.answer.startswith(EXTRACTIVE_INTRO)
    assert {document_of(c) for c in result.citations} == RETURN_HUB_DOCUMENTS
    dates = [p.date for p in result.positions]
    assert dates == sorted(dates, reverse=True) and len(result.positions) == 4
    assert [n for p in result.positions for n in p.citations] == [c.n for c in result.citations]
    assert not any(is_pointer_reply(c.reply, []) for c in result.citations)
    assert any(p.also_asked_by for p in result.positions)  # the GroenLinks-PvdA replies point to the PVV reply
    assert all(rid not in {c.id for c in result.citations} for rid in result.more)
    headers = [line for line in result.answer.splitlines() if " · Kamerstuk " in line and not line.startswith("[")]
    assert [h.split(" · ")[0] for h in headers][0] == "c. 2025-12-09 (estimated)"


def test_tuning_questions_cite_the_documents_that_discuss_the_topic(corpus_settings, searcher):
    shares, complete = [], 0
    for item in tuning_items():
        result = answer(item["question"], corpus_settings, searcher=searcher)
        cited = {document_of(c) for c in result.citations}
        share = len(cited & set(item["documents"])) / len(item["documents"])
        shares.append(share)
        complete += share == 1.0
        assert not any(is_pointer_reply(c.reply, []) for c in result.citations), item["id"]
        ordinals = [p.date.toordinal() if p.date else 0 for p in result.positions]
        assert ordinals == sorted(ordinals, reverse=True), item["id"]
    print(f"mean document coverage {sum(shares) / len(shares):.3f}, all documents cited for {complete}/{len(shares)}")
    assert sum(shares) / len(shares) >= 0.9 and complete >= 0.8 * len(shares)


@pytest.mark.parametrize(
    "question",
    [
        "What has the minister said about Dublin transfers?",
        "What did the minister say about Tunisia?",
        "Wat is het standpunt van het kabinet over Oeganda?",
    ],
)
def test_broad_question_on_a_topic_of_the_replies_is_answered(corpus_settings, searcher, question):
    result = answer(question, corpus_settings, searcher=searcher)
    assert not result.abstained and len(result.positions) >= 2


def test_specific_question_cites_its_best_reply_and_lists_the_other_supporting_ones(corpus_settings, searcher):
    result = answer("Wanneer is de intentieverklaring over de terugkeerhub in Oeganda ondertekend?", corpus_settings,
                    searcher=searcher)
    assert len(result.citations) == 1 and "25 september" in result.citations[0].reply
    assert result.more and result.citations[0].id not in result.more
    assert all("Oeganda" in searcher.records[rid].text for rid in result.more)
    assert f"not quoted here: {result.more[0]}" in result.answer


@pytest.mark.parametrize(
    "question",
    ["What did the cabinet say about the ECHR?", "Wat heeft het kabinet gezegd over het EVRM?"],
)
def test_broad_question_on_a_topic_outside_the_lexicon_cites_the_replies_that_name_it(corpus_settings, searcher,
                                                                                       question):
    result = answer(question, corpus_settings, searcher=searcher)
    assert not result.abstained and len(result.positions) >= 3
    assert all("EVRM" in c.reply or "EVRM" in searcher.records[c.id].question for c in result.citations)


@pytest.mark.parametrize(
    "question",
    [
        "What is the cabinet's position on climate-related displacement?",
        "Wat vindt het kabinet van een procedure om staatloosheid vast te stellen?",
    ],
)
def test_broad_question_on_a_topic_no_document_discusses_abstains(corpus_settings, searcher, question):
    result = answer(question, corpus_settings, searcher=searcher)
    assert result.abstained and not result.citations


@pytest.mark.parametrize(
    "question",
    [
        "How many Dublin claimants did the Netherlands actually transfer back to Italy in 2025?",
        "Hoeveel Dublinclaimanten heeft Nederland in 2025 aan Italië overgedragen?",
        "How much will the Uganda return hub pilot cost the Dutch government?",
        "Hoeveel Dublinoverdrachten naar België vonden plaats in 2025?",
        "What is the current average processing time for an asylum application at the IND?",
    ],
)
def test_specific_question_the_documents_cannot_answer_abstains(corpus_settings, searcher, question):
    result = answer(question, corpus_settings, searcher=searcher)
    assert result.abstained and result.answer == NO_ANSWER and result.nearest and not result.citations


@pytest.mark.parametrize("question", ["wat?", "What do you think?", "Hoe zit het?"])
def test_a_question_that_names_no_topic_abstains_and_says_so(corpus_settings, searcher, question):
    result = answer(question, corpus_settings, searcher=searcher)
    assert result.abstained and not result.citations and not result.nearest
    assert result.notice == NO_TOPIC


def test_every_quote_on_the_gold_set_is_verbatim_and_answers_repeat(corpus_settings, searcher):
    items = load_gold(GOLD_FILE)
    first = {item.id: answer(item.question, corpus_settings, searcher=searcher) for item in items}
    for item_id, result in first.items():
        for citation in result.citations:
            assert citation.quotes, (item_id, citation.id)
            for quote in citation.quotes:
                assert quote in citation.reply, (item_id, citation.id, quote)
                assert f"> {quote.splitlines()[0]}" in result.answer, (item_id, quote)
    again = Searcher.open(corpus_settings)  # same index, fresh searcher: the same answer
    for item in items[::10]:
        assert answer(item.question, corpus_settings, searcher=again) == first[item.id], item.id
