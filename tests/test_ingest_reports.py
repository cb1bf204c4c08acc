"""Written-consultation reports in other layouts: separate question and reaction parts, other reply labels."""

from __future__ import annotations

import pytest

from core.models import DocumentKind
from ingest.layout import parse_document
from tests.conftest import corpus_file
from tests.test_ingest_kamervragen import assert_spans_hold_their_text, parsed


def test_separate_parts_paired_by_number_repetition_and_as_a_whole():
    source, document, records = parsed("verslag_delen.txt")
    assert (document.layout, document.kind) == ("tk_delen", DocumentKind.SO_TWEEDE_KAMER)
    assert [(r.faction, r.question.split()[:3], r.text.split()[0], r.text.split()[-1]) for r in records] == [
        ("VVD", ["De", "leden", "van"], "Naar", "status."),  # numbered: question 1 ↔ reaction 1
        ("VVD", ["Deze", "leden", "vragen"], "De", "werking."),
        ("D66", ["De", "leden", "van"], "Het", "toetsen."),  # the reaction repeats the question
        ("SP", ["De", "leden", "van"], "Het", "nodig."),  # 3 questions, 2 reaction paragraphs: one record
    ]
    assert records[0].question == "De leden van de VVD-fractie vragen hoeveel aanvragen onder het nieuwe stelsel een tijdelijke status krijgen."
    assert records[1].text == "De wet treedt naar verwachting op 1 januari 2026 in werking."
    assert records[2].question == "De leden van de D66-fractie vragen hoe het kabinet de zorgvuldigheid van de beoordeling bewaakt."
    assert "gemeenten worden gecompenseerd" in records[3].question
    assert document.warnings == ["faction SP: 2 reaction paragraph(s) for 3 question paragraph(s); stored the whole "
                                 "reaction as one reply to all its questions"]
    assert (document.kamerstukken, document.refers_to_kamerstukken) == (["36412 nr. 25"], ["36412 nr. 20"])
    assert_spans_hold_their_text(source, records)


def test_separate_parts_paired_paragraph_by_paragraph():
    text = (
        "Verslag van een schriftelijk overleg\n\nI Vragen en opmerkingen vanuit de fracties\n\n"
        "Vragen en opmerkingen van de leden van de PVV-fractie\n\n"
        "De leden van de PVV-fractie vragen hoeveel plekken er zijn.\n\nZij vragen ook wat die kosten.\n\n"
        "II Reactie van de bewindspersoon\n\n"
        "Reactie op vragen en opmerkingen van de leden van de PVV-fractie\n\n"
        "Er zijn vierhonderd plekken.\n\nDie kosten tien miljoen euro.\n"
    )
    records = parse_document(text, "d").records
    assert [(r.faction, r.question, r.text) for r in records] == [
        ("PVV", "De leden van de PVV-fractie vragen hoeveel plekken er zijn.", "Er zijn vierhonderd plekken."),
        ("PVV", "Zij vragen ook wat die kosten.", "Die kosten tien miljoen euro."),
    ]


def test_reactie_van_het_kabinet_and_beantwoording_labels():
    source, document, records = parsed("verslag_reactie_kabinet.txt")
    assert (document.layout, document.kamerstukken) == ("tk_antwoord", ["32317 nr. 990"])
    assert [(r.faction, r.question.split()[-1], r.text) for r in records] == [
        ("NSC", "spreekt.", "De Raad spreekt dit jaar ten minste drie keer over terugkeer."),
        ("NSC", "indient.", "Nee, Nederland sluit aan bij het voorstel van de Commissie."),
        ("BBB", "terugkeerverordening.", "De inzet van het kabinet is een snelle en werkbare verordening."),
    ]
    assert_spans_hold_their_text(source, records)


@pytest.mark.parametrize("label", ["Antwoord", "Antwoord:", "Reactie", "Reactie:", "Reactie van het kabinet",
                                   "Reactie van de minister", "Beantwoording", "**Antwoord**"])
def test_every_reply_label_gives_the_seed_its_54_replies(label):
    text = corpus_file("000").read_text(encoding="utf-8").replace("\nAntwoord:\n", f"\n{label}\n")
    parsed_document = parse_document(text, "x")
    assert parsed_document.layout.name == "tk_antwoord"
    assert len(parsed_document.records) == 54


def test_report_with_a_missing_label_merges_and_keeps_the_rest():
    text = corpus_file("000").read_text(encoding="utf-8").replace("\nAntwoord:\n", "\n", 1)
    records = parse_document(text, "x").records
    assert len(records) == 53, "the reply without a label is read as part of the question before the next label"
    assert records[0].faction == "PVV"
