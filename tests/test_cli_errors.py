"""The CLI's error paths, run through the real `antwoord` console script: non-zero exit, one line, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from tests.conftest import corpus_file
from tests.test_index_fixtures import fill_store

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "what did the cabinet say about return hubs?"


def antwoord(*args: str, home: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Run `antwoord ARGS` (the installed console script when there is one) with ANTWOORD_HOME=home."""
    script = Path(sys.executable).with_name("antwoord")
    base = [str(script)] if script.exists() else [sys.executable, "-c", "from ui.cli import main; main()"]
    env = {**os.environ, "ANTWOORD_HOME": str(home)}
    env.pop("ANTWOORD_DEBUG", None)
    return subprocess.run(base + list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def assert_one_line_error(result: subprocess.CompletedProcess, *, code: int | None = None, says: str = "") -> str:
    """A non-zero exit (or exactly code), stderr one 'Error: …' line containing says, no traceback anywhere."""
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode != 0 and (code is None or result.returncode == code), (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert says in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def store_home(tmp_path) -> Path:
    """A home with the small hand-made store (no index)."""
    settings = Settings(home=tmp_path / "home")
    fill_store(settings)
    return settings.home


def test_export_into_a_missing_folder(store_home, tmp_path):
    result = antwoord("export", "--jsonl", "-o", "missing_dir/records.jsonl", home=store_home, cwd=tmp_path)
    assert_one_line_error(result, code=1, says="folder missing_dir does not exist")


def test_eval_out_into_a_missing_folder(store_home, tmp_path):
    from index.build import update_index

    update_index(Settings(home=store_home), progress=False)  # eval checks the index first
    gold = ROOT / "eval" / "gold.jsonl"
    result = antwoord("eval", str(gold), "--out", "missing_dir/out.jsonl", home=store_home, cwd=tmp_path)
    assert_one_line_error(result, code=1, says="missing_dir")


def test_home_pointing_at_a_file(tmp_path):
    home = tmp_path / "home.txt"
    home.write_text("not a folder")
    result = antwoord("ingest", str(corpus_file("000")), "--no-progress", home=home, cwd=tmp_path)
    assert_one_line_error(result, code=1, says=str(home))
    for command in (["status"], ["export", "--jsonl"], ["search", QUESTION], ["ask", QUESTION]):
        assert_one_line_error(antwoord(*command, home=home, cwd=tmp_path), says=str(home))


def test_unreadable_inputs(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\xff\xfe" * 50)
    result = antwoord("ingest", str(binary), "--no-progress", "--no-index", home=tmp_path / "home", cwd=tmp_path)
    assert_one_line_error(result, code=1, says=str(binary))
    folder_as_gold = tmp_path / "gold_folder"
    folder_as_gold.mkdir()
    assert_one_line_error(antwoord("eval", str(folder_as_gold), home=tmp_path / "home", cwd=tmp_path))
    assert_one_line_error(antwoord("eval", str(tmp_path / "no_gold.jsonl"), home=tmp_path / "home", cwd=tmp_path))


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--since", "March 2025"], "--since 'March 2025' is not a date"),
        (["--until", "2025-13"], "--until '2025-13' is not a date"),
        (["--since", "2025-06", "--until", "2025-03"], "swap them"),
        (["--faction", "Geen-fractie"], "valid: "),
        (["--doc", "999"], "documents: "),
    ],
)
@pytest.mark.parametrize("command", ["search", "ask"])
def test_bad_filter_values_exit_2_in_one_style(store_home, tmp_path, command, options, says):
    result = antwoord(command, QUESTION, *options, home=store_home, cwd=tmp_path)
    assert_one_line_error(result, code=2, says=says)


def test_click_usage_errors_use_the_same_style(tmp_path):
    result = antwoord("ui", "--port", "70000", home=tmp_path / "home", cwd=tmp_path)
    assert_one_line_error(result, code=2, says="--port")
    result = antwoord("search", home=tmp_path / "home", cwd=tmp_path)
    assert_one_line_error(result, code=2, says="Missing argument")


def test_missing_index(tmp_path):
    assert_one_line_error(antwoord("search", QUESTION, home=tmp_path / "empty", cwd=tmp_path), code=1, says="ingest")
