"""CLI commands: search."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer

from core.errors import AntwoordError
from core.models import Evidence
from core.settings import load_settings
from ui.cli_common import handle_errors, print_json

HOME_OPTION = typer.Option(None, "--home", envvar="ANTWOORD_HOME", help="Data folder (default ./.antwoord).")
QUESTION_PREVIEW = 240


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("search")(search)


def _parse_day(value: str | None, option: str) -> date | None:
    """An ISO date (YYYY-MM-DD) from an option, or an error naming the option and the value."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise AntwoordError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-06") from None


def result_row(evidence: Evidence) -> dict:
    """One result as the JSON row documented in `antwoord search --help`."""
    record, document = evidence.record, evidence.document
    return {
        "id": record.id, "score": evidence.score, "dense_score": evidence.dense_score, "via": evidence.via,
        "faction": record.faction, "document_id": record.document_id, "document_title": document.title,
        "date": document.date.isoformat() if document.date else None, "question": record.question,
        "text": record.text, "line_start": record.line_start, "line_end": record.line_end,
    }


def _print_result(n: int, evidence: Evidence) -> None:
    """Human form: header line with faction, document, date, lines and score; the question; the reply text."""
    row = result_row(evidence)
    cosine = f", cosine {row['dense_score']:.3f}" if row["dense_score"] is not None else ""
    via = f" (referred to by {row['via']})" if row["via"] else ""
    typer.secho(
        f"{n}. {row['faction'] or '-'} | {row['document_title']} | {row['date'] or 'undated'} | "
        f"lines {row['line_start']}-{row['line_end']} | score {row['score']:.4f}{cosine}{via}",
        bold=True,
    )
    typer.echo(f"   id: {row['id']}")
    if row["question"]:
        question = " ".join(row["question"].split())
        clipped = question if len(question) <= QUESTION_PREVIEW else question[:QUESTION_PREVIEW] + " …"
        typer.echo(f"   Question: {clipped}")
    typer.echo("   " + row["text"].strip().replace("\n", "\n   ") + "\n")


@handle_errors
def search(
    query: str = typer.Argument(..., help="The question, in English or Dutch."),
    k: int = typer.Option(5, "--k", "-k", help="Number of replies to return."),
    as_json: bool = typer.Option(False, "--json", help='Print {"query", "results": [{"id", "score", ...}]}.'),
    faction: list[str] = typer.Option([], "--faction", help="Only replies to this faction; repeatable."),
    doc: list[str] = typer.Option([], "--doc", help="Only this document id; repeatable."),
    since: Optional[str] = typer.Option(None, "--since", help="Only documents dated on/after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Only documents dated on/before YYYY-MM-DD."),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid (default), dense or bm25."),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Find the replies that answer a question. Example: antwoord search "what about return hubs?" --k 3

    JSON rows: {"id", "score", "dense_score", "via", "faction", "document_id", "document_title", "date",
    "question", "text", "line_start", "line_end"}. A reply that another result refers to has "via" set.
    """
    from index.search import Searcher, SearchFilters

    settings = load_settings(home=home)
    filters = SearchFilters(
        factions=faction or None, document_ids=doc or None,
        since=_parse_day(since, "--since"), until=_parse_day(until, "--until"),
    )
    has_filter = any(value is not None for value in filters.model_dump().values())
    results = Searcher.open(settings).search(query, k=k, filters=filters if has_filter else None, mode=mode)
    if as_json:
        print_json({"query": query, "results": [result_row(evidence) for evidence in results]})
        return
    if not results:
        typer.echo("No replies found" + (" with these filters." if has_filter else "."))
    for n, evidence in enumerate(results, start=1):
        _print_result(n, evidence)
