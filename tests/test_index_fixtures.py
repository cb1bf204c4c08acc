"""A small hand-made record store for index tests (no parser involved); holds no tests itself."""

from __future__ import annotations

from datetime import date

from core.models import Document, DocumentKind, Record, RecordKind, make_record_id
from core.settings import Settings
from ingest.store import RecordStore

DOC_A = "900_small_tk"
DOC_B = "901_small_letter"

# (faction, question, reply text): the text's first words are distinctive phrases the tests look for.
REPLIES_A = [
    ("PVV", "De leden van de PVV-fractie vragen de minister alle opties te bekijken om afgewezen asielzoekers "
            "gedwongen uit te zetten via derde landen.",
     "Gedwongen terugkeer blijft het sluitstuk. Het kabinet is het met de leden eens dat personen zonder "
     "rechtmatig verblijf Nederland moeten verlaten."),
    ("VVD", "De leden van de VVD-fractie vragen hoe het staat met de terugkeerhubs in Oeganda.",
     "Over de terugkeerhubs voert het kabinet gesprekken met partnerlanden. " + "Een terugkeerhub is een "
     "locatie buiten de EU waar afgewezen asielzoekers verblijven in afwachting van hun vertrek. " * 12),
    ("D66", "De leden van de D66-fractie vragen wanneer het wetsvoorstel ter uitvoering van het Asiel- en "
            "migratiepact naar de Kamer komt.",
     "Het kabinet is voornemens het wetsvoorstel nog voor het kerstreces bij uw Kamer aanhangig te maken."),
    ("CDA", "De leden van de CDA-fractie vragen of de minister ook derde landen wil gebruiken voor uitzetting.",
     "Voor het antwoord op deze vraag verwijs ik naar het antwoord op de vraag van de PVV-fractie."),
]
REPLIES_B = [
    ("GroenLinks-PvdA", "De leden van de GroenLinks-PvdA-fractie vragen naar de grensbewaking door Frontex.",
     "Frontex ondersteunt de lidstaten bij het bewaken van de buitengrenzen met extra personeel."),
]
SECTION_B = ("Visumbeleid", "Het visumopschortingsmechanisme wordt herzien zodat visumvrij reizen sneller kan "
             "worden opgeschort bij misbruik.")


def _document(document_id: str, day: date, kind: DocumentKind, title: str) -> Document:
    return Document(id=document_id, title=title, kind=kind, date=day, source_path=f"{document_id}.txt",
                    source_sha256=document_id * 2, layout="test")


def _reply(document_id: str, ordinal: int, faction: str, question: str, text: str) -> Record:
    return Record(
        id=make_record_id(document_id, "reply", faction, question, text), document_id=document_id,
        kind=RecordKind.REPLY, ordinal=ordinal, faction=faction, question=question, text=text,
        char_start=ordinal * 100, char_end=ordinal * 100 + len(text), line_start=ordinal * 5 + 1,
        line_end=ordinal * 5 + 4,
    )


def small_records() -> tuple[list[Document], dict[str, list[Record]]]:
    """Two documents: a TK report with four replies (the CDA one refers to the PVV one) and a letter."""
    doc_a = _document(DOC_A, date(2025, 3, 6), DocumentKind.SO_TWEEDE_KAMER,
                      "Verslag van een schriftelijk overleg over de JBZ-Raad van maart 2025")
    doc_b = _document(DOC_B, date(2025, 10, 8), DocumentKind.LETTER, "Brief over grensbewaking en visumbeleid")
    replies_a = [_reply(DOC_A, i, *reply) for i, reply in enumerate(REPLIES_A)]
    replies_a[3] = replies_a[3].model_copy(update={"refers_to": [replies_a[0].id]})
    heading, text = SECTION_B
    section = Record(
        id=make_record_id(DOC_B, "letter_section", None, heading, text), document_id=DOC_B,
        kind=RecordKind.LETTER_SECTION, ordinal=1, heading=heading, text=text, char_start=500,
        char_end=500 + len(text), line_start=30, line_end=33,
    )
    records_b = [_reply(DOC_B, 0, *REPLIES_B[0]), section]
    return [doc_a, doc_b], {DOC_A: replies_a, DOC_B: records_b}


def fill_store(settings: Settings, documents=None, records=None) -> RecordStore:
    """Write the small documents and records (or the given ones) into settings' store."""
    if documents is None:
        documents, records = small_records()
    store = RecordStore(settings.store_path)
    for document in documents:
        store.replace_document(document, records[document.id], source_text="bron")
    return store


def find(results, phrase: str) -> int | None:
    """0-based position of the first result whose text contains phrase, or None."""
    for position, evidence in enumerate(results):
        if phrase in evidence.record.text:
            return position
    return None
