"""Ingest files or folders into the record store: idempotent, one transaction per document, failures skipped."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from core.errors import IngestError
from core.models import Document, Record
from core.progress import progress_bar
from core.settings import Settings
from ingest.layout import parse_document
from ingest.loaders import SUPPORTED_SUFFIXES, load_source
from ingest.metadata import describe
from ingest.store import RecordStore


class IngestReport(BaseModel):
    """What one ingest run did; every error and warning names its file."""

    files: int = Field(default=0, description="Files looked at (found in the given files and folders).")
    documents: int = Field(default=0, description="Documents ingested now (new or changed).")
    unchanged: int = Field(default=0, description="Files skipped because their SHA-256 was already stored.")
    failed: int = Field(default=0, description="Files that could not be ingested (see errors).")
    records: int = Field(default=0, description="Records written for the documents ingested now.")
    document_ids: list[str] = Field(default_factory=list, description="Ids of the documents ingested now.")
    warnings: list[str] = Field(default_factory=list, description="'PATH: problem' the parser survived.")
    errors: list[str] = Field(default_factory=list, description="'PATH: problem' for each file that failed.")


def find_files(paths: Iterable[Path | str], report: IngestReport) -> list[Path]:
    """Files given directly plus the supported files in given folders (recursive, sorted); missing paths are errors."""
    found: dict[Path, None] = {}
    for path in map(Path, paths):
        if path.is_dir():
            inside = (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            found.update(dict.fromkeys(sorted(p for p in inside if not _hidden(p.relative_to(path)))))
        elif path.is_file():
            found[path] = None
        else:
            report.errors.append(f"{path}: no such file or folder")
    return list(found)


def _hidden(relative: Path) -> bool:
    """True for files inside dot-folders or dot-files (e.g. .antwoord/, .git/)."""
    return any(part.startswith(".") for part in relative.parts)


def ingest_paths(
    paths: Iterable[Path | str], settings: Settings, progress: bool = True, force: bool = False
) -> IngestReport:
    """Ingest files and folders into settings.store_path; unchanged files are skipped unless force."""
    report = IngestReport()
    files = find_files(paths, report)
    report.files = len(files)
    store = RecordStore(settings.store_path)
    seen: dict[str, Path] = {}
    with progress_bar(progress) as bar:
        task = bar.add_task("Ingesting", total=len(files)) if bar else None
        for path in files:
            if bar:
                bar.update(task, description=f"Ingesting {path.name}")
            _ingest_one(path, store, report, seen, force)
            if bar:
                bar.advance(task)
    report.failed = len(report.errors)
    return report


def _ingest_one(path: Path, store: RecordStore, report: IngestReport, seen: dict[str, Path], force: bool) -> None:
    """Ingest one file into the store; any failure becomes one 'PATH: problem' error and the batch goes on."""
    document_id = path.stem
    if document_id in seen:
        report.errors.append(f"{path}: document id '{document_id}' is already taken by {seen[document_id]}; rename one")
        return
    seen[document_id] = path
    try:
        source = load_source(path)
        if not force and store.source_sha256(document_id) == source.sha256:
            report.unchanged += 1
            return
        document, records = build_document(path, document_id, source.text, source.sha256)
        store.replace_document(document, records, source.text)
    except IngestError as error:
        report.errors.append(str(error))
        return
    except Exception as error:  # a parser bug must not stop the batch; the message says which file and what
        report.errors.append(f"{path}: could not be parsed ({type(error).__name__}: {error})")
        return
    report.documents += 1
    report.records += len(records)
    report.document_ids.append(document_id)
    report.warnings.extend(f"{path}: {warning}" for warning in document.warnings)


def build_document(path: Path, document_id: str, text: str, sha256: str) -> tuple[Document, list[Record]]:
    """Parse a loaded source text into its Document and records."""
    parsed = parse_document(text, document_id)
    meta = describe(text, parsed.layout.kind)
    document = Document(
        id=document_id,
        title=meta.title,
        kind=parsed.layout.kind,
        date=meta.date,
        date_estimated=meta.date_estimated,
        kamerstukken=meta.kamerstukken,
        committee=meta.committee,
        sender=meta.sender,
        source_path=str(path),
        source_sha256=sha256,
        layout=parsed.layout.name,
        warnings=parsed.warnings,
    )
    return document, parsed.records
