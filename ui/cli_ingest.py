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
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .pdf, .html, .docx); folders recursively."),
    force: bool = typer.Option(False, "--force", help="Re-parse files even when their SHA-256 is unchanged."),
    index: bool = typer.Option(True, "--index/--no-index", help="Update the search index afterwards."),
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Rebuild the index from scratch (e.g. after changing ANTWOORD_EMBEDDER)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON (keys: see docs/cli.md)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when a document's layout was not recognised (stored as paragraphs only)."
    ),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Ingest documents into the store, then update the index. Example: antwoord ingest data/corpus

    Exit code 0 when every file was ingested or unchanged; 1 when any file failed or the index update failed,
    or with --strict when a document fell back to paragraphs. Failed and skipped files are listed with why.
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
    fell_back = report.fell_back if strict else []
    if fell_back:
        typer.echo(f"Error: --strict: {len(fell_back)} document(s) stored as paragraphs (layout not recognised): "
                   f"{', '.join(summary.id for summary in fell_back)}; check them or ingest without --strict", err=True)
    if report.errors or index_error or fell_back:
        raise typer.Exit(code=1)


def _update_index(settings: Settings, progress: bool, rebuild: bool) -> tuple[dict | None, str | None]:
    """Run index.build.update_index: (its summary or None, None) or (None, the error message)."""
    from index.build import update_index

    try:
        return update_index(settings, progress=progress, rebuild=rebuild), None
    except AntwoordError as error:  # the records are stored; say so instead of losing the ingest report
        return None, str(error)


def _print_ingest_summary(report) -> None:
    """Human summary: counts, one line per document, then each skipped file, warning and error."""
    typer.echo(
        f"Ingested {report.documents} document(s) with {report.records} record(s); "
        f"{report.unchanged} unchanged, {report.failed} failed, {len(report.skipped)} skipped, "
        f"{len(report.warnings)} warning(s)."
    )
    for summary in report.per_document:
        typer.echo(_document_line(summary.id, summary.layout, summary.records_per_kind, summary.date,
                                  summary.date_estimated, len(summary.warnings), summary.status))
    for skipped in report.skipped:
        typer.echo(f"Skipped: {skipped.path} ({skipped.reason})")
    for warning in report.warnings:
        typer.echo(f"Warning: {warning}")
    for error in report.errors:
        typer.echo(f"Error: {error}", err=True)


def _document_line(doc_id: str, layout: str, per_kind: dict[str, int], date: str | None, estimated: bool,
                   warnings: int, status: str | None = None) -> str:
    """'- 000_a25… [tk_antwoord] 54 reply; c. 2025-03-07 (estimated); 0 warning(s)' (+ ', unchanged')."""
    from datetime import date as Date

    from core.models import date_label

    counts = ", ".join(f"{count} {kind}" for kind, count in per_kind.items()) or "no records"
    when = date_label(Date.fromisoformat(date) if date else None, estimated)
    note = "; stored as paragraphs: layout not recognised" if layout == "fallback" else ""
    tail = f", {status}" if status == "unchanged" else ""
    return f"- {doc_id} [{layout}] {counts}; {when}; {warnings} warning(s){note}{tail}"


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
        typer.echo(_document_line(document["id"], document["layout"], document["records_per_kind"], document["date"],
                                  document["date_estimated"], len(document["warnings"])))
        typer.echo(f"    {document['title']}")
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
    kinds_of: dict[str, Counter] = {}
    for record in records:
        kinds_of.setdefault(record.document_id, Counter())[record.kind.value] += 1
    return {
        "home": str(settings.home),
        "records": len(records),
        "records_per_kind": dict(sorted(per_kind.items())),
        "warnings": [f"{doc.id}: {warning}" for doc in documents for warning in doc.warnings],
        "documents": [
            {
                "id": doc.id, "title": doc.title, "kind": doc.kind.value, "layout": doc.layout,
                "date": doc.date.isoformat() if doc.date else None, "date_estimated": doc.date_estimated,
                "records": per_document[doc.id],
                "records_per_kind": dict(sorted(kinds_of.get(doc.id, Counter()).items())),
                **_citation_fields(doc),
                "source_path": doc.source_path, "source_sha256": doc.source_sha256, "warnings": doc.warnings,
            }
            for doc in documents
        ],
        "index": index_status(settings),
    }


def _citation_fields(doc) -> dict:
    """The document's own number (kamerstuk or aanhangsel) and the numbers it only mentions."""
    return {
        "kamerstuk": doc.kamerstukken[0] if doc.kamerstukken else None,
        "aanhangsel": doc.aanhangsel,
        "refers_to_kamerstukken": doc.refers_to_kamerstukken,
    }


@handle_errors
def export(
    jsonl: bool = typer.Option(True, "--jsonl", help="One JSON object per record per line (the only format)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    sources: Optional[Path] = typer.Option(
        None, "--sources", help="Also write each document's parsed text (what char_start/char_end point into) "
        "to FOLDER/<document id>.txt; rows then name it in 'source_text_file'.",
    ),
    home: Optional[Path] = HOME_OPTION,
) -> None:
    """Export every record with its document's metadata as JSON lines. Example: antwoord export --jsonl -o out.jsonl"""
    settings = load_settings(home=home)
    rows = export_rows(settings)
    if sources is not None:
        written = _write_sources(settings, sources)
        for row in rows:
            row["source_text_file"] = written[row["document_id"]]
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        typer.echo(f"Wrote {len(lines)} record(s) to {output}", err=True)


def _write_sources(settings: Settings, folder: Path) -> dict[str, str]:
    """Write every document's stored text to folder/<id>.txt; document id → that file's path."""
    from ingest.store import RecordStore

    if not folder.is_dir():
        raise AntwoordError(f"--sources {folder}: no such folder; create it first (mkdir -p {folder})")
    written = {}
    if settings.store_path.exists():
        store = RecordStore(settings.store_path)
        for doc in store.documents():
            target = folder / f"{doc.id}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)  # ids of files in subfolders hold a '/'
            write_atomic(target, store.source_text(doc.id))
            written[doc.id] = str(target)
    return written


def write_atomic(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder, so a reader never sees half a file."""
    import os
    import tempfile

    if not path.parent.is_dir():
        raise AntwoordError(f"cannot write {path}: folder {path.parent} does not exist; create it or choose another path")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
            "document_title": doc.title, "document_kind": doc.kind.value, "layout": doc.layout,
            "date": doc.date.isoformat() if doc.date else None, "date_estimated": doc.date_estimated,
            **_citation_fields(doc),
            "source_path": doc.source_path, "source_sha256": doc.source_sha256,
        }
        row.update(record.model_dump(mode="json", exclude={"id", "kind", "document_id"}))
        rows.append(row)
    return rows
