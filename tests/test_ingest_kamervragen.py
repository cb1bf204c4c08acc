"""Kamervragen answers and lists of questions and answers, as text, letter, official HTML and Word (fixtures we wrote)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.models import DocumentKind, RecordKind
from ingest.loaders import load_source
from ingest.numbered import expand_numbers
from ingest.pipeline import build_document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def parsed(name_or_path):
    path = Path(name_or_path) if Path(name_or_path).is_absolute() else FIXTURES / name_or_path
    source = load_source(path)
    document, records = build_document(path, path.stem, source)
    return source.text, document, records


def assert_spans_hold_their_text(source: str, records) -> None:
    """Each record's span starts with its text's first word and ends with its last (markers cut)."""
    for record in records:
        span = source[record.char_start:record.char_end]
        first, last = record.text.split()[0], record.text.split()[-1]
        assert span.startswith(first), (record.id, span[:40])
        span_end = re.sub(r"(?:\[footnoteRef:\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|(?<=\.)\d+)$", "", span)
        assert span_end.endswith(last), (record.id, span[-40:])
        assert source.count("\n", 0, record.char_start) + 1 == record.line_start


def summary(records):
    return [(r.question_numbers, r.question.split()[0], r.question.split()[-1], r.text.split()[0], r.text.split()[-1])
            for r in records]


def test_kamervragen_text_one_reply_per_answer():
    source, document, records = parsed("kamervragen.txt")
    assert (document.layout, document.kind) == ("kamervragen", DocumentKind.KAMERVRAGEN)
    assert [r.kind for r in records] == [RecordKind.REPLY] * 6
    assert summary(records) == [
        (["1"], "Bent", "Unie?", "Ja,", "bericht."),
        (["2"], "Hoeveel", "vertrokken?", "In", "stijgt."),
        (["3"], "Welke", "terugkeer?", "Het", "loopt."),
        (["4", "5"], "Deelt", "afspraken?", "Ja.", "gesloten."),
        (["6"], "Wat", "persoon?", "De", "gemaakt."),
        (["7"], "Kunt", "zijn?", "Vraag", "6."),
    ]
    assert all(r.members == ["Van Dalen (VVD)", "Kortman (CDA)"] and r.faction == "VVD" for r in records)
    assert_spans_hold_their_text(source, records)
    assert document.warnings == []


def test_combined_answer_holds_both_questions():
    _, _, records = parsed("kamervragen.txt")
    combined = records[3]
    assert combined.heading == "Vragen 4 en 5"
    assert combined.question.startswith("Deelt u de mening") and "Bent u bereid de Kamer te informeren" in combined.question


def test_question_answered_elsewhere_is_a_reference():
    _, _, records = parsed("kamervragen.txt")
    pointer, target = records[5], records[4]
    assert pointer.text == "Vraag 7 wordt beantwoord bij vraag 6."
    assert (pointer.refers_to, pointer.unresolved_refs) == ([target.id], [])


def test_superscript_footnote_is_cut_and_kept():
    _, _, records = parsed("kamervragen.txt")
    assert [(f.number, f.text) for f in records[1].footnotes] == [("1", "Zie het jaaroverzicht van de migratieketen over 2024.")]
    assert "¹" not in records[1].text and "jaaroverzicht" not in records[1].text


def test_kamervragen_metadata_is_the_documents_own():
    _, document, _ = parsed("kamervragen.txt")
    assert document.aanhangsel == "ah-tk-20242025-1234"
    assert document.kamerstukken == []
    assert document.refers_to_kamerstukken == ["ah-tk-20242025-1100"], "a 'zie ook' number is only mentioned"
    assert document.sender == "Minister van Asiel en Migratie (Faber)"
    assert str(document.date) == "2025-02-03"
    assert document.title == ("Antwoorden op vragen van de leden Van Dalen (VVD) en Kortman (CDA) over terugkeer naar "
                              "veilige derde landen (ah-tk-20242025-1234, 3 februari 2025)")


def test_questions_first_letter_with_numbered_questions():
    source, document, records = parsed("kamervragen_brief.txt")
    assert (document.layout, str(document.date)) == ("kamervragen", "2025-03-14")
    assert summary(records) == [
        (["1"], "Hoeveel", "opvangplek?", "Op", "opvangplek."),
        (["2"], "Wat", "bieden?", "Het", "regio."),
        (["3"], "Kunt", "beantwoorden?", "Ja.", "Ja."),
    ]
    assert {tuple(r.members) for r in records} == {("Van Rijn (GroenLinks-PvdA)",)}
    assert records[-1].text == "Ja.", "the signature is not part of the last answer"
    assert_spans_hold_their_text(source, records)


def test_broken_kamervragen_page_break_footnote_gap_and_missing_answers():
    source, document, records = parsed("kamervragen_gebroken.txt")
    assert summary(records) == [
        (["1"], "Hoeveel", "tegengehouden?", "In", "verandert."),
        (["4"], "Wordt", "uitgebreid?", "Nee,", "gelijk."),
    ]
    first = records[0]
    # The answer runs over a page break (page number "2", indented continuation); the footnote marker glued to a
    # word ("tegengehouden1") is cut and its page-bottom definition kept on the record.
    assert "tegengehouden bij de controles" in first.text and "\n\nHet kabinet verwacht" in first.text
    assert [(f.number, f.text) for f in first.footnotes] == [("1", "Jaarverslag Koninklijke Marechaussee 2024.")]
    assert document.warnings == ["question(s) 2, 5 have no answer", "question numbering skips 3"]
    assert records[0].faction == "PVV" and document.sender == "Staatssecretaris van Justitie en Veiligheid (Struycken)"
    assert_spans_hold_their_text(source, records)


def test_official_html_blocks():
    source, document, records = parsed("kamervragen_officieel.html")
    assert (document.layout, document.aanhangsel, str(document.date)) == ("kamervragen", "ah-tk-20242025-2345", "2025-05-02")
    assert summary(records) == [
        (["1"], "Hoeveel", "gekomen?", "In", "2023."),
        (["2", "3"], "Hoe", "verkorten?", "De", "verkorten."),
        (["4"], "Bent", "beantwoorden?", "Ja.", "Ja."),
    ]
    assert [(f.number, f.text) for f in records[0].footnotes] == [("1", "Cijfers van de Immigratie- en Naturalisatiedienst over 2024.")]
    assert records[0].members == ["De Wit (NSC)"] and records[0].faction == "NSC"
    assert_spans_hold_their_text(source, records)


def test_list_of_questions_and_answers_has_the_committee_as_asker():
    source, document, records = parsed("lijst_vragen_antwoorden.txt")
    assert (document.layout, document.kind) == ("lijst_vragen_antwoorden", DocumentKind.LIJST_VRAGEN_ANTWOORDEN)
    assert document.kamerstukken == ["36600 VI nr. 12"] and document.refers_to_kamerstukken == ["36600 VI nr. 2"]
    assert summary(records) == [
        (["1"], "Hoeveel", "Naturalisatiedienst?", "Voor", "begroot."),
        (["2"], "Hoeveel", "dienst?", "Bij", "medewerkers."),
        (["3"], "Welke", "verkorten?", "Het", "planning."),
    ]
    assert {(r.faction, tuple(r.members)) for r in records} == {(None, ("vaste commissie voor Justitie en Veiligheid",))}
    assert "1. extra beslismedewerkers" in records[2].text, "a numbered list inside an answer is not a question"
    assert_spans_hold_their_text(source, records)


@pytest.mark.parametrize(("text", "numbers"), [
    ("4", ("4",)), ("4 en 5", ("4", "5")), ("4, 5 en 6", ("4", "5", "6")), ("4 t/m 6", ("4", "5", "6")),
    ("2, 3", ("2", "3")), ("7-9", ("7", "8", "9")), ("4 EN 5", ("4", "5")), ("4 T/M 6", ("4", "5", "6")),
])
def test_combined_numbers(text, numbers):
    assert expand_numbers(text) == numbers


def test_label_variants_parse_alike(tmp_path):
    text = (
        "Vragen van het lid Jansen (SP) over huur (ingezonden 1 maart 2025).\n\n"
        "Vraag 1:\nIs de huur gestegen?\n\nAntwoord 1:\nJa, met vijf procent.\n\n"
        "Vragen 2, 3 en 4\nWaarom? Hoe? Wanneer?\n\nAntwoord op vragen 2, 3 en 4\nDoor de inflatie, per wet, in juli.\n\n"
        "Vraag 5: Komt er een huurstop?\n\nAntwoord: Nee.\n"
    )
    path = tmp_path / "varianten.txt"
    path.write_text(text, encoding="utf-8")
    _, document, records = parsed(path)
    assert [(r.question_numbers, r.question, r.text) for r in records] == [
        (["1"], "Is de huur gestegen?", "Ja, met vijf procent."),
        (["2", "3", "4"], "Waarom? Hoe? Wanneer?", "Door de inflatie, per wet, in juli."),
        (["5"], "Komt er een huurstop?", "Nee."),
    ]
    assert document.warnings == []


def test_the_broken_answers_printed_to_pdf_parse_the_same(tmp_path):
    from tests.test_ingest_robustness import make_pdf

    text = (FIXTURES / "kamervragen_gebroken.txt").read_text(encoding="utf-8")
    path = tmp_path / "antwoorden.pdf"
    path.write_bytes(make_pdf(text.split("\n"), lines_per_page=11))  # page breaks inside the first answer
    source, document, records = parsed(path)
    _, _, from_text = parsed("kamervragen_gebroken.txt")
    assert [(r.question_numbers, r.text, r.footnotes) for r in records] == [
        (r.question_numbers, r.text, r.footnotes) for r in from_text
    ]
    assert document.warnings == ["question(s) 2, 5 have no answer", "question numbering skips 3"]
    assert_spans_hold_their_text(source, records)


@pytest.mark.parametrize(("opening", "members"), [
    ("Vragen van het lid Van der Plas (BBB) aan de Minister", ["Van der Plas (BBB)"]),
    ("Vragen van de leden Jansen en De Vries (beiden VVD) over", ["Jansen (VVD)", "De Vries (VVD)"]),
    ("Vragen van de leden Bikker (ChristenUnie), Ceder (ChristenUnie) en Van Dijk (SGP) aan de",
     ["Bikker (ChristenUnie)", "Ceder (ChristenUnie)", "Van Dijk (SGP)"]),
    ("Vragen van de leden Piri (GroenLinks-PvdA) en Kostić (PvdD) over", ["Piri (GroenLinks-PvdA)", "Kostić (PvdD)"]),
])
def test_members_and_parties(opening, members):
    from ingest.kamervragen import askers

    assert askers(f"{opening} de opvang (ingezonden 1 maart 2025).") == members


def test_a_letter_with_a_beantwoording_heading_stays_a_letter():
    from ingest.layout import parse_document

    text = ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 3 maart 2025\n\n"
            "Naar aanleiding van de Kamervragen over opvang informeer ik u over de stand van zaken.\n\n"
            "Beantwoording\n\nDe opvang verloopt volgens plan. Er zijn voldoende plekken.\n\n"
            "Vervolg\n\nIk informeer u voor de zomer opnieuw.\n\nDe Minister van Asiel en Migratie,\n\nFaber\n")
    parsed_document = parse_document(text, "x")
    assert parsed_document.layout.name == "letter"
    assert [r.heading for r in parsed_document.records] == [None, "Beantwoording", "Vervolg"]
