"""The research chat: `antwoord ui` runs this script with Streamlit. A thin layer over assistant.answer.answer()."""

from __future__ import annotations

import streamlit as st

from core.errors import AntwoordError
from core.models import Answer
from core.settings import Settings, load_settings
from ui.app_render import answer_markdown, escape_inline, render_text
from ui.app_state import answer_settings, build_filters, corpus_info, describe_filters, index_summary
from ui.app_views import Choices, render_answer, render_empty_index, render_export, render_sidebar

TITLE = "antwoord · research chat"
PROMPT = "Ask about the written consultations, e.g. what did the cabinet say about return hubs?"


@st.cache_resource(show_spinner="Loading the search index…", max_entries=4)
def _searcher(home: str, fingerprint: str, _settings: Settings):
    """One open index per home and index version, shared by reruns and sessions (loading the embedder is slow)."""
    from index.search import Searcher

    return Searcher.open(_settings)


def ask(question: str, settings: Settings, choices: Choices, history: list[Answer]) -> Answer | None:
    """Show the question, call answer() with progress and streaming, show the result; None on error."""
    from assistant.answer import answer

    with st.chat_message("user"):
        st.markdown(render_text(question))
    with st.chat_message("assistant"):
        stream = st.empty()
        tokens: list[str] = []

        def on_token(token: str) -> None:
            # Streams only in LLM mode; the extractive answer arrives whole.
            tokens.append(token)
            stream.markdown(answer_markdown("".join(tokens)) + " ▌")

        progress = st.empty()
        try:
            with progress.status("Searching the replies…", expanded=False) as status:
                searcher = _searcher(str(settings.home.resolve()), _index_version(settings), settings)
                result = answer(
                    question,
                    answer_settings(settings, choices.use_llm),
                    filters=build_filters(choices.document_ids, choices.dates, choices.factions),
                    history=history,
                    on_token=on_token,
                    searcher=searcher,
                )
                status.update(label=_status_label(result), state="complete")
        except AntwoordError as error:
            stream.empty()
            progress.empty()
            st.error(escape_inline(str(error)), icon=":material/error:")
            return None
        stream.empty()
        if result.abstained:
            progress.empty()  # a green "complete" check would read as success; the warning below says what happened
        render_answer(result, settings)
    return result


def _index_version(settings: Settings) -> str:
    """What changes when the index is rebuilt, so a cached searcher is not reused across versions."""
    status = index_summary(settings) or {}
    return f"{status.get('path')}|{status.get('corpus_fingerprint')}|{status.get('records')}"


def _status_label(result: Answer) -> str:
    """The progress box's final label."""
    cited = len(result.citations)
    return "No relevant reply found" if result.abstained else f"Answered from {cited} repl{'y' if cited == 1 else 'ies'}"


def main() -> None:
    """One run of the script: sidebar, conversation so far, and the new question if one was asked."""
    st.set_page_config(page_title=TITLE, page_icon=":material/forum:", layout="wide")
    settings = load_settings()
    turns: list[Answer] = st.session_state.setdefault("turns", [])
    info = corpus_info(settings)
    choices = render_sidebar(settings, info, index_summary(settings) if info else None)
    export_slot = st.sidebar.container()  # filled last, so the export includes this run's answer
    st.title(TITLE)
    if info is None:
        render_empty_index(settings)
        st.chat_input(PROMPT, disabled=True)
        render_export(export_slot, turns)
        return
    filters_text = describe_filters(choices.document_ids, choices.dates, choices.factions)
    if filters_text:
        st.caption(escape_inline(filters_text))
    start = min(st.session_state.setdefault("topic_start", 0), len(turns))
    for number, turn in enumerate(turns):
        if number == start and number > 0:
            st.caption("New topic: the questions below do not lean on the ones above.")
        with st.chat_message("user"):
            st.markdown(render_text(turn.question))
        with st.chat_message("assistant"):
            render_answer(turn, settings)
    question = st.chat_input(PROMPT) or st.session_state.pop("ask_again", None)
    if question and question.strip():
        result = ask(question, settings, choices, list(turns[start:]))
        if result is not None:
            turns.append(result)
    _topic_controls(turns)
    render_export(export_slot, turns)


def _topic_controls(turns: list[Answer]) -> None:
    """Under the last turn: re-ask it on its own when it was read as a follow-up; say when a new topic starts."""
    if turns and turns[-1].standalone_question:
        st.button(
            "Not a follow-up? Ask it again as a new question", key="ask_as_new", icon=":material/restart_alt:",
            on_click=_ask_again_as_new, args=(turns[-1].question,),
        )
    if turns and st.session_state.get("topic_start") == len(turns):
        st.caption("New topic: the next question is read on its own.")


def _ask_again_as_new(question: str) -> None:
    """The last turn was misread as a follow-up: start a new topic and ask it again on its own."""
    st.session_state["topic_start"] = len(st.session_state.get("turns", []))
    st.session_state["ask_again"] = question


main()
