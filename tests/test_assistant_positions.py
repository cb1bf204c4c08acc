"""Position overview logic on hand-made replies: question kinds, answerability, sentences, folding, grouping."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answerability import BROAD, DETAIL, SPECIFIC, asked_parts, has_count, holds_fact, read_intent, supports
from assistant.positions import fold, group, on_topic
from assistant.sentences import is_pointer_reply, select_quotes, split_sentences
from tests.test_assistant_support import make_evidence


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what did the cabinet say about return hubs?", BROAD),
        ("What has the minister said about Dublin transfers?", BROAD),
        ("Wat is het standpunt van het kabinet over Oeganda?", BROAD),
        ("Wat zegt het kabinet over binnengrenscontroles?", BROAD),
        ("terugkeerhubs Oeganda", BROAD),
        ("tell me everything about the solidarity pool", BROAD),
        ("Geef een overzicht van wat het kabinet schreef over Tunesië", BROAD),
        ("How many Dublin claimants did the Netherlands transfer back to Italy in 2025?", SPECIFIC),
        ("Hoeveel asielzoekers zijn in 2025 naar België overgedragen?", SPECIFIC),
        ("When will the bill implementing the Pact be sent to the House?", SPECIFIC),
        ("Wanneer komt het wetsvoorstel naar de Kamer?", SPECIFIC),
        ("Welke lidstaten staan onder migratiedruk?", SPECIFIC),
        ("How much will the Uganda return hub pilot cost?", SPECIFIC),
        ("Will the Netherlands oppose return hubs if human rights cannot be guaranteed?", DETAIL),
        # a year inside the name of what is asked about does not make a position question a fact question
        ("What has the government said about the Union Resettlement Plan 2026-2027?", BROAD),
        ("What did the cabinet say about the number of Dublin transfers in 2025?", SPECIFIC),
    ],
)
def test_question_kinds(question, kind):
    assert read_intent(question).kind == kind


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("When did Uganda and the Netherlands sign the letter of intent, and who is it meant for?", 2),
        ("Will the Netherlands press for returns, and can Syrians who are a risk be deported now?", 2),
        ("Hoeveel Syriërs zijn sinds december teruggekeerd naar Syrië?", 1),
        ("Welke landen doen mee, en wanneer begint de pilot?", 2),
        ("Is the Dutch opt-out from EU asylum rules still being pursued?", 1),
        ("Which member states are classified as under migratory pressure, and on what grounds?", 1),
        ("Wat zei het kabinet? En wat vond de Raad?", 2),
    ],
)
def test_questions_that_ask_two_things_may_cite_two_replies(question, parts):
    assert asked_parts(question) == parts


def test_entities_are_recognised_across_languages():
    english = read_intent("How many Dublin transfers to Italy and Belgium took place in 2025?")
    dutch = read_intent("Hoeveel Dublinoverdrachten naar Italië en België vonden plaats in 2025?")
    assert {c.label for c in english.concepts} == {c.label for c in dutch.concepts} == {"Italy", "Belgium", "Dublin"}
    assert english.years == dutch.years == ["2025"] and english.wants == dutch.wants == "quantity"


def test_specific_question_needs_its_entities_and_the_kind_of_fact():
    intent = read_intent("How many Dublin claimants were transferred to Italy in 2025?")
    assert supports("In 2025 zijn 312 Dublinclaimanten aan Italië overgedragen.", intent)
    assert not supports("In 2025 zijn 312 Dublinclaimanten aan België overgedragen.", intent)  # another country
    assert not supports("In 2024 zijn 312 Dublinclaimanten aan Italië overgedragen.", intent)  # another year
    assert not supports("Italië neemt in 2025 geen Dublinclaimanten terug.", intent)  # no count
    money = read_intent("How much will the Uganda return hub cost?")
    assert supports("De terugkeerhub in Oeganda kost naar schatting € 4 miljoen.", money)
    assert not supports("Het kabinet verkent met Oeganda een terugkeerhub voor 200 personen.", money)


def test_counts_are_not_dates_articles_or_document_numbers():
    assert not has_count("Op 12 juli 2026 beoordeelt de Commissie artikel 25 (Kamerstuk 32317, nr. 974).")
    assert has_count("Er zijn ca. 320 aanvragen ingediend.") and has_count("Het gaat om duizenden mensen.")
    assert holds_fact("Het wetsvoorstel komt nog voor het kerstreces.", "date")
    assert not holds_fact("Het kabinet verkent de mogelijkheden.", "date")


def test_entity_may_be_named_in_the_members_question():
    intent = read_intent("Will the Netherlands oppose return hubs if UNHCR access cannot be guaranteed?")
    reply = "Elke vorm van samenwerking dient te passen binnen de juridische kaders."
    assert not supports(reply, intent)
    assert supports(reply, intent, "Wordt UNHCR toegang tot de terugkeerhubs gegarandeerd?")


def test_a_second_concept_may_come_from_the_members_question():
    intent = read_intent("What is the government's position on go-and-see visits for Syrians?")
    reply = "Het kabinet verkent eerst hoe een Europees raamwerk voor go-and-see-bezoeken past."
    answered = make_evidence(reply, question="Hoe kijkt de minister aan tegen een go and see-regeling voor Syriërs?")
    other_topic = make_evidence(reply, question="Wat vindt de minister van bezoeken aan het land van herkomst?", ordinal=1)
    neither = make_evidence("Het kabinet reageert later.", question="Go and see voor Syriërs?", ordinal=2)
    assert on_topic([answered, other_topic, neither], intent, 0.8) == [answered]
    single = read_intent("What is the cabinet's view of Egypt?")  # one concept: the reply itself must name it
    assert on_topic([make_evidence("Dergelijke afspraken zijn breed.", question="Lessen uit Egypte?")], single, 0.8) == []


def test_sentences_are_exact_substrings():
    text = "Het kabinet steunt dit (o.a. via Frontex). Zie ook nr. 5 van de lijst.\n\nNieuwe alinea: “Ja.” Klaar."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Het kabinet steunt dit (o.a. via Frontex).", "Zie ook nr. 5 van de lijst.", "Nieuwe alinea: “Ja.”", "Klaar."
    ]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_quotes_carry_the_topic_and_skip_pointer_sentences():
    reply = ("Het kabinet verwijst naar het antwoord op een gelijkluidende vraag van de PVV-fractie. "
             "De begroting wordt in het voorjaar vastgesteld. "
             "Het kabinet verkent met Oeganda de mogelijkheden voor een terugkeerhub.")
    intent = read_intent("what did the cabinet say about return hubs?")
    quotes = select_quotes(reply, intent, "what did the cabinet say about return hubs?")
    assert quotes[0] == "Het kabinet verkent met Oeganda de mogelijkheden voor een terugkeerhub."
    assert all(q in reply and "verwijst" not in q for q in quotes) and 1 <= len(quotes) <= 3


def test_pointer_reply_with_its_own_sentences_is_not_a_pointer():
    pointer = "Het kabinet verwijst naar het antwoord op een gelijkluidende vraag van de leden van de PVV-fractie."
    assert is_pointer_reply(pointer, ["x"])
    addition = " Daarnaast is het kabinet voornemens om in december in te stemmen met de algemene oriëntatie van de Raad."
    assert not is_pointer_reply(pointer + addition, ["x"])


def test_duplicates_are_shown_once_and_pointers_never_cited():
    intent = read_intent("what did the cabinet say about return hubs?")
    first = make_evidence("Het kabinet verkent een terugkeerhub.", faction="PVV", ordinal=1)
    twin = make_evidence("Het kabinet verkent een terugkeerhub.", faction="SP", ordinal=2)
    twin.record.duplicates_of = [first.record.id]
    pointer = make_evidence("Het kabinet verwijst naar het antwoord op de vraag van de PVV-fractie.", faction="NSC",
                            ordinal=3)
    pointer.record.refers_to = [first.record.id]
    lost = make_evidence("Het kabinet verwijst naar het antwoord op de vraag van de VVD-fractie.", faction="BBB",
                         ordinal=4)
    lost.record.refers_to = ["000_a253e434b74c966f:unknown"]  # its target was not retrieved: nothing to cite
    units = fold([first, twin, pointer, lost], [first, twin, pointer, lost], intent)
    assert [u.evidence.record.id for u in units] == [first.record.id]
    assert units[0].also_asked_by == ["SP", "NSC"]


def test_blocks_are_newest_first_within_the_budget():
    intent = read_intent("what did the cabinet say about return hubs?")
    days = [date(2024, 5, 16), date(2025, 12, 9), date(2025, 3, 7), None, date(2025, 10, 8)]
    evidence = [make_evidence(f"Het kabinet verkent terugkeerhub {n}.", doc_id=f"00{n}_doc", day=day, ordinal=n)
                for n, day in enumerate(days)]
    evidence += [make_evidence(f"Nog een antwoord over de terugkeerhub {n}.", doc_id="001_doc", day=days[1],
                               ordinal=10 + n) for n in range(3)]
    overview = group(fold(evidence, evidence, intent), max_documents=4, per_document=2)
    dates = [block[0].evidence.document.date for block in overview.blocks]
    assert dates == [date(2025, 12, 9), date(2025, 10, 8), date(2025, 3, 7), date(2024, 5, 16)]
    assert [len(block) for block in overview.blocks] == [2, 1, 1, 1]
    assert overview.more == [evidence[6].record.id, evidence[7].record.id, evidence[3].record.id]
