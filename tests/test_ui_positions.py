"""The research chat (streamlit AppTest, real corpus, real assistant) shows the position overview: one block per
document, newest first, each quoted sentence a verbatim quote."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "ui" / "app.py"
QUESTION = "what did the cabinet say about return hubs?"
TIMEOUT = 180  # the first question loads the embedder
# 'date · document title[ · Kamerstuk K]' opens a block; a reply line starts with '[n]', a quote with '>'.
BLOCK_HEADER = re.compile(r"^(c\. )?(\d{4}-\d{2}-\d{2})( \(estimated\))? · (.+?)(?: · Kamerstuk [^·]*)?$", re.MULTILINE)


def unescaped(markdown: str) -> str:
    """Rendered Markdown back to plain lines: bold markers (document lines), hard-break spaces and backslash
    escapes removed."""
    plain = re.sub(r"(?<!\\)\*\*", "", markdown)
    return re.sub(r"\\(.)", r"\1", plain).replace("  \n", "\n")


def test_return_hubs_overview_shows_document_blocks_newest_first(corpus_settings, monkeypatch):
    monkeypatch.setenv("ANTWOORD_HOME", str(corpus_settings.home))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    at.chat_input[0].set_value(QUESTION).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    (turn,) = at.session_state["turns"]
    assert not turn.abstained and len(turn.positions) == 4
    shown = "\n".join(unescaped(m.value) for m in at.chat_message[1].markdown)
    headers = BLOCK_HEADER.findall(shown)
    assert [day for _, day, _, _ in headers] == [p.date.isoformat() for p in turn.positions]
    assert [day for _, day, _, _ in headers] == sorted((day for _, day, _, _ in headers), reverse=True)
    assert [title for _, _, _, title in headers] == [p.document_title for p in turn.positions]
    for citation in turn.citations:
        assert f"[{citation.n}] " in shown
        for quote in citation.quotes:
            assert quote.splitlines()[0] in shown and quote in citation.reply
