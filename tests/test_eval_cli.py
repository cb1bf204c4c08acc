"""`antwoord eval` end to end on the indexed bundled corpus: exit codes, JSON, --out lines, report files."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eval.gold import GOLD_FILE
from ui.cli import app

runner = CliRunner()


def small_gold(tmp_path, count: int = 6) -> str:
    """The first questions of the bundled gold set plus its first unanswerable one, as a gold file."""
    lines = GOLD_FILE.read_text(encoding="utf-8").splitlines()
    unanswerable = next(line for line in lines if '"unanswerable"' in line)
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(lines[:count] + [unanswerable]) + "\n", encoding="utf-8")
    return str(path)


def test_bad_gold_line_is_one_error_line_naming_file_and_line(tmp_path, corpus_settings):
    path = tmp_path / "bad.jsonl"
    path.write_text(GOLD_FILE.read_text(encoding="utf-8").splitlines()[0] + "\n{oops\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(path), "--home", str(corpus_settings.home)])
    assert result.exit_code == 1
    assert f"Error: {path}:2: not valid JSON" in result.output


def test_unknown_retriever_is_an_error(tmp_path, corpus_settings):
    result = runner.invoke(app, ["eval", small_gold(tmp_path), "--retriever", "colbert", "--home", str(corpus_settings.home)])
    assert result.exit_code == 1
    assert "unknown retriever 'colbert'" in result.output


def test_json_report_out_lines_and_report_files(tmp_path, corpus_settings):
    out, folder = tmp_path / "results.jsonl", tmp_path / "report"
    result = runner.invoke(
        app,
        ["eval", small_gold(tmp_path), "--retriever", "bm25", "--k", "5", "--json", "--out", str(out),
         "--report", str(folder), "--home", str(corpus_settings.home)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["questions"] == 7 and report["k"] == 5
    (run,) = report["runs"]
    assert run["retriever"] == "bm25" and run["assistant"] is False
    assert 0.0 <= run["overall"]["recall_at_5"] <= 1.0 and run["overall"]["abstention_precision"] is None
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 7
    assert set(rows[0]) >= {"id", "question", "retrieved", "answer", "citations", "abstained"}
    assert 0 < len(rows[0]["retrieved"]) <= 5 and set(rows[0]["retrieved"][0]) == {"id", "text", "score"}
    assert (folder / "report.md").read_text(encoding="utf-8").startswith("# Evaluation report")
    assert (folder / "retrievers.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fail_under_exits_3_below_thresholds_and_0_when_met(tmp_path, corpus_settings):
    gold = small_gold(tmp_path)
    strict, lenient = tmp_path / "strict.json", tmp_path / "lenient.json"
    strict.write_text(json.dumps({"retriever": "bm25", "overall": {"recall_at_10": 1.01}}), encoding="utf-8")
    lenient.write_text(json.dumps({"retriever": "bm25", "overall": {"recall_at_10": 0.0}}), encoding="utf-8")
    base = ["eval", gold, "--retriever", "bm25", "--fail-under", "--home", str(corpus_settings.home)]
    failing = runner.invoke(app, base + ["--thresholds", str(strict)])
    assert failing.exit_code == 3
    assert "Below threshold: small: bm25 overall: recall_at_10" in failing.output
    passing = runner.invoke(app, base + ["--thresholds", str(lenient)])
    assert passing.exit_code == 0, passing.output
    assert "All thresholds met." in passing.output


def test_hybrid_run_scores_the_assistant(tmp_path, corpus_settings):
    out = tmp_path / "results.jsonl"
    result = runner.invoke(
        app, ["eval", small_gold(tmp_path, 3), "--retriever", "hybrid", "--json", "--out", str(out),
              "--home", str(corpus_settings.home)],
    )
    assert result.exit_code == 0, result.output
    (run,) = json.loads(result.stdout)["runs"]
    assert run["assistant"] is True and run["answer_mode"] == "extractive"
    assert run["overall"]["abstention_recall"] is not None
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(isinstance(row["abstained"], bool) and row["answer"] for row in rows)


def test_k_5_prints_the_columns_for_5(tmp_path, corpus_settings):
    result = runner.invoke(app, ["eval", small_gold(tmp_path), "--retriever", "bm25", "--k", "5",
                                 "--home", str(corpus_settings.home)])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if line.startswith("retriever"))
    assert "R@5" in header and "nDCG@5" in header and "R@10" not in header and "nDCG@10" not in header


def test_several_gold_files_run_side_by_side_with_user_kinds(tmp_path, corpus_settings):
    lines = GOLD_FILE.read_text(encoding="utf-8").splitlines()[:3]
    mine = tmp_path / "mine.jsonl"
    rows = [json.loads(line) | {"kind": "procedure", "lang": "nl-be"} for line in lines]
    mine.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    out, folder = tmp_path / "results.jsonl", tmp_path / "report"
    result = runner.invoke(app, ["eval", small_gold(tmp_path), str(mine), "--retriever", "bm25,hybrid-rrf", "--json",
                                 "--out", str(out), "--report", str(folder), "--home", str(corpus_settings.home)])
    assert result.exit_code == 0, result.output
    splits = json.loads(result.stdout)["splits"]
    assert [s["split"] for s in splits] == ["small", "mine"]
    assert [run["retriever"] for run in splits[1]["runs"]] == ["bm25", "hybrid-rrf"]
    assert list(splits[1]["runs"][0]["by_kind"]) == ["procedure"] and list(splits[1]["runs"][0]["by_lang"]) == ["nl-be"]
    assert {json.loads(line)["split"] for line in out.read_text(encoding="utf-8").splitlines()} == {"small", "mine"}
    assert "mine/report.md" in {str(p.relative_to(folder)) for p in folder.rglob("*.md")}
