"""The research chat driven through streamlit's AppTest, on the real corpus home with the real assistant."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from ingest.store import RecordStore
from ui.app_render import (
    HIGHLIGHT_OPEN,
    INGEST_COMMAND,
    NEAREST_LABEL,
    details_label,
    escape_inline,
    highlight_quotes,
    render_text,
)
from ui.app_state import document_key, document_label, newest_first

APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"
QUESTION = "what did the cabinet say about return hubs?"
TIMEOUT = 180  # the first question loads the embedder; later ones take seconds


@pytest.fixture
def media(monkeypatch) -> MemoryMediaFileStorage:
    """One media store for every run, so a test can read what a download button serves."""
    storage = MemoryMediaFileStorage("/mock/media")
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", lambda endpoint: storage)
    return storage


@pytest.fixture
def chat(corpus_settings, monkeypatch, media) -> AppTest:
    """The app, pointed at the ingested and indexed bundled corpus, after its first run."""
    monkeypatch.setenv("ANTWOORD_HOME", str(corpus_settings.home))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    """Type a question into the chat box and wait for the answer."""
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def citation_cards(at: AppTest) -> list:
    """The citation expanders (the progress box is an expander too)."""
    return [e for e in at.expander if e.label.startswith("\\[") or e.label.startswith(NEAREST_LABEL)]


def test_empty_index_shows_how_to_ingest(settings):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception and not at.error
    assert any("index is empty" in i.value for i in at.info)
    assert [c.value for c in at.code] == [INGEST_COMMAND]
    assert at.chat_input[0].disabled
    assert not settings.home.exists(), "showing the empty state must not create the data folder"


def test_ask_shows_an_extractive_answer_with_citations(chat):
    ask(chat, QUESTION)
    assert [m.name for m in chat.chat_message] == ["user", "assistant"]
    (turn,) = chat.session_state["turns"]
    assert not turn.abstained and turn.mode == "extractive" and turn.citations
    assistant = chat.chat_message[1]
    texts = [m.value for m in assistant.markdown]
    assert sum("Extractive answer" in t for t in texts + [c.value for c in chat.caption]) == 1, "said once"
    assert any("\\[1\\]" in t for t in texts)
    labels = [card.label for card in citation_cards(chat)]
    assert len(labels) == len(turn.citations)
    for n, label in enumerate(labels, start=1):  # the header is in the answer text; the card does not repeat it
        assert label == details_label(turn.citations[n - 1]) and label.startswith(f"\\[{n}\\] details")
    assert chat.status[0].label.startswith("Answered from")


def test_open_a_citation_shows_question_reply_and_document_context(chat, corpus_settings):
    ask(chat, QUESTION)
    (turn,) = chat.session_state["turns"]
    first = turn.citations[0]
    card = citation_cards(chat)[0]
    texts = [m.value for m in card.markdown]
    meta = texts[0]
    for field in ("**Faction:**", "**Document:**", "**Date:**", "**Kamerstuk:**", "**Lines:**"):
        assert field in meta
    assert f"{first.line_start}–{first.line_end}" in meta
    assert [t.label for t in card.tabs][:2] == ["Reply", "In the document"]
    assert highlight_quotes(first.reply, first.quotes) in texts, "the full reply, its quoted sentences highlighted"
    if first.question:
        assert render_text(first.question) in texts
    in_document = [t for t in texts if t.startswith("…") or HIGHLIGHT_OPEN in t]
    assert in_document, "the document view marks the reply in its surrounding text"
    store = RecordStore(corpus_settings.store_path)
    for citation, card in zip(turn.citations, citation_cards(chat)):
        has_refs = bool(store.record(citation.id).refers_to)
        assert any(t.label.startswith("Refers to") for t in card.tabs) == has_refs


def test_follow_up_question_uses_the_conversation(chat):
    ask(chat, QUESTION)
    ask(chat, "and what about Uganda?")
    assert [m.name for m in chat.chat_message] == ["user", "assistant", "user", "assistant"]
    first, second = chat.session_state["turns"]
    assert second.question == "and what about Uganda?"
    assert second.standalone_question == "what did the cabinet say about Uganda?"
    assert any(c.value.startswith("Understood as a follow-up:") for c in chat.caption)


def test_ask_again_as_a_new_question_and_new_topic(chat):
    ask(chat, QUESTION)
    ask(chat, "and what about Uganda?")
    chat.button(key="ask_as_new").click().run()
    assert not chat.exception
    third = chat.session_state["turns"][-1]
    assert third.question == "and what about Uganda?" and third.standalone_question is None
    assert chat.session_state["topic_start"] == 2
    chat.sidebar.button(key="new_topic").click().run()
    assert chat.session_state["topic_start"] == 3 and len(chat.session_state["turns"]) == 3
    ask(chat, "and for Syria?")
    assert chat.session_state["turns"][-1].standalone_question is None, "after New topic nothing leans back"


def test_document_filter_restricts_the_citations(chat, corpus_settings):
    document_id = RecordStore(corpus_settings.store_path).documents()[-1].id
    chat.sidebar.checkbox(key=document_key(document_id)).check().run()
    ask(chat, QUESTION)
    (turn,) = chat.session_state["turns"]
    shown = turn.citations + turn.nearest
    assert shown, "a filtered question still shows replies (cited or nearest)"
    assert all(c.id.startswith(document_id + ":") for c in shown)
    assert any(c.value.startswith("Filtered\\: 1 document") for c in chat.caption)


def test_faction_filter_restricts_the_citations(chat):
    factions = chat.sidebar.multiselect(key="filter_factions")
    assert factions.options, "the sidebar lists the factions of the ingested replies"
    faction = "VVD" if "VVD" in factions.options else factions.options[0]
    factions.set_value([faction]).run()
    ask(chat, QUESTION)
    (turn,) = chat.session_state["turns"]
    shown = turn.citations + turn.nearest
    assert shown and all(c.faction == faction for c in shown)


def test_export_serves_the_conversation_as_markdown(chat, media):
    export = chat.sidebar.get("download_button")[0]
    assert export.proto.label == "Export as Markdown" and export.disabled
    ask(chat, QUESTION)
    export = chat.sidebar.get("download_button")[0]
    assert not export.disabled
    served = media.get_file(export.proto.url.rsplit("/", 1)[1])
    assert served.mimetype.startswith("text/markdown")
    markdown = served.content.decode("utf-8")
    (turn,) = chat.session_state["turns"]
    assert f"## 1. {QUESTION}" in markdown and "### Sources" in markdown
    for citation in turn.citations:
        assert f"Record `{citation.id}`" in markdown


def test_new_chat_forgets_the_conversation(chat):
    ask(chat, QUESTION)
    chat.sidebar.button(key="new_chat").click().run()
    assert chat.session_state["turns"] == []
    assert not chat.chat_message


def test_unanswerable_question_looks_like_an_abstention(chat):
    ask(chat, "What is the best recipe for apple pie with cinnamon?")
    (turn,) = chat.session_state["turns"]
    assert turn.abstained
    assert any("do not answer" in w.value for w in chat.warning)
    assert all(card.label.startswith(NEAREST_LABEL) for card in citation_cards(chat))
    assert not any("Extractive answer" in c.value for c in chat.caption)
    assert not chat.status, "no progress box with a success check next to an abstention"


def test_documents_picker_lists_full_titles_newest_first(chat, corpus_settings):
    documents = newest_first(RecordStore(corpus_settings.store_path).documents())
    boxes = [box for box in chat.sidebar.checkbox if box.key and box.key.startswith("filter_document:")]
    assert [box.key for box in boxes] == [document_key(d.id) for d in documents]
    dates = [d.date for d in documents if d.date]
    assert dates == sorted(dates, reverse=True)
    for box, document in zip(boxes, documents):
        assert box.label == escape_inline(document_label(document)) and document.title in document_label(document)


def test_llm_mode_is_disabled_with_a_reason_without_an_endpoint(chat):
    mode = chat.sidebar.radio(key="mode")
    assert mode.disabled and mode.value == "Extractive"
    assert any("LLM mode is off" in c.value for c in chat.sidebar.caption)


def test_date_filter_restricts_the_citations(chat, corpus_settings):
    newest = max(d.date for d in RecordStore(corpus_settings.store_path).documents() if d.date)
    chat.sidebar.date_input(key="filter_dates").set_value((newest, newest)).run()
    ask(chat, QUESTION)
    (turn,) = chat.session_state["turns"]
    shown = turn.citations + turn.nearest
    assert shown and all(c.date == newest for c in shown)


def test_store_without_index_shows_the_error_and_the_fix(corpus_settings, settings, monkeypatch):
    settings.home.mkdir(parents=True)
    shutil.copy(corpus_settings.store_path, settings.store_path)  # documents, but no index folder
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert any("No search index yet" in w.value for w in at.sidebar.warning)
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception
    assert any("antwoord ingest" in e.value for e in at.error)
    assert at.session_state["turns"] == []
