"""A citation card of a cross-referencing reply shows the reply it points to (Record.refers_to), from a small store."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from core.models import Document, DocumentKind, Record, RecordKind
from ingest.store import RecordStore
from ui.app_render import HIGHLIGHT_OPEN, render_text
from ui.app_state import record_citation

SOURCE = (
    "Vragen van de PVV-fractie\nHoe zit het met return hubs?\nAntwoord:\nHet kabinet verkent return hubs buiten de EU.\n"
    "Vragen van de GroenLinks-PvdA-fractie\nHoe ziet de minister return hubs?\nAntwoord:\n"
    "Het kabinet verwijst naar het antwoord op een gelijkluidende vraag van de leden van de PVV-fractie.\n"
)


def card_script() -> None:
    """Render the citation card of the record named in the environment (AppTest runs this as the app)."""
    import os

    from core.settings import load_settings
    from ingest.store import RecordStore
    from ui.app_state import record_citation
    from ui.app_views import render_citation

    settings = load_settings()
    store = RecordStore(settings.store_path)
    record = store.record(os.environ["CARD_RECORD"])
    render_citation(record_citation(record, store.document(record.document_id), 1), settings)


def reply(ordinal: int, faction: str, question: str, text: str, refers_to: list[str]) -> Record:
    """A reply record whose span is found in SOURCE."""
    start = SOURCE.index(text)
    line = SOURCE[:start].count("\n") + 1
    return Record(
        id=f"doc:{ordinal}", document_id="doc", kind=RecordKind.REPLY, ordinal=ordinal, faction=faction,
        question=question, text=text, refers_to=refers_to, char_start=start, char_end=start + len(text),
        line_start=line, line_end=line,
    )  # fmt: skip


def test_cross_reference_card_shows_the_referred_reply(settings, monkeypatch):
    target = reply(0, "PVV", "Hoe zit het met return hubs?", "Het kabinet verkent return hubs buiten de EU.", [])
    referring = reply(
        1, "GroenLinks-PvdA", "Hoe ziet de minister return hubs?",
        "Het kabinet verwijst naar het antwoord op een gelijkluidende vraag van de leden van de PVV-fractie.", [target.id],
    )  # fmt: skip
    document = Document(
        id="doc", title="Verslag van een schriftelijk overleg", kind=DocumentKind.SO_TWEEDE_KAMER,
        date=date(2025, 3, 4), kamerstukken=["32317 nr. 933"], source_path="doc.txt", source_sha256="0" * 64,
        layout="test",
    )  # fmt: skip
    RecordStore(settings.store_path).replace_document(document, [target, referring], SOURCE)
    monkeypatch.setenv("CARD_RECORD", referring.id)
    at = AppTest.from_function(card_script, default_timeout=30).run()
    assert not at.exception, at.exception
    (card,) = at.expander
    assert card.label.startswith("\\[1\\] GroenLinks-PvdA-fractie · Verslag")
    assert [t.label for t in card.tabs] == ["Reply", "In the document", "Refers to (1)"]
    texts = [m.value for m in card.markdown]
    assert render_text(referring.text) in texts
    assert render_text(target.text) in texts, "the referred-to PVV reply is shown in full"
    assert any("PVV-fractie" in t for t in texts)
    in_document = next(t for t in texts if HIGHLIGHT_OPEN in t)
    assert "gelijkluidende vraag" in in_document and "Vragen van de PVV" in in_document
    assert record_citation(target, document, 2).kamerstuk == "32317 nr. 933"
