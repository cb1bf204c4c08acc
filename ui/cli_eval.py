"""CLI commands: eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from core.settings import load_settings
from eval.metrics import Metrics
from eval.runner import EvalReport, QuestionResult
from ui.cli_common import handle_errors, print_json

HOME_OPTION = typer.Option(None, "--home", envvar="ANTWOORD_HOME", help="Data folder (default ./.antwoord).")
EXIT_BELOW_THRESHOLD = 3
SUMMARY_COLUMNS = (
    "recall_at_1", "recall_at_5", "recall_at_10", "mrr", "ndcg_at_10",
    "abstention_precision", "abstention_recall", "citation_precision", "citation_hit_rate",
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("eval")(eval_command)


@handle_errors
def eval_command(
    gold: Path = typer.Argument(..., help="Gold file: one JSON question a line (see eval/gold.jsonl)."),
    k: int = typer.Option(10, "--k", "-k", help="Units retrieved per question."),
    retriever: str = typer.Option(
        "all", "--retriever", help="hybrid, dense, bm25, naive, a comma-separated list, or all (default)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the whole report as JSON (runs with metrics)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write one JSON line per question and retriever here."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write report.md, retrievers.png, report.json here."),
    fail_under: bool = typer.Option(
        False, "--fail-under", help=f"Exit {EXIT_BELOW_THRESHOLD} when the thresholds file is not met."
    ),
    thresholds: Optional[Path] = typer.Option(
        None, "--thresholds", help="Thresholds file for --fail-under (default eval/thresholds.json)."
    ),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Score retrieval and answers against a gold file. Example: antwoord eval eval/gold.jsonl --report docs/eval

    Needs an ingested, indexed corpus (antwoord ingest data/corpus). --out lines: {"retriever", "id", "question",
    "retrieved": [{"id", "text", "score"}], "answer", "citations": [{"id", "text"}], "abstained", "mode"}.
    """
    from eval.gold import load_gold
    from eval.runner import parse_retrievers
    from eval.thresholds import THRESHOLDS_FILE, failures, load_thresholds

    items, names = load_gold(gold), parse_retrievers(retriever)
    limits = load_thresholds(thresholds or THRESHOLDS_FILE) if fail_under else None
    result = _evaluate(items, load_settings(home=home), names, k, str(gold), out)
    if report:
        from eval.report import write_report

        for path in write_report(result, report):
            typer.echo(f"wrote {path}", err=True)
    if as_json:
        print_json(result)
    else:
        _print_summary(result)
    if limits is not None:
        _check(result, limits, failures)


def _evaluate(items, settings, names: list[str], k: int, gold: str, out: Path | None) -> EvalReport:
    """Run the evaluation, streaming per-question lines to out when given and progress to stderr."""
    from eval.runner import evaluate

    sink = out.open("w", encoding="utf-8") if out else None
    try:
        return evaluate(
            items, settings, names, k=k, gold_path=gold,
            on_result=(lambda r: _write_line(sink, r)) if sink else None,
            on_progress=lambda message: typer.echo(message, err=True),
        )
    finally:
        if sink:
            sink.close()


def _write_line(sink, result: QuestionResult) -> None:
    """One question's result as a JSON line with the full reply texts."""
    sink.write(json.dumps(result.model_dump(mode="json"), ensure_ascii=False) + "\n")


def _print_summary(report: EvalReport) -> None:
    """A plain table: one row per retriever, overall metrics."""
    typer.echo(f"{report.questions} questions from {report.gold}, top {report.k}")
    typer.echo("retriever  " + "  ".join(f"{name:>20}" for name in SUMMARY_COLUMNS))
    for run in report.runs:
        typer.echo(f"{run.retriever:<9}  " + "  ".join(f"{_fmt(run.overall, name):>20}" for name in SUMMARY_COLUMNS))


def _fmt(metrics: Metrics, name: str) -> str:
    """A metric for the summary table; '-' when it does not apply."""
    value = getattr(metrics, name)
    return "-" if value is None else f"{value:.3f}"


def _check(report: EvalReport, limits, failures) -> None:
    """Exit EXIT_BELOW_THRESHOLD with one line per failing metric; say so when all pass."""
    problems = failures(report, limits)
    if problems:
        for problem in problems:
            typer.echo(f"Below threshold: {problem}", err=True)
        raise typer.Exit(code=EXIT_BELOW_THRESHOLD)
    typer.echo("All thresholds met.", err=True)
