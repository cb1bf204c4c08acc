"""The research chat in LLM mode against the REAL llama.cpp server on loopback, and the switch back to extractive."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_ui_app import APP, QUESTION, ask, citation_cards, media  # noqa: F401 - media is a fixture

pytestmark = pytest.mark.llm

TIMEOUT = 600  # one answer from the 270M model on a shared core takes 20-60 s


def test_llm_mode_answers_through_the_endpoint_then_extractive_on_request(
    corpus_settings, llama_server, monkeypatch, media  # noqa: F811
):
    monkeypatch.setenv("ANTWOORD_HOME", str(corpus_settings.home))
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server.base_url)
    monkeypatch.setenv("ANTWOORD_LLM_MODEL", llama_server.model)
    monkeypatch.setenv("ANTWOORD_LLM_MAX_TOKENS", "96")
    monkeypatch.setenv("ANTWOORD_LLM_TIMEOUT", "300")
    monkeypatch.setenv("ANTWOORD_TOP_K", "3")  # a short prompt keeps one answer near 20 s on one core
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    mode = at.sidebar.radio(key="mode")
    assert not mode.disabled and mode.value == "LLM"
    assert any("127.0.0.1" in c.value for c in at.sidebar.caption), "the sidebar names the endpoint's host"

    started = time.monotonic()
    ask(at, QUESTION)
    print(f"LLM-mode answer in the app: {time.monotonic() - started:.1f} s")
    (turn,) = at.session_state["turns"]
    assert not turn.abstained and turn.citations
    if turn.mode == "llm":
        assert any(c.value.startswith("Written by") for c in at.caption)
    else:  # the small model's answer could not be verified: the app must say why it fell back
        assert turn.notice and any(i.value for i in at.info)
    assert len(citation_cards(at)) == len(turn.citations)

    at.sidebar.radio(key="mode").set_value("Extractive").run()
    ask(at, "what did the cabinet say about Uganda?")
    second = at.session_state["turns"][1]
    assert second.mode == "extractive" and second.settings.get("llm_model") is None
