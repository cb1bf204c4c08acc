"""CLI commands: search."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from core.models import Evidence, RecordKind, about_label, date_label
from core.settings import load_settings
from ui.cli_common import (
    DOC_HELP,
    FACTION_HELP,
    SINCE_HELP,
    UNTIL_HELP,
    OptionError,
    handle_errors,
    make_filters,
    no_match_message,
    print_json,
)

HOME_OPTION = typer.Option(None, "--home", envvar="ANTWOORD_HOME", help="Data folder (default ./.antwoord).")
QUESTION_PREVIEW = 240
MODES = ("hybrid", "dense", "bm25")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("search")(search)


def result_row(evidence: Evidence) -> dict:
    """One result as the JSON row documented in `antwoord search --help`."""
    record, document = evidence.record, evidence.document
    return {
        "id": record.id, "kind": record.kind.value, "score": evidence.score, "dense_score": evidence.dense_score,
        "via": evidence.via, "faction": record.faction, "document_id": record.document_id,
        "document_title": document.title, "kamerstuk": document.kamerstukken[0] if document.kamerstukken else None,
        "refers_to_kamerstukken": list(getattr(document, "refers_to_kamerstukken", [])),
        "date": document.date.isoformat() if document.date else None, "date_estimated": document.date_estimated,
        "question": record.question, "text": record.text, "line_start": record.line_start,
        "line_end": record.line_end,
    }


def header(n: int, evidence: Evidence, numbers: dict[str, int]) -> str:
    """'1. PVV | document | Kamerstuk … | date | lines a-b | cosine 0.847', saying when a reference brought it along."""
    row = result_row(evidence)
    who = f"passage of {row['document_title']}" if evidence.record.kind == RecordKind.PARAGRAPH else None
    parts = [who or row["faction"] or "-"] + ([] if who else [row["document_title"]])
    if row["kamerstuk"]:
        parts.append(f"Kamerstuk {row['kamerstuk']}")
    if row["refers_to_kamerstukken"]:
        parts.append(about_label(row["refers_to_kamerstukken"]))
    parts += [date_label(evidence.document.date, row["date_estimated"]), f"lines {row['line_start']}-{row['line_end']}"]
    if row["dense_score"] is not None:
        parts.append(f"cosine {row['dense_score']:.3f}")
    if row["via"]:
        by = f"result {numbers[row['via']]}" if row["via"] in numbers else row["via"]
        parts.append(f"brought along: {by} refers to it")
    return f"{n}. " + " | ".join(parts)


def _print_result(n: int, evidence: Evidence, numbers: dict[str, int]) -> None:
    """Human form: header line; the question; the reply text."""
    row = result_row(evidence)
    typer.secho(header(n, evidence, numbers), bold=True)
    typer.echo(f"   id: {row['id']}")
    if row["question"]:
        question = " ".join(row["question"].split())
        clipped = question if len(question) <= QUESTION_PREVIEW else question[:QUESTION_PREVIEW] + " …"
        typer.echo(f"   Question: {clipped}")
    typer.echo("   " + row["text"].strip().replace("\n", "\n   ") + "\n")


@handle_errors
def search(
    query: str = typer.Argument(..., help="The question, in English or Dutch."),
    k: int = typer.Option(5, "--k", "-k", min=1, help="Number of replies to return (plus replies they refer to)."),
    as_json: bool = typer.Option(False, "--json", help='Print {"query", "results": [{"id", "score", ...}]}.'),
    faction: list[str] = typer.Option([], "--faction", help=FACTION_HELP),
    doc: list[str] = typer.Option([], "--doc", help=DOC_HELP),
    since: Optional[str] = typer.Option(None, "--since", help=SINCE_HELP),
    until: Optional[str] = typer.Option(None, "--until", help=UNTIL_HELP),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid (default), dense or bm25."),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Find the replies that answer a question. Example: antwoord search "what about return hubs?" --k 3

    JSON rows: {"id", "kind", "score", "dense_score", "via", "faction", "document_id", "document_title",
    "kamerstuk", "refers_to_kamerstukken", "date", "date_estimated", "question", "text", "line_start",
    "line_end"}. A reply that another result refers to is brought along beyond --k, with "via" set to that result's id.
    """
    from index.search import Searcher

    if mode not in MODES:
        raise OptionError(f"--mode {mode!r} is not a search mode; use hybrid, dense or bm25")
    settings = load_settings(home=home)
    filters = make_filters(settings, faction, doc, since, until)
    results = Searcher.open(settings).search(query, k=k, filters=filters, mode=mode)
    if as_json:
        print_json({"query": query, "results": [result_row(evidence) for evidence in results]})
        return
    if not results:
        typer.echo(no_match_message(settings, filters) if filters is not None else "No replies found.")
    numbers = {evidence.record.id: n for n, evidence in enumerate(results, start=1)}
    for n, evidence in enumerate(results, start=1):
        _print_result(n, evidence, numbers)
