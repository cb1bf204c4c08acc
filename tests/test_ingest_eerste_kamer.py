"""Eerste Kamer report (seed 003): replies come from the minister's letter, with question, faction and footnotes."""

from __future__ import annotations

import pytest

from core.models import RecordKind
from ingest import eerste_kamer
from ingest.clean import line_of
from tests.conftest import CORPUS_DIR, corpus_file


@pytest.fixture(scope="module")
def source() -> str:
    return corpus_file("003").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def replies(source):
    return eerste_kamer.parse(source, "003_test")


def test_five_replies_numbered_one_to_five(replies):
    assert [r.kind for r in replies] == [RecordKind.REPLY] * 5
    assert [r.heading for r in replies] == ["1", "2", "3", "4", "5"]
    assert [r.ordinal for r in replies] == [0, 1, 2, 3, 4]
    assert len({r.id for r in replies}) == 5


def test_every_reply_answers_for_ja21(replies):
    assert [r.faction for r in replies] == ["JA21"] * 5


def test_questions_are_the_ministers_repeated_questions(replies):
    first = replies[0].question
    # The minister's letter quotes "[worden] ingezet"; the committee's letter had "worden daarbij ... ingezet".
    assert first.startswith("De leden van de fractie van JA21 lezen dat de regering betreffende de uitvoering")
    assert "opportuun [worden] ingezet" in first
    assert first.endswith('verstaat onder "opportuun inzet"?')
    assert replies[3].question == (
        "Kan de regering eveneens uiteenzetten welke negatieve maatregelen worden toegepast om de "
        "terugkeersamenwerking te versterken?"
    )
    assert not any(r.question[:1].isdigit() for r in replies)


def test_reply_five_text_and_footnote(replies):
    reply = replies[4]
    assert reply.text.startswith("In de brief aan de Tweede Kamer van 18 maart jl. beschrijft het kabinet")
    assert reply.text.endswith("zet het kabinet de stand van zaken van de terugkeersamenwerking verder uiteen.")
    assert [(f.number, f.text) for f in reply.footnotes] == [("8", "Kamerstukken II, 2025-2026, nr. 32 317.")]
    assert "Kamerstukken II" not in reply.text
    assert "terugkeersamenwerking met derde landen. Daarin licht het kabinet" in reply.text, "marker ⁸ is cut"


def test_multi_paragraph_reply_is_whole_and_without_markdown(replies):
    reply = replies[1]
    assert reply.text.startswith("De Nederlandse inzet ten aanzien van bewustwording")
    assert reply.text.count("\n\n") == 4, "five paragraphs, separated by a blank line"
    assert "Via het COMPASS-partnerschap" in reply.text and "Nederland droeg van 2023 tot eind 2025" in reply.text
    assert reply.text.endswith("kennisdeling onder Europese lidstaten te bevorderen.")
    assert "om best practices uit te wisselen" in reply.text and "*" not in reply.text
    assert reply.footnotes == []


def test_spans_hold_the_reply_and_not_the_question(source, replies):
    for reply in replies:
        span = source[reply.char_start: reply.char_end]
        assert span.startswith(reply.text[:40])
        assert " ".join(span.split()).endswith(reply.text[-40:]) or reply.footnotes
        assert reply.question[:30] not in span
        assert reply.line_start == line_of(source, reply.char_start)
        assert reply.line_end == line_of(source, reply.char_end - 1)
    assert (replies[1].line_start, replies[1].line_end) == (108, 116)
    assert source[replies[4].char_start: replies[4].char_end].rstrip().endswith("verder uiteen.")


def test_faction_is_inherited_from_the_committee_letter():
    text = (
        "BRIEF VAN DE VOORZITTER VAN DE VASTE COMMISSIE\n\nDe leden van de fracties van **BBB** leggen graag "
        "de volgende vragen voor.\n\n1. Waarom?\n\nBRIEF VAN DE MINISTER VAN FINANCIËN\n\nHierbij de antwoorden.\n\n"
        "1. Waarom?\n\nDaarom.\n\n2. De leden van de SGP-fractie vragen: hoe?\n\nZo.\n\n3. En wanneer?\n\nMorgen.\n"
    )
    records = eerste_kamer.parse(text, "synthetic")
    assert [(r.heading, r.faction, r.question, r.text) for r in records] == [
        ("1", "BBB", "Waarom?", "Daarom."),
        ("2", "SGP", "De leden van de SGP-fractie vragen: hoe?", "Zo."),
        ("3", "SGP", "En wanneer?", "Morgen."),
    ]


def test_numbers_out_of_sequence_are_not_questions():
    text = "BRIEF VAN DE MINISTER VAN X\n\n1. Vraag een?\n\nAntwoord een.\n\n7. Geen vraag hier.\n\n2. Vraag twee?\n\nTwee.\n"
    records = eerste_kamer.parse(text, "synthetic")
    assert [r.heading for r in records] == ["1", "2"]
    assert records[0].text == "Antwoord een.\n\n7. Geen vraag hier."


def test_looks_like_only_the_eerste_kamer_seed():
    verdicts = {path.name[:3]: eerste_kamer.looks_like(path.read_text(encoding="utf-8"))
                for path in sorted(CORPUS_DIR.glob("*.txt"))}
    assert verdicts == {"000": False, "001": False, "002": False, "003": True, "004": False}


def test_ids_are_stable(source, replies):
    assert [r.id for r in eerste_kamer.parse(source, "003_test")] == [r.id for r in replies]


def test_a_sentence_starting_with_brief_van_de_does_not_end_the_letter():
    text = (
        "BRIEF VAN DE MINISTER VAN X\n\n1. Vraag een?\n\nAntwoord een.\n\n"
        "Brief van de minister van Financiën volgt later.\n\n2. Vraag twee?\n\nTwee.\n"
    )
    records = eerste_kamer.parse(text, "synthetic")
    assert [r.text for r in records] == ["Antwoord een.\n\nBrief van de minister van Financiën volgt later.", "Twee."]
