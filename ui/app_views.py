"""Streamlit pieces of the research chat: answers, citation cards, sidebar. Display only, no retrieval."""

from __future__ import annotations

from typing import NamedTuple, Sequence
from urllib.parse import urlsplit

import streamlit as st

from core.models import Answer, Citation, Document
from core.settings import Settings
from ui.app_render import (
    EMPTY_INDEX_HELP,
    INGEST_COMMAND,
    NEAREST_LABEL,
    answer_markdown,
    citation_label,
    citation_meta,
    details_label,
    document_excerpt,
    escape_inline,
    export_markdown,
    highlight_quotes,
    mode_caption,
    render_text,
)
from ui.app_state import (
    CorpusInfo,
    document_key,
    document_label,
    newest_first,
    record_citation,
    referred_replies,
    source_context,
)

MODE_EXTRACTIVE = "Extractive"
MODE_LLM = "LLM"


class Choices(NamedTuple):
    """What the sidebar asks for: filters and the answer mode."""

    document_ids: list[str]
    dates: tuple
    factions: list[str]
    use_llm: bool


def render_answer(answer: Answer, settings: Settings) -> None:
    """One assistant turn: how it was read, notices, the answer in full (or the abstention), a card per citation."""
    if answer.standalone_question:  # first: a follow-up is answered as rewritten, so say how it was read
        st.caption("Understood as a follow-up: " + escape_inline(answer.standalone_question))
    if answer.notice:  # it says why the answer below looks the way it does (fallback, removed quotes)
        st.info(escape_inline(answer.notice), icon=":material/info:")
    if answer.abstained:
        st.warning(
            f"**{escape_inline(answer.answer)}**  \nThe replies below are the closest found: "
            f"*{NEAREST_LABEL.lower()}*.",
            icon=":material/search_off:",
        )
    else:
        if answer.mode != "extractive":  # the extractive text opens by saying how it was made
            st.caption(escape_inline(mode_caption(answer)))
        st.markdown(answer_markdown(answer.answer))  # in full: no inner scroll box cutting it off
    headers_in_text = not answer.abstained and answer.mode == "extractive"
    for citation in answer.citations:
        render_citation(citation, settings, short=headers_in_text)
    for citation in answer.nearest if answer.abstained else []:
        render_citation(citation, settings, nearest=True)


def render_citation(citation: Citation, settings: Settings, nearest: bool = False, short: bool = False) -> None:
    """A citation that opens in place: metadata, the reply with quotes highlighted, its place in the document.

    short: the answer text already shows the citation's header line, so the card does not repeat it.
    """
    icon = ":material/search_off:" if nearest else ":material/format_quote:"
    label = details_label(citation) if short else citation_label(citation, nearest)
    with st.expander(label, icon=icon):
        st.markdown(citation_meta(citation))
        referred = referred_replies(settings, citation.id)
        names = ["Reply", "In the document"] + ([f"Refers to ({len(referred)})"] if referred else [])
        tabs = st.tabs(names)
        with tabs[0]:
            _reply_view(citation)
        with tabs[1]:
            _document_view(citation, settings)
        if referred:
            with tabs[2]:
                for n, (record, document) in enumerate(referred, start=1):
                    target = record_citation(record, document, n)
                    st.markdown(f"**Referred reply {n}**")
                    st.markdown(citation_meta(target))
                    _reply_view(target)


def _reply_view(citation: Citation) -> None:
    """The members' question and the full reply, the verified quotes highlighted."""
    if citation.question:
        st.markdown("**Members' question**")
        st.markdown(render_text(citation.question))
    st.markdown("**Reply**" + (" (quoted parts highlighted)" if citation.quotes else ""))
    st.markdown(highlight_quotes(citation.reply, citation.quotes))


def _document_view(citation: Citation, settings: Settings) -> None:
    """The reply in its surrounding source text, its span highlighted."""
    source = source_context(settings, citation)
    if source is None:
        st.caption("This document is no longer in the store; re-ingest it to see the reply in context.")
        return
    st.caption(f"Lines {citation.line_start}–{citation.line_end} of the source; the reply is highlighted.")
    with st.container(height=360):
        st.markdown(document_excerpt(source, citation.char_start, citation.char_end))


def render_empty_index(settings: Settings) -> None:
    """What to do when nothing was ingested: the ingest command, not an error."""
    st.info(EMPTY_INDEX_HELP, icon=":material/inventory_2:")
    st.code(INGEST_COMMAND, language="bash")
    st.caption(
        "Data folder: " + escape_inline(str(settings.home)) + " (set ANTWOORD_HOME to use another one). "
        "Reload this page once the ingest has finished."
    )


def render_sidebar(settings: Settings, info: CorpusInfo | None, status: dict | None) -> Choices:
    """Filters, answer mode and index status; returns the choices made."""
    sidebar = st.sidebar
    sidebar.header("Filters")
    document_ids = _document_picker(newest_first(info.documents) if info else [])
    dates = sidebar.date_input(
        "Date range",
        value=(),
        min_value=info.first_date if info else None,
        max_value=info.last_date if info else None,
        key="filter_dates",
        help="Only replies from documents dated in this range (both ends included).",
    )
    factions = sidebar.multiselect(
        "Factions", info.factions if info else [], key="filter_factions", placeholder="All factions"
    )
    use_llm = _mode_picker(settings)
    _index_panel(info, status)
    return Choices(list(document_ids), tuple(dates or ()), list(factions), use_llm)


def _document_picker(documents: Sequence[Document]) -> list[str]:
    """A checkbox per document, newest first, with its full title (a multiselect cuts long titles off)."""
    chosen = [d.id for d in documents if st.session_state.get(document_key(d.id))]
    title = f"Documents ({len(chosen)} of {len(documents)} chosen)" if chosen else "Documents (all)"
    with st.sidebar.expander(title, expanded=bool(chosen)):
        st.caption("Tick documents to search only those; none ticked searches all.")
        for document in documents:
            st.checkbox(escape_inline(document_label(document)), key=document_key(document.id))
    return [d.id for d in documents if st.session_state.get(document_key(d.id))]


def _mode_picker(settings: Settings) -> bool:
    """Extractive or LLM; the LLM option is disabled, with the reason, when no endpoint is configured."""
    sidebar = st.sidebar
    sidebar.header("Answer mode")
    configured = settings.llm_configured
    mode = sidebar.radio(
        "Mode",
        [MODE_EXTRACTIVE, MODE_LLM],
        index=1 if configured else 0,
        key="mode",
        disabled=not configured,
        captions=["Quotes the most relevant replies verbatim.", "Writes a short answer citing the replies."],
    )
    if configured:
        model = settings.llm_model.rsplit("/", 1)[-1]  # a local server may name the model by its file path
        sidebar.caption(f"LLM: {escape_inline(model)} at {escape_inline(_endpoint(settings))}")
    else:
        sidebar.caption(
            "LLM mode is off: no endpoint is configured. Set OPENAI_BASE_URL (an OpenAI-compatible server) "
            "or OPENAI\\_API\\_KEY and restart the app."
        )
    return configured and mode == MODE_LLM


def _endpoint(settings: Settings) -> str:
    """The endpoint's scheme, host and port only: URLs may carry credentials."""
    if not settings.openai_base_url:
        return "the OpenAI API"
    parts = urlsplit(settings.openai_base_url)
    host = parts.hostname or "?"
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def _index_panel(info: CorpusInfo | None, status: dict | None) -> None:
    """Documents, records and embedder of the index."""
    sidebar = st.sidebar
    sidebar.header("Index")
    if info is None:
        sidebar.caption("Empty: nothing ingested yet.")
        return
    columns = sidebar.columns(2)
    columns[0].metric("Documents", len(info.documents))
    columns[1].metric("Records", info.records)
    if status is None:
        sidebar.warning("No search index yet. Run: " + INGEST_COMMAND, icon=":material/warning:")
        return
    embedder = status.get("embedder") or status.get("embedding_model") or "unknown"
    model = status.get("embedding_model") or status.get("model")
    text = f"Embedder: {embedder}" + (f" ({model})" if model and model != embedder else "")
    sidebar.caption(escape_inline(text))


def render_export(container, turns: Sequence[Answer]) -> None:
    """'New topic', 'New chat' and the Markdown export of the conversation, with full citations."""
    container.header("Conversation")
    container.button(
        "New topic", on_click=new_topic, key="new_topic", icon=":material/restart_alt:", disabled=not turns,
        help="The next question is read on its own, not as a follow-up; the conversation stays on screen.",
    )
    container.button("New chat", on_click=_new_chat, key="new_chat", icon=":material/add_comment:")
    container.download_button(
        "Export as Markdown",
        data=export_markdown(turns),
        file_name="antwoord-chat.md",
        mime="text/markdown",
        disabled=not turns,
        key="export",
        icon=":material/download:",
        on_click="ignore",
    )


def new_topic() -> None:
    """Start a new topic: later questions do not lean on the turns so far (they stay on screen)."""
    st.session_state["topic_start"] = len(st.session_state.get("turns", []))


def _new_chat() -> None:
    """Forget the conversation (filters and mode stay)."""
    st.session_state["turns"] = []
    st.session_state["topic_start"] = 0
