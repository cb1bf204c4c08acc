"""Cross-references on the bundled reports: which reply a pointer means, flags, and near-identical replies."""

from __future__ import annotations

import pytest

from core.models import Record, RecordKind
from ingest import crossrefs, tweede_kamer
from tests.conftest import corpus_file


@pytest.fixture(scope="module")
def resolved() -> dict[str, list[Record]]:
    records = {}
    for prefix in ("000", "001", "004"):
        source = corpus_file(prefix).read_text(encoding="utf-8")
        records[prefix] = crossrefs.resolve(tweede_kamer.parse(source, prefix))
    return records


def by_question(records: list[Record], start: str) -> Record:
    (record,) = [r for r in records if r.question.startswith(start)]
    return record


def targets(records: list[Record], record: Record) -> list[Record]:
    by_id = {r.id: r for r in records}
    return [by_id[i] for i in record.refers_to]


def test_nsc_reply_refers_to_the_pvv_reply_on_syria(resolved):
    records = resolved["000"]
    nsc = by_question(records, "Kunnen Syriërs van wie is vastgesteld dat zij een veiligheidsrisico vormen")
    assert nsc.faction == "NSC" and nsc.text.startswith("Het kabinet verwijst de leden van NSC-fractie")
    (pvv,) = targets(records, nsc)
    assert pvv.faction == "PVV"
    assert pvv.text.startswith("Migratie en terugkeer gelden als kabinetsprioriteit ten aanzien van Syrië")
    assert nsc.unresolved_refs == []


def test_groenlinks_pvda_reply_refers_to_the_pvv_reply_on_harmonisation(resolved):
    records = resolved["000"]
    reply = by_question(records, "De leden van de GroenLinks-PvdA-fractie merken op dat de Europese Commissie medio maart")
    (pvv,) = targets(records, reply)
    assert pvv.text.startswith("Het kabinet heeft zich - zoals opgenomen in het Regeerprogramma")


def test_reference_to_two_factions(resolved):
    records = resolved["000"]
    d66 = by_question(records, "De leden van de D66-fractie hebben kennisgenomen van de geannoteerde agenda van de JBZ-Raad.")
    pvv, nsc = targets(records, d66)
    assert (pvv.faction, nsc.faction) == ("PVV", "NSC")
    assert pvv.question.startswith("De leden van de PVV-fractie vragen wat de Nederlandse positie is")
    assert nsc.question.startswith("De leden van de NSC-fractie vragen hoe Nederland zich positioneert")


def test_earlier_answer_on_a_topic(resolved):
    records = resolved["000"]
    reply = next(r for r in records if "eerdere beantwoording van een vraag over Tunesië" in r.text)
    (target,) = targets(records, reply)
    assert target.faction == "D66" and "Tunesië" in target.question and target.ordinal == reply.ordinal - 1


def test_pointers_to_documents_are_not_reply_references(resolved):
    records = resolved["000"] + resolved["001"]
    bnc = next(r for r in records if r.text.startswith("Het kabinet verwijst de leden van de SP-fractie naar het BNC-fiche"))
    rapport = next(r for r in records if r.text.startswith("Het kabinet verwijst naar hetgeen hieromtrent"))
    elsewhere = next(r for r in records if r.text.startswith("U vindt het antwoord op deze vraag terug"))
    for record in (bnc, rapport, elsewhere):
        assert record.refers_to == [] and record.unresolved_refs == []


def test_faction_name_wrapped_over_a_line(resolved):
    records = resolved["001"]
    cda = by_question(records, "De leden van de CDA-fractie hebben kennisgenomen van de geannoteerde agenda")
    assert cda.text == "Zie antwoord op gelijkluidende vraag van de leden van de fractie van GroenLinks-PvdA."
    (target,) = targets(records, cda)
    assert target.faction == "GroenLinks-PvdA"
    assert target.text.startswith("De Migration Support Toolbox is een permanente steunmaatregel")


def test_previous_and_above(resolved):
    records = resolved["001"]
    previous = next(r for r in records if "Zoals geschetst in het vorige antwoord" in r.text)
    above = next(r for r in records if r.text.startswith("Ik verwijs de leden naar het antwoord op bovenstaande vraag."))
    assert [t.ordinal for t in targets(records, previous)] == [previous.ordinal - 1]
    assert [t.ordinal for t in targets(records, above)] == [above.ordinal - 1]


def test_first_question_on_a_topic_and_own_faction(resolved):
    records = resolved["004"]
    first = next(r for r in records if r.text.startswith("Zie antwoord op de eerste vraag van de leden van de NSC-fractie"))
    (target,) = targets(records, first)
    assert target.question.startswith("Solidariteitsmechanisme en herverdeling onder het EU-Migratiepact")
    assert target.text.startswith("De Commissie zal uiterlijk op 15 oktober")
    own = next(r for r in records if "de eerder vraag van uw fractie over het ontwerpbesluit" in r.text)
    (draft,) = targets(records, own)
    assert draft.faction == "NSC" and "ontwerp-raadsdocumenten" in draft.question
    topic_only = next(r for r in records if r.text == "Zie het antwoord op de vraag over het ontwerpbesluit van de Commissie.")
    assert topic_only.refers_to == [draft.id]


def test_enough_resolved_references_across_the_corpus(resolved):
    referring = [r for records in resolved.values() for r in records if r.refers_to]
    assert len(referring) >= 20
    assert all(target != r.id for r in referring for target in r.refers_to)


def test_near_identical_replies_are_linked_both_ways(resolved):
    records = resolved["000"]
    groenlinks = next(r for r in records if r.faction == "GroenLinks-PvdA" and r.text.startswith("Op de JBZ-raad zal door de lidstaten"))
    sp = next(r for r in records if r.faction == "SP" and r.text.startswith("Op de JBZ-raad zal door de lidstaten"))
    assert groenlinks.duplicates_of == [sp.id] and sp.duplicates_of == [groenlinks.id]
    pointers = [r for r in records if r.text.startswith("Het kabinet verwijst naar het antwoord op een gelijkluidende vraag")]
    assert len(pointers) > 1 and all(r.duplicates_of == [] for r in pointers)  # same pointer is no duplicate answer


def _reply(ordinal: int, faction: str, question: str, text: str, kind: RecordKind = RecordKind.REPLY) -> Record:
    return Record(id=f"doc:{ordinal}", document_id="doc", kind=kind, ordinal=ordinal, faction=faction,
                  question=question, text=text, char_start=0, char_end=1, line_start=1, line_end=1)


def test_unresolvable_references_are_flagged_not_guessed():
    records = [
        _reply(0, "PVV", "Wat doet de minister aan terugkeer?", "Zie het antwoord op de vorige vraag."),
        _reply(1, "NSC", "Hoe staat het met terugkeer?", "Zie antwoord op een gelijkluidende vraag van de leden van de SGP-fractie."),
    ]
    first, second = crossrefs.resolve(records)
    assert first.refers_to == [] and first.unresolved_refs == ["Zie het antwoord op de vorige vraag."]
    assert second.refers_to == []
    assert second.unresolved_refs == ["Zie antwoord op een gelijkluidende vraag van de leden van de SGP-fractie. [SGP]"]


def test_no_op_without_references():
    records = [
        _reply(0, None, "", "Een brief over migratie.", RecordKind.LETTER_SECTION),
        _reply(1, "PVV", "Vraag?", "Een antwoord zonder verwijzing."),
    ]
    assert crossrefs.resolve(records) == records


def test_replies_of_figures_only_are_no_duplicates_and_do_not_stop_the_check():
    # Twelve and more words but no letters: no word trigrams at all, on both sides of the pair.
    figures = "2021: 1.200 2022: 1.350 2023: 1.410 2024: 1.520 2025: 1.600 2026: 1.700 (x 1.000)"
    records = [_reply(0, "PVV", "Hoeveel?", figures), _reply(1, "NSC", "Hoeveel?", figures + " ."),
               _reply(2, "SP", "Hoeveel?", "Het kabinet geeft de aantallen per jaar in de tabel hierboven.")]
    assert [r.duplicates_of for r in crossrefs.resolve(records)] == [[], [], []]
