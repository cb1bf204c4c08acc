"""The Tweede Kamer parser on the bundled reports 000, 001 and 004: counts, concrete replies, spans, ids."""

from __future__ import annotations

import re

import pytest

from ingest import tweede_kamer
from ingest.clean import footnotes_of, line_of
from tests.conftest import corpus_file

DOCUMENTS = ("000", "001", "004")


def _source(prefix: str) -> str:
    return corpus_file(prefix).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[str, list]]:
    return {prefix: (_source(prefix), tweede_kamer.parse(_source(prefix), prefix)) for prefix in DOCUMENTS}


def reply_starting(records, start: str):
    """The one record whose text starts with start."""
    (record,) = [r for r in records if r.text.startswith(start)]
    return record


def alnum(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def is_subsequence(needle: str, haystack: str) -> bool:
    characters = iter(haystack)
    return all(c in characters for c in needle)


@pytest.mark.parametrize("prefix, count", [("000", 54), ("001", 71), ("004", 23)])
def test_reply_counts(parsed, prefix, count):
    _, records = parsed[prefix]
    assert len(records) == count
    assert [r.ordinal for r in records] == list(range(count))
    assert all(r.kind.value == "reply" and r.faction for r in records)


def test_factions_follow_the_section_headers(parsed):
    assert {r.faction for r in parsed["000"][1]} == {"PVV", "GroenLinks-PvdA", "VVD", "NSC", "D66", "BBB", "CDA", "SP", "SGP"}
    assert {r.faction for r in parsed["001"][1]} == {
        "D66", "PVV", "VVD", "GroenLinks-PvdA", "CDA", "JA21", "FVD", "BBB", "ChristenUnie"}
    assert [r.faction for r in parsed["004"][1]].count("GroenLinks-PvdA") == 4  # header wrapped "GroenLinks-PvdA-\nfractie"


def test_looks_like_only_tweede_kamer_reports():
    verdicts = {prefix: tweede_kamer.looks_like(_source(prefix)) for prefix in ("000", "001", "002", "003", "004")}
    assert verdicts == {"000": True, "001": True, "002": False, "003": False, "004": True}


def test_first_reply_of_000(parsed):
    first = parsed["000"][1][0]
    assert first.faction == "PVV"
    assert first.question.startswith("Afgewezen asielzoekers moeten heel snel Nederland uit")
    assert first.text.startswith("Het kabinet is het met de leden van de PVV-fractie eens")
    assert first.text.endswith("alle mogelijke manieren om terugkeer te effectueren.")
    assert (first.line_start, first.line_end) == (17, 17)


def test_reply_after_bookmark_and_question_without_lead_in(parsed):
    records = parsed["000"][1]
    bookmarked = reply_starting(records, "De omwenteling in Syrië heeft grote gevolgen")
    assert bookmarked.faction == "NSC" and bookmarked.line_start == 86
    assert "bookmark" not in bookmarked.text
    (no_lead_in,) = [r for r in records if r.question.startswith("Hoe ziet de minister return hubs concreet voor zich?")]
    assert no_lead_in.faction == "GroenLinks-PvdA"
    assert no_lead_in.text == "Het kabinet verwijst naar het antwoord op een gelijkluidende vraag van de leden van de PVV-fractie."


def test_multi_paragraph_reply_and_typo_header(parsed):
    records = parsed["000"][1]
    syria = reply_starting(records, "Het kabinet zet in op het zoveel mogelijk faciliteren van vrijwillige terugkeer van Syriërs.")
    assert syria.text.count("\n\n") == 2
    assert syria.text.endswith("als gevolg van de omwenteling in Syrië.")
    (cda,) = [r for r in records if r.faction == "CDA"]  # "van de leden van de leden van de CDA-fractie"
    assert cda.text.startswith("Het kabinet maakt zich zorgen over het aantal toeristenvisa")
    assert cda.question.endswith("om de motie van de leden van Campen/Boswijk uit te voeren.")
    assert cda.footnotes == []  # its footnote is in the question


def test_pdf_reply_with_footnotes(parsed):
    d66 = reply_starting(parsed["001"][1], "Op 11 maart jl. heeft de Europese Commissie een voorstel gedaan")
    assert d66.faction == "D66"
    assert [f.number for f in d66.footnotes] == ["1", "2", "3"]
    assert d66.footnotes[2].text.startswith("BNC-fiche, Voorstel voor een Terugkeerverordening, https://open.overheid.nl/")
    assert "Terugkeerrichtlijn en gerelateerde EU-wetgeving vervangt" in d66.text
    assert "beginsel van non-refoulement te kunnen verwijzen" in d66.text  # joined over the footnotes
    assert "Richtlijn 2008/115/EG" not in d66.text
    assert d66.text.endswith("als de bereikte punten behouden blijven.")
    assert d66.question.startswith("Deze leden benadrukken het belang van het Asiel- en migratiepact")


def test_reply_that_starts_after_a_page_of_footnotes(parsed):
    records = parsed["001"][1]
    reply = reply_starting(records, "Het kabinet verwelkomt dat de Commissie erkenning geeft")
    assert reply.faction == "PVV"
    assert reply.question.startswith("Waarom heeft de minister niet met de vuist op tafel geslagen")
    assert "Kamerstukken II" not in reply.text and reply.footnotes == []
    previous = records[reply.ordinal - 1]
    assert [(f.number, f.text) for f in previous.footnotes] == [("5", "Kamerstukken II, 2025-2026, 32 317, nr. 973.")]


def test_one_reply_to_two_questions_and_long_faction_name(parsed):
    records = parsed["001"][1]
    hubs = reply_starting(records, "Nederland is actief in een informele kopgroep van 21 EU-lidstaten")
    assert hubs.faction == "JA21"
    assert hubs.question.startswith("Wat is nu de inzet van het kabinet voor de voorwaarden voor de terugkeerhubs?")
    assert hubs.question.endswith("om een kopgroep te vormen om snel terugkeerhubs te realiseren?")
    assert [r.faction for r in records].count("FVD") == 2  # "Forum voor Democratie-fractie"


def test_marker_glued_to_a_percentage(parsed):
    share = reply_starting(parsed["001"][1], "Italië, Griekenland, Spanje en Cyprus worden aangemerkt")
    assert share.text.endswith("betreft voor Nederland 5,2%.")
    assert [f.number for f in share.footnotes] == ["26", "27", "28"]
    assert share.footnotes[2].text == "Artikel 66 van de asiel- en migratiebeheerverordening (Verordening (EU) 2024/1351)."


def test_004_replies_without_blank_lines_and_page_breaks(parsed):
    records = parsed["004"][1]
    first = records[0]
    assert first.faction == "GroenLinks-PvdA"
    assert first.text.startswith("De verkenning door het onderzoeksinstituut Clingendael")
    assert first.text.endswith("tot de resultaten van dit onderzoek zijn gepresenteerd.")
    assert records[1].question.startswith("De leden van de GroenLinks-PvdA-fractie lezen dat het kabinet zich heeft aangesloten")
    assert "Hierbij is het van belang dat de vervolgstappen" in records[1].text  # across a page break
    assert reply_starting(records, "Zie antwoord op de vorige vraag.").text == "Zie antwoord op de vorige vraag."
    transparency = reply_starting(records, "Nederland is binnen de Raad voorvechter van transparantie.")
    assert "\n\nEuropese terugkeerwetgeving\n\nKan de minister het zogenoemde Deense compromisvoorstel" in transparency.question
    frontex = reply_starting(records, "Het kabinet acht het noodzakelijk dat Europese wetgeving spoedig")
    assert frontex.text.endswith("innovatieve vormen van migratiesamenwerking.")
    assert [(f.number, f.text) for f in frontex.footnotes] == [("1", "Tweede Kamer, vergaderjaar 2024-2025, 32 317, nr. 967")]


@pytest.mark.parametrize("prefix", DOCUMENTS)
def test_every_span_holds_its_text(parsed, prefix):
    """The text's letters and digits, in order, are a subsequence of the span's, and the span starts and ends on them.

    Footnotes, markers and page furniture are cut from inside a span, so the text is a subsequence, not a
    substring; the anchors (first and last 8 letters/digits) keep the span from being wider than the reply,
    except that a span may end in a footnote marker's digits.
    """
    source, records = parsed[prefix]
    for record in records:
        text, span = alnum(record.text), alnum(source[record.char_start:record.char_end])
        assert is_subsequence(text, span), record.ordinal
        assert span.startswith(text[:8]), record.ordinal
        assert span.rstrip("0123456789").endswith(text[-8:].rstrip("0123456789")), record.ordinal
        assert record.line_start == line_of(source, record.char_start)
        assert record.line_end == line_of(source, record.char_end - 1)


@pytest.mark.parametrize("prefix", DOCUMENTS)
def test_no_footnote_page_number_or_bookmark_in_text(parsed, prefix):
    source, records = parsed[prefix]
    footnote_texts = [f.text[:40] for f in footnotes_of(source)]
    assert footnote_texts  # every document has footnotes to keep out
    for record in records:
        assert not any(text in record.text or text in record.question for text in footnote_texts)
        assert not re.search(r"(?m)^\s*\d{1,3}\s*$", record.text)
        assert "[bookmark" not in record.text and "[footnoteRef" not in record.text and "https://" not in record.text


def test_ids_are_stable_and_content_based(parsed):
    source, records = parsed["004"]
    again = tweede_kamer.parse(source, "004")
    assert [r.id for r in again] == [r.id for r in records]
    assert len({r.id for r in records}) == len(records)
    shifted = tweede_kamer.parse("Voorblad\n\n" + source, "004")
    assert [r.id for r in shifted] == [r.id for r in records]  # offsets moved, same replies
    assert tweede_kamer.parse(source, "other")[0].id != records[0].id


def test_synthetic_report_with_inline_answer_label():
    source = (
        "Vragen en opmerkingen van de leden van de SP-fractie\n"
        "De leden van de SP-fractie vragen iets?\n"
        "Antwoord: Het kabinet antwoordt meteen.  \n"
        "Tweede vraag zonder inleiding?\n"
        "[bookmark: _Hlk1]Antwoord:   \n"
        "\n"
        "Tweede antwoord.\n"
    )
    records = tweede_kamer.parse(source, "synthetic")
    assert [(r.faction, r.question, r.text) for r in records] == [
        ("SP", "De leden van de SP-fractie vragen iets?", "Het kabinet antwoordt meteen."),
        ("SP", "Tweede vraag zonder inleiding?", "Tweede antwoord."),
    ]
    assert source[records[0].char_start:records[0].char_end] == "Het kabinet antwoordt meteen."
