"""`antwoord ingest`, `status` and `export`: exit codes, summaries, JSON keys and JSON lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import corpus_file
from ui import cli_ingest

EXPORT_KEYS = {
    "id", "kind", "document_id", "document_title", "date", "source_path", "source_sha256", "faction", "question",
    "text", "footnotes", "refers_to", "duplicates_of", "char_start", "char_end", "line_start", "line_end",
}


@pytest.fixture
def app() -> typer.Typer:
    """Only this module's commands, so the tests do not depend on the other command groups."""
    app = typer.Typer()
    cli_ingest.register(app)
    return app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for prefix in ("002", "003"):
        shutil.copy(corpus_file(prefix), folder / corpus_file(prefix).name)
    return folder


def test_ingest_prints_a_summary_and_exits_0(app, runner, seeds):
    result = runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "Ingested 2 document(s) with 12 record(s); 0 unchanged, 0 failed, 0 skipped, 0 warning(s)." in result.stdout
    again = runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    assert again.exit_code == 0
    assert "Ingested 0 document(s) with 0 record(s); 2 unchanged, 0 failed" in again.stdout


def test_ingest_with_a_bad_file_lists_it_and_exits_1(app, runner, seeds):
    bad = seeds / "kapot.txt"
    bad.write_bytes("één".encode("latin-1", errors="replace") + b"\xe9\xe8")
    result = runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    assert result.exit_code == 1
    assert "Ingested 2 document(s) with 12 record(s); 0 unchanged, 1 failed" in result.stdout
    assert f"Error: {bad}: not UTF-8 text" in result.stderr
    status = json.loads(runner.invoke(app, ["status", "--json"]).stdout)
    assert [d["id"] for d in status["documents"]] == ["002_4df700ba5a49d8e6", "kst-32317-QC"]  # 003 states its number


def test_ingest_json_report(app, runner, seeds, tmp_path):
    (tmp_path / "notulen.md").write_text("Notulen\n\nEen regel.\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(seeds), str(tmp_path / "notulen.md"), "--no-index", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"files", "documents", "unchanged", "failed", "records", "document_ids", "warnings", "errors",
            "index", "index_error"} <= set(report)
    assert (report["documents"], report["records"], report["index"]) == (3, 14, None)
    assert report["warnings"] == [f"{tmp_path / 'notulen.md'}: layout not recognised: stored one 'paragraph' "
                                  "record per paragraph (no questions or factions)"]


def test_ingest_updates_the_index_and_prints_its_summary(app, runner, seeds, monkeypatch):
    calls = []

    def fake_update_index(settings, progress=True, rebuild=False):
        calls.append((settings.home, rebuild))
        return {"embedded": 12, "records": 12}

    monkeypatch.setattr("index.build.update_index", fake_update_index)
    result = runner.invoke(app, ["ingest", str(seeds), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert calls == [(Path(os.environ["ANTWOORD_HOME"]), False)]
    assert "Index: embedded=12, records=12" in result.stdout
    rebuilt = runner.invoke(app, ["ingest", str(seeds), "--no-progress", "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert calls[-1] == (Path(os.environ["ANTWOORD_HOME"]), True)


def test_a_failing_index_update_keeps_the_ingest_and_exits_1(app, runner, seeds, monkeypatch):
    from core.errors import IndexMismatchError

    def broken_update_index(settings, progress=True, rebuild=False):
        raise IndexMismatchError("index built with embedder 'x'; run antwoord ingest --force")

    monkeypatch.setattr("index.build.update_index", broken_update_index)
    result = runner.invoke(app, ["ingest", str(seeds), "--no-progress"])
    assert result.exit_code == 1
    assert "Ingested 2 document(s) with 12 record(s)" in result.stdout
    assert "Error: index not updated: index built with embedder 'x'" in result.stderr
    as_json = runner.invoke(app, ["ingest", str(seeds), "--json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["index_error"].startswith("index built with embedder 'x'")


def test_status_counts_records_per_kind(app, runner, seeds):
    runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    result = runner.invoke(app, ["status", "--json"])
    assert result.exit_code == 0
    status = json.loads(result.stdout)
    assert set(status) == {"home", "records", "records_per_kind", "warnings", "documents", "index"}
    assert status["records"] == 12
    assert status["records_per_kind"] == {"letter_section": 7, "reply": 5}
    letter = status["documents"][0]
    assert (letter["layout"], letter["records"], letter["date"]) == ("letter", 7, "2024-05-16")
    text = runner.invoke(app, ["status"])
    assert text.exit_code == 0
    assert "Documents: 2, records: 12" in text.stdout and "reply: 5" in text.stdout


def test_status_of_an_empty_home(app, runner):
    result = runner.invoke(app, ["status", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"] == []


def test_export_writes_one_json_line_per_record(app, runner, seeds, tmp_path):
    runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    result = runner.invoke(app, ["export", "--jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 12
    assert all(EXPORT_KEYS <= set(row) for row in rows)
    reply = next(row for row in rows if row["kind"] == "reply" and row["heading"] == "5")
    assert reply["faction"] == "JA21" and reply["date"] == "2026-05-06"
    assert reply["footnotes"] == [{"number": "8", "text": "Kamerstukken II, 2025-2026, nr. 32 317."}]
    out = tmp_path / "records.jsonl"
    to_file = runner.invoke(app, ["export", "--jsonl", "--output", str(out)])
    assert to_file.exit_code == 0 and "Wrote 12 record(s)" in to_file.stderr
    assert out.read_text(encoding="utf-8") == result.stdout


def test_missing_path_is_an_error(app, runner, tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nergens"), "--no-index", "--no-progress"])
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'nergens'}: no such file or folder" in result.stderr


def test_installed_command_ingests_and_reports_status(tmp_path):
    command = Path(sys.executable).parent / "antwoord"
    env = {**os.environ, "ANTWOORD_HOME": str(tmp_path / "home")}
    ingest = subprocess.run([str(command), "ingest", str(corpus_file("003")), "--no-index", "--no-progress"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert ingest.returncode == 0, ingest.stderr
    assert "Ingested 1 document(s) with 5 record(s)" in ingest.stdout
    status = subprocess.run([str(command), "status", "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["records_per_kind"] == {"reply": 5}


def test_ingest_lists_each_document_and_each_skipped_file(app, runner, seeds):
    (seeds / "tabel.xlsx").write_bytes(b"PK\x03\x04")
    (seeds / "leeg.md").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "0 failed, 2 skipped, 0 warning(s)." in result.stdout
    assert "- 002_4df700ba5a49d8e6 [letter] 7 letter_section; 2024-05-16; 0 warning(s)" in result.stdout
    assert "- kst-32317-QC [ek_brief] 5 reply; 2026-05-06; 0 warning(s)" in result.stdout
    assert f"Skipped: {seeds / 'leeg.md'} (empty file)" in result.stdout
    assert f"Skipped: {seeds / 'tabel.xlsx'} (unsupported file type '.xlsx'" in result.stdout
    report = json.loads(runner.invoke(app, ["ingest", str(seeds), "--no-index", "--json"]).stdout)
    assert [(s["path"], s["reason"]) for s in report["skipped"]][0] == (str(seeds / "leeg.md"), "empty file")
    assert [(d["id"][:3], d["status"], d["records_per_kind"]) for d in report["per_document"]] == [
        ("002", "unchanged", {"letter_section": 7}), ("kst", "unchanged", {"reply": 5}),
    ]


def test_strict_exits_1_when_a_document_fell_back_to_paragraphs(app, runner, seeds):
    (seeds / "notulen.txt").write_text("Notulen\n\nAanwezig waren tien leden.\n", encoding="utf-8")
    lenient = runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    assert lenient.exit_code == 0
    assert "- notulen [fallback] 2 paragraph; undated; 1 warning(s); stored as paragraphs" in lenient.stdout
    strict = runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress", "--strict"])
    assert strict.exit_code == 1
    assert "Error: --strict: 1 document(s) stored as paragraphs (layout not recognised): notulen" in strict.stderr
    (seeds / "notulen.txt").unlink()
    assert runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress", "--strict"]).exit_code == 0


def test_status_lists_layout_counts_warnings_and_date_per_document(app, runner, seeds, tmp_path):
    shutil.copy(corpus_file("000"), seeds / corpus_file("000").name)
    runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    text = runner.invoke(app, ["status"]).stdout
    assert "- 000_a253e434b74c966f [tk_antwoord] 54 reply; c. 2025-03-07 (estimated); 0 warning(s)" in text
    assert "- 002_4df700ba5a49d8e6 [letter] 7 letter_section; 2024-05-16; 0 warning(s)" in text
    documents = {d["id"][:3]: d for d in json.loads(runner.invoke(app, ["status", "--json"]).stdout)["documents"]}
    seed = documents["000"]
    assert (seed["date"], seed["date_estimated"], seed["records_per_kind"]) == ("2025-03-07", True, {"reply": 54})
    # The agenda the report discusses is mentioned, not its own number; the report states none.
    assert seed["kamerstuk"] is None and seed["refers_to_kamerstukken"][0] == "32317 nr. 932"
    assert (documents["kst"]["kamerstuk"], documents["002"]["kamerstuk"]) == ("32317 QC", None)
    assert documents["002"]["refers_to_kamerstukken"][:1] == ["32317 nr. 872"]


def test_export_carries_own_and_mentioned_numbers_and_the_parsed_text(app, runner, seeds, tmp_path):
    shutil.copy(Path(__file__).parent / "fixtures" / "ingest" / "kamervragen_officieel.html", seeds / "nareis.html")
    runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    texts = tmp_path / "teksten"
    texts.mkdir()
    result = runner.invoke(app, ["export", "--jsonl", "--sources", str(texts)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert all({"kamerstuk", "refers_to_kamerstukken", "aanhangsel", "date_estimated", "document_kind", "layout",
                "members", "question_numbers", "source_text_file"} <= set(row) for row in rows)
    html = [row for row in rows if row["document_id"] == "ah-tk-20242025-2345"]  # named after its Aanhangsel number
    assert [(r["document_kind"], r["aanhangsel"], r["question_numbers"]) for r in html][1] == (
        "kamervragen", "ah-tk-20242025-2345", ["2", "3"])
    for row in rows:  # the exported text is what the offsets point into: a citation opens in place
        source = Path(row["source_text_file"]).read_text(encoding="utf-8")
        assert source[row["char_start"]:row["char_end"]].startswith(row["text"].split()[0])


def test_export_to_a_missing_folder_is_one_line(app, runner, seeds, tmp_path):
    runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress"])
    result = runner.invoke(app, ["export", "--jsonl", "-o", str(tmp_path / "nergens" / "records.jsonl")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "does not exist" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_home_that_is_a_file_is_one_line(app, runner, seeds, tmp_path):
    home = tmp_path / "thuis"
    home.write_text("geen map", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(seeds), "--no-index", "--no-progress", "--home", str(home)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "point ANTWOORD_HOME" in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
