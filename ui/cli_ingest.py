"""CLI commands: ingest, status, export."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from core.errors import AntwoordError
from core.settings import Settings, load_settings
from ui.cli_common import handle_errors, print_json

HOME_OPTION = typer.Option(None, "--home", envvar="ANTWOORD_HOME", help="Data folder (default ./.antwoord).")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("ingest")(ingest)
    app.command("status")(status)
    app.command("export")(export)


@handle_errors
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .pdf, .html); folders recursively."),
    force: bool = typer.Option(False, "--force", help="Re-parse files even when their SHA-256 is unchanged."),
    index: bool = typer.Option(True, "--index/--no-index", help="Update the search index afterwards."),
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Rebuild the index from scratch (e.g. after changing ANTWOORD_EMBEDDER)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (keys: see docs/cli.md)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Ingest documents into the store, then update the index. Example: antwoord ingest data/corpus

    Exit code 0 when every file was ingested or unchanged; 1 when any file failed or the index update failed.
    Failed files are listed and skipped: the other files are still ingested and indexed.
    """
    from ingest.pipeline import ingest_paths

    settings = load_settings(home=home)
    report = ingest_paths(paths, settings, progress=progress and not as_json, force=force)
    if not as_json:
        _print_ingest_summary(report)
    index_summary, index_error = _update_index(settings, progress and not as_json, rebuild) if index else (None, None)
    if as_json:
        print_json({**report.model_dump(mode="json"), "index": index_summary, "index_error": index_error})
    elif index_summary is not None:
        typer.echo("Index: " + ", ".join(f"{key}={value}" for key, value in index_summary.items()))
    if index_error:
        typer.echo(f"Error: index not updated: {index_error}", err=True)
    if report.errors or index_error:
        raise typer.Exit(code=1)


def _update_index(settings: Settings, progress: bool, rebuild: bool) -> tuple[dict | None, str | None]:
    """Run index.build.update_index: (its summary or None, None) or (None, the error message)."""
    from index.build import update_index

    try:
        return update_index(settings, progress=progress, rebuild=rebuild), None
    except AntwoordError as error:  # the records are stored; say so instead of losing the ingest report
        return None, str(error)


def _print_ingest_summary(report) -> None:
    """Human summary: counts, then each warning and error on its own line."""
    typer.echo(
        f"Ingested {report.documents} document(s) with {report.records} record(s); "
        f"{report.unchanged} unchanged, {report.failed} failed, {len(report.warnings)} warning(s)."
    )
    for warning in report.warnings:
        typer.echo(f"Warning: {warning}")
    for error in report.errors:
        typer.echo(f"Error: {error}", err=True)


@handle_errors
def status(
    as_json: bool = typer.Option(False, "--json", help="Print JSON (keys: see docs/cli.md)."),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Show documents, records per kind, warnings and the index. Example: antwoord status --json"""
    settings = load_settings(home=home)
    data = store_status(settings)
    if as_json:
        print_json(data)
        return
    typer.echo(f"Home: {data['home']}")
    typer.echo(f"Documents: {len(data['documents'])}, records: {data['records']}")
    for kind, count in data["records_per_kind"].items():
        typer.echo(f"  {kind}: {count}")
    for document in data["documents"]:
        typer.echo(f"- {document['id']} [{document['layout']}] {document['records']} record(s): {document['title']}")
        for warning in document["warnings"]:
            typer.echo(f"    warning: {warning}")
    index_info = data["index"]
    typer.echo("Index: " + (", ".join(f"{k}={v}" for k, v in index_info.items()) if index_info else "none"))


def store_status(settings: Settings) -> dict:
    """Documents with record counts, records per kind, warnings and index_status() as one dict."""
    from index.status import index_status
    from ingest.store import RecordStore

    documents, records = [], []
    if settings.store_path.exists():
        store = RecordStore(settings.store_path)
        documents, records = store.documents(), store.records()
    per_document = Counter(record.document_id for record in records)
    per_kind = Counter(record.kind.value for record in records)
    return {
        "home": str(settings.home),
        "records": len(records),
        "records_per_kind": dict(sorted(per_kind.items())),
        "warnings": [f"{doc.id}: {warning}" for doc in documents for warning in doc.warnings],
        "documents": [
            {
                "id": doc.id, "title": doc.title, "kind": doc.kind.value, "layout": doc.layout,
                "date": doc.date.isoformat() if doc.date else None, "records": per_document[doc.id],
                "source_path": doc.source_path, "source_sha256": doc.source_sha256, "warnings": doc.warnings,
            }
            for doc in documents
        ],
        "index": index_status(settings),
    }


@handle_errors
def export(
    jsonl: bool = typer.Option(True, "--jsonl", help="One JSON object per record per line (the only format)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Export every record with its document's metadata as JSON lines. Example: antwoord export --jsonl -o out.jsonl"""
    settings = load_settings(home=home)
    lines = [json.dumps(row, ensure_ascii=False) for row in export_rows(settings)]
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {len(lines)} record(s) to {output}", err=True)


def export_rows(settings: Settings) -> list[dict]:
    """Every record as a flat dict with its document's title, date, kamerstuk and source, in store order."""
    from ingest.store import RecordStore

    if not settings.store_path.exists():
        return []
    store = RecordStore(settings.store_path)
    documents = {doc.id: doc for doc in store.documents()}
    rows = []
    for record in store.records():
        doc = documents[record.document_id]
        row = {
            "id": record.id, "kind": record.kind.value, "document_id": record.document_id,
            "document_title": doc.title, "date": doc.date.isoformat() if doc.date else None,
            "kamerstuk": doc.kamerstukken[0] if doc.kamerstukken else None,
            "source_path": doc.source_path, "source_sha256": doc.source_sha256,
        }
        row.update(record.model_dump(mode="json", exclude={"id", "kind", "document_id"}))
        rows.append(row)
    return rows
