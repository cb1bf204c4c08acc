"""`antwoord ask` and `antwoord chat` over the real ingested and indexed corpus: exit codes, output, JSON keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.extractive import EXTRACTIVE_INTRO
from assistant.prompts import NO_ANSWER
from core.settings import Settings
from tests.llm_server import free_port
from ui import cli_ask

ROOT = Path(__file__).resolve().parents[1]
RETURN_HUBS = "what did the cabinet say about return hubs?"
DUBLIN = "How many Dublin transfers to Italy took place in 2025?"
KEY = "sk-antwoord-cli-test-91b7e2c4f0-unique"
ANSWER_KEYS = {"question", "answer", "mode", "abstained", "notice", "citations"}
CITATION_KEYS = {
    "n", "id", "kind", "document_title", "date", "date_estimated", "kamerstuk", "refers_to_kamerstukken", "faction",
    "question", "reply", "char_start", "char_end", "line_start", "line_end", "score",
}


@pytest.fixture
def app() -> typer.Typer:
    """Only this module's commands."""
    app = typer.Typer()
    cli_ask.register(app)
    return app


@pytest.fixture
def run(app, corpus_settings, monkeypatch):
    """Invoke the CLI against the indexed corpus; returns the click Result."""
    monkeypatch.setenv("ANTWOORD_HOME", str(corpus_settings.home))

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(app, list(args), input=input)

    return invoke


def test_ask_return_hubs_quotes_the_cabinet_with_citations(run):
    result = run("ask", RETURN_HUBS)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(EXTRACTIVE_INTRO)
    assert "[1] " in result.stdout and "Sources:" in result.stdout
    data = json.loads(run("ask", RETURN_HUBS, "--json").stdout)
    replies = " ".join(c["reply"] for c in data["citations"]).lower()
    assert "terugkeerhub" in replies or "return hub" in replies
    for citation in data["citations"]:  # quoted verbatim: the quoted sentences occur in the reply and the output
        assert citation["quotes"] and all(q in citation["reply"] and f"> {q}" in result.stdout for q in citation["quotes"])


def test_ask_json_keys_are_stable(run):
    result = run("ask", RETURN_HUBS, "--json", "--k", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert ANSWER_KEYS <= set(data) and data["mode"] == "extractive" and data["abstained"] is False
    assert data["citations"] and all(CITATION_KEYS <= set(c) for c in data["citations"])
    assert [c["n"] for c in data["citations"]] == list(range(1, len(data["citations"]) + 1))
    assert data["settings"]["k"] == 3


def test_ask_unanswerable_question_abstains(run):
    result = run("ask", DUBLIN)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(NO_ANSWER)
    assert "Nearest, not an answer:" in result.stdout and "Sources:" not in result.stdout
    data = json.loads(run("ask", DUBLIN, "--json").stdout)
    assert data["abstained"] is True and data["answer"] == NO_ANSWER
    assert data["citations"] == [] and data["nearest"]


def test_ask_with_llm_endpoint_down_prints_extractive_answer_and_notice(corpus_settings):
    env = {**os.environ, "ANTWOORD_HOME": str(corpus_settings.home), "OPENAI_API_KEY": KEY,
           "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1"}
    command = [sys.executable, "-c", "from ui.cli import main; main()", "ask", RETURN_HUBS]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Notice: LLM endpoint http://127.0.0.1:")
    assert "could not connect" in result.stdout and EXTRACTIVE_INTRO in result.stdout and "[1] " in result.stdout
    assert KEY not in result.stdout + result.stderr


def test_ask_filters(run):
    data = json.loads(run("ask", RETURN_HUBS, "--json", "--faction", "PVV").stdout)
    assert data["citations"] and {c["faction"] for c in data["citations"]} == {"PVV"}
    data = json.loads(run("ask", RETURN_HUBS, "--json", "--doc", "000_a253e434b74c966f").stdout)
    assert data["citations"] and all(c["id"].startswith("000_a253e434b74c966f:") for c in data["citations"])
    by_prefix = json.loads(run("ask", RETURN_HUBS, "--json", "--doc", "000").stdout)
    assert [c["id"] for c in by_prefix["citations"]] == [c["id"] for c in data["citations"]]


def test_ask_keeps_every_faction_and_reads_aliases(run):
    data = json.loads(run("ask", RETURN_HUBS, "--json", "--k", "10", "--faction", "pvv", "--faction", "GL-PvdA").stdout)
    shown = {c["faction"] for c in data["citations"] + data["nearest"]}
    assert shown and shown <= {"PVV", "GroenLinks-PvdA"}


def test_ask_filter_that_matches_nothing_abstains_and_lists_what_there_is(run):
    result = run("ask", RETURN_HUBS, "--json", "--since", "2030")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["abstained"] is True and data["nearest"] == []
    assert data["notice"] == "No reply matches the filters."
    text = run("ask", RETURN_HUBS, "--since", "2030").stdout
    assert "No replies match these filters (since 2030-01-01)" in text
    assert "Factions in the index: " in text and "GroenLinks-PvdA" in text and "000_a253e434b74c966f (" in text


def test_ask_bad_date_is_a_one_line_usage_error(run):
    result = run("ask", RETURN_HUBS, "--since", "March 2025")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: --since 'March 2025' is not a date; write a day, month or year: 2025-03-07, 2025-03 or 2025"
    )


def test_ask_empty_question_is_an_error(run):
    result = run("ask", "   ")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")


def test_chat_reads_stdin_and_rewrites_follow_ups(run):
    result = run("chat", input=f"{RETURN_HUBS}\nand what about Uganda?\nexit\nnot asked\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count(EXTRACTIVE_INTRO) == 2
    assert "(Understood as a follow-up: what did the cabinet say about Uganda? Type /new if it is not.)" in result.stdout
    assert "not asked" not in result.stdout
    assert "/new starts a new topic" in result.stderr  # the one-line hint


def _turns(run, *lines: str) -> list[dict]:
    """Run a chat with --json and return its JSON lines (answers and command replies)."""
    result = run("chat", "--json", input="".join(line + "\n" for line in lines))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _mentions(answer: dict, *words: str) -> bool:
    """True when any cited (or nearest) reply or its question mentions one of the words."""
    texts = [(c["reply"] + " " + c["question"]).lower() for c in answer["citations"] + answer["nearest"]]
    return any(word in text for text in texts for word in words)


def test_chat_follow_ups_as_a_researcher_expects(run):
    """The four cases of the issue, on the real corpus: follow-ups change the topic, a full question stands alone."""
    hubs, uganda, syria, returned, new, fresh = _turns(
        run, RETURN_HUBS, "and what about Uganda?", "and for Syria?", "Hoeveel Syriërs zijn teruggekeerd?", "/new",
        "and what about Uganda?",
    )
    assert uganda["standalone_question"] == "what did the cabinet say about Uganda?"
    assert _mentions(uganda, "uganda", "oeganda")
    assert [c["id"] for c in uganda["citations"]] != [c["id"] for c in hubs["citations"]]
    assert syria["standalone_question"] == "what did the cabinet say about Syria?"
    assert _mentions(syria, "syri") and not _mentions(syria, "oeganda", "uganda")
    assert returned["standalone_question"] is None, "a question with its own subject stands alone"
    assert _mentions(returned, "syri") and not _mentions(returned, "oeganda", "uganda")
    assert new == {"command": "new", "message": "New topic: the next question is read on its own."}
    assert fresh["standalone_question"] is None, "after /new nothing is glued on"


def test_chat_help_and_unknown_commands(run):
    result = run("chat", input="/help\n/whatever\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("/new   start a new topic") == 2 and "Unknown command '/whatever'" in result.stdout


def test_chat_json_lines_until_eof(run):
    result = run("chat", "--json", input=f"{RETURN_HUBS}\n\n{DUBLIN}\n")
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [a["question"] for a in answers] == [RETURN_HUBS, DUBLIN]
    assert [a["abstained"] for a in answers] == [False, True]


UNKNOWN_LAYOUT = """Notitie over terugkeerbeleid

Het kabinet onderzoekt met partnerlanden buiten de Europese Unie of terugkeerhubs kunnen helpen bij de terugkeer van afgewezen asielzoekers.

Een terugkeerhub moet voldoen aan de eisen van het internationaal recht en de mensenrechten van de betrokkenen eerbiedigen.

De Kamer wordt voor de zomer geïnformeerd over de uitkomsten van deze verkenning.
"""


def test_paragraphs_of_an_unrecognised_layout_are_passages_not_minister_replies(tmp_path, monkeypatch):
    from index.build import update_index
    from ingest.pipeline import ingest_paths

    note = tmp_path / "notitie.txt"
    note.write_text(UNKNOWN_LAYOUT, encoding="utf-8")
    settings = Settings(home=tmp_path / "home")
    ingest_paths([note], settings, progress=False)
    update_index(settings, progress=False)
    monkeypatch.setenv("ANTWOORD_HOME", str(settings.home))
    app = typer.Typer()
    cli_ask.register(app)
    question = "Wat onderzoekt het kabinet over terugkeerhubs met partnerlanden?"
    data = json.loads(CliRunner().invoke(app, ["ask", question, "--json"]).stdout)
    shown = data["citations"] + data["nearest"]
    assert shown and {c["kind"] for c in shown} == {"paragraph"}
    text = CliRunner().invoke(app, ["ask", question]).stdout
    assert "passage of" in text and "fractie" not in text and "letter section" not in text
