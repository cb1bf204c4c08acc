"""Ingest files or folders into the record store: idempotent, one transaction per document, failures skipped.

Nothing is skipped silently: every file a folder holds is ingested, found unchanged, failed (with the
problem) or skipped (with the reason: hidden, unsupported type, empty, Word lock file).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, Field

from core.errors import IngestError
from core.models import Document, DocumentKind, Record, moved_to_document
from core.progress import progress_bar
from core.settings import Settings
from ingest import kamervragen
from ingest.doc_ids import DocumentIds, number_id
from ingest.layout import FALLBACK, PARSER_VERSION, detect, parse_document
from ingest.loaders import SUPPORTED_SUFFIXES, LoadedSource, load_source
from ingest.metadata import Metadata, describe
from ingest.store import RecordStore
from ingest.workers import ordered_map, worker_count


class SkippedFile(BaseModel):
    """A file a folder holds that was not ingested, and why."""

    path: str = Field(description="The file (or hidden folder) as found.")
    reason: str = Field(description="'hidden file', 'hidden folder (N files)', 'unsupported file type …', 'empty file'…")


class DocumentSummary(BaseModel):
    """What one file of this run became: its document id, layout, records per kind, warnings and date."""

    id: str = Field(description="Document id.")
    path: str = Field(description="The source file.")
    status: str = Field(description="'ingested' (new or changed) or 'unchanged'.")
    layout: str = Field(description="Parser layout used, e.g. 'kamervragen'; 'fallback' = paragraphs only.")
    kind: str = Field(description="Document kind, e.g. 'kamervragen'.")
    date: str | None = Field(default=None, description="Document date (ISO), if known.")
    date_estimated: bool = Field(default=False, description="True when the date is an estimate.")
    records_per_kind: dict[str, int] = Field(default_factory=dict, description="Record counts per record kind.")
    warnings: list[str] = Field(default_factory=list, description="Problems the parser survived.")


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
    skipped: list[SkippedFile] = Field(default_factory=list, description="Files in folders not ingested, and why.")
    per_document: list[DocumentSummary] = Field(
        default_factory=list, description="Each file ingested or unchanged now: id, layout, record counts, warnings."
    )

    @property
    def fell_back(self) -> list[DocumentSummary]:
        """Documents of this run stored as paragraphs because their layout was not recognised."""
        return [summary for summary in self.per_document if summary.layout == FALLBACK.name]


def find_files(paths: Iterable[Path | str], report: IngestReport) -> list[tuple[Path, Path | None]]:
    """(file, the folder it was found in or None) for files given and files in folders; the rest is reported."""
    found: dict[Path, Path | None] = {}
    for path in map(Path, paths):
        if path.is_dir():
            for file in _folder_files(path, report):
                found.setdefault(file, path)
        elif path.is_file():
            found.setdefault(path, None)
        else:
            report.errors.append(f"{path}: no such file or folder")
    return list(found.items())


def _folder_files(folder: Path, report: IngestReport) -> list[Path]:
    """The ingestible files under folder, sorted; hidden, unsupported and empty ones go to report.skipped."""
    hidden_folders: Counter[Path] = Counter()
    kept = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = file.relative_to(folder)
        hidden_dir = next((i for i, part in enumerate(relative.parts[:-1]) if part.startswith(".")), None)
        if hidden_dir is not None:
            hidden_folders[folder.joinpath(*relative.parts[:hidden_dir + 1])] += 1
            continue
        reason = _skip_reason(file)
        if reason:
            report.skipped.append(SkippedFile(path=str(file), reason=reason))
        else:
            kept.append(file)
    report.skipped += [SkippedFile(path=f"{hidden}/", reason=f"hidden folder ({count} file(s))")
                       for hidden, count in sorted(hidden_folders.items())]
    return kept


def _skip_reason(file: Path) -> str | None:
    """Why a file found in a folder is not ingested, or None when it is."""
    if file.name.startswith("~$"):
        return "Word lock file (temporary, not a document)"
    if file.name.startswith("."):
        return "hidden file"
    if file.suffix.lower() not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return f"unsupported file type '{file.suffix.lower() or '(none)'}' (supported: {supported})"
    if _is_empty(file):
        return "empty file"
    return None


def _is_empty(file: Path) -> bool:
    try:
        size = file.stat().st_size
        return size == 0 or (size < 1024 and not file.read_bytes().strip())
    except OSError:
        return False  # unreadable: loading it reports the problem


class FileTask(NamedTuple):
    """One file to ingest: its path id for this run and what the store holds for that id."""

    path: Path
    document_id: str
    stored: tuple[str, str] | None  # (source SHA-256, parser version) of the stored document, if any
    force: bool
    numbered: bool = False  # a new file: named after the number its text states, if any (ingest.doc_ids)


class ParsedFile(NamedTuple):
    """What reading and parsing one file gave, as strings, bytes and numbers (it may come from a worker process).

    JSON and the source text travel as UTF-8 bytes, the form SQLite stores: a worker encodes each once, and the
    main process, which writes them all, neither decodes them from the pipe nor encodes them again for SQLite.
    """

    error: str | None  # 'PATH: problem' when the file could not be ingested
    unchanged: bool  # same bytes and parser version as the stored document: nothing to write
    sha256: str = ""
    document_json: bytes = b""
    rows: list[tuple[str, str, int, bytes]] = []  # (record id, document id, ordinal, record JSON), in order
    source_text: bytes = b""
    summary_json: bytes = b""  # the DocumentSummary of the document
    document_id: str = ""  # the id parsed under: the task's path id, or a number id the main process settles


def ingest_paths(
    paths: Iterable[Path | str], settings: Settings, progress: bool = True, force: bool = False,
    workers: int | None = None,
) -> IngestReport:
    """Ingest files and folders into settings.store_path; unchanged files are skipped unless force.

    workers: processes that parse (default: one per core for a run of many files, else this process alone).
    """
    report = IngestReport()
    files = find_files(paths, report)
    report.files = len(files)
    store = RecordStore(settings.store_path)
    stored = store.documents()
    ids = DocumentIds({doc.id: doc.source_path for doc in stored})
    versions = {doc.id: (doc.source_sha256, doc.parser_version) for doc in stored}
    tasks = []
    for path, folder in files:  # path ids in file order, before any parsing, so they do not depend on the workers
        document_id = ids.assign(path, folder)
        tasks.append(FileTask(path, document_id, versions.get(document_id), force, document_id not in versions))
    with ordered_map(parse_file, tasks, worker_count(len(tasks), workers)) as results, \
            progress_bar(progress) as bar, store.batch():
        task = bar.add_task("Ingesting", total=len(files)) if bar else None
        for file, parsed in zip(tasks, results):
            if bar:
                bar.update(task, description=f"Ingesting {file.path.name}")
            _store_one(file, _settled(file, parsed, ids), store, report)
            if bar:
                bar.advance(task)
    report.failed = len(report.errors)
    return report


def parse_file(task: FileTask) -> ParsedFile:
    """Read and parse one file; any failure becomes one 'PATH: problem' error (the batch goes on)."""
    path = task.path
    try:
        source = load_source(path)
        if not task.force and task.stored == (source.sha256, PARSER_VERSION):
            return ParsedFile(None, True, document_id=task.document_id)
        document, records = build_document(path, task.document_id, source, numbered=task.numbered)
        rows = [(r.id, r.document_id, r.ordinal, json_bytes(r)) for r in records]
        summary = _summary(document, records, "ingested")
        return ParsedFile(None, False, source.sha256, json_bytes(document), rows, source.text_utf8(),
                          json_bytes(summary), document.id)
    except IngestError as error:
        return ParsedFile(str(error), False)
    except Exception as error:  # a parser bug must not stop the batch; the message says which file and what
        return ParsedFile(f"{path}: could not be parsed ({type(error).__name__}: {error})", False)


def _settled(file: FileTask, parsed: ParsedFile, ids: DocumentIds) -> ParsedFile:
    """parsed, once its number id is this file's (in file order); else the same document renamed to its path id."""
    if parsed.error is not None or parsed.unchanged or parsed.document_id == file.document_id:
        return parsed
    if ids.claim(parsed.document_id, file.path):
        return parsed
    # Another file of this run (the same text as .txt and .docx) or of the store states the same number: the same
    # document and records under the path id (renamed here: parsing it again would cost the main process a parse).
    return _renamed(parsed, file.document_id)


def _renamed(parsed: ParsedFile, document_id: str) -> ParsedFile:
    """parsed as parse_file would have made it under document_id."""
    document = Document.model_validate_json(parsed.document_json).model_copy(update={"id": document_id})
    records = [moved_to_document(Record.model_validate_json(row[3]), document_id) for row in parsed.rows]
    rows = [(r.id, r.document_id, r.ordinal, json_bytes(r)) for r in records]
    return parsed._replace(document_json=json_bytes(document), rows=rows, document_id=document_id,
                           summary_json=json_bytes(_summary(document, records, "ingested")))


def json_bytes(model: BaseModel) -> bytes:
    """model.model_dump_json() encoded as UTF-8: pydantic makes these bytes and model_dump_json decodes them."""
    return model.__pydantic_serializer__.to_json(model)


def _store_one(file: FileTask, parsed: ParsedFile, store: RecordStore, report: IngestReport) -> None:
    """Write one parsed file to the store (in the main process) and account for it in the report."""
    if parsed.error is not None:
        report.errors.append(parsed.error)
        return
    if parsed.unchanged:
        report.unchanged += 1
        stored = store.document(parsed.document_id)
        if stored is not None:
            report.per_document.append(_summary(stored, store.records(parsed.document_id), "unchanged"))
        return
    try:
        store.replace_serialised(parsed.document_id, parsed.sha256, parsed.document_json, parsed.rows,
                                 parsed.source_text)
    except Exception as error:  # same message as a parser failure: the file is named and the batch goes on
        report.errors.append(f"{file.path}: could not be parsed ({type(error).__name__}: {error})")
        return
    summary = DocumentSummary.model_validate_json(parsed.summary_json)
    report.documents += 1
    report.records += len(parsed.rows)
    report.document_ids.append(parsed.document_id)
    report.warnings.extend(f"{file.path}: {warning}" for warning in summary.warnings)
    report.per_document.append(summary)


def _summary(document: Document, records: list[Record], status: str) -> DocumentSummary:
    return DocumentSummary(
        id=document.id, path=document.source_path, status=status, layout=document.layout, kind=document.kind.value,
        date=document.date.isoformat() if document.date else None, date_estimated=document.date_estimated,
        records_per_kind=dict(sorted(Counter(r.kind.value for r in records).items())), warnings=document.warnings,
    )


def build_document(
    path: Path, document_id: str, source: LoadedSource | str, sha256: str = "", numbered: bool = False
) -> tuple[Document, list[Record]]:
    """Parse a loaded source into its Document and records (metadata from the text, else from the file's head).

    numbered: name the document after the own number its metadata reads (ingest.doc_ids), else document_id. The
    metadata is read before the records are made, so they are made once, under the id chosen.
    """
    if isinstance(source, str):
        source = LoadedSource(source, sha256)
    text = source.text
    head = kamervragen.head_facts(source.meta)
    layout = detect(text)
    meta = _metadata(text, layout.kind, head)
    chosen = _own_id(meta, document_id) if numbered else document_id
    parsed = parse_document(text, chosen, layout)
    if parsed.layout is not layout:  # recognised, but no records: stored as paragraphs, described as such
        meta = _metadata(text, parsed.layout.kind, head)
        if numbered and _own_id(meta, document_id) != chosen:  # e.g. Kamervragen whose Aanhangsel number now lapses
            chosen = _own_id(meta, document_id)
            parsed = parsed._replace(records=[moved_to_document(record, chosen) for record in parsed.records])
    kind = parsed.layout.kind
    document = Document(
        id=chosen,
        title=meta.title,
        kind=kind,
        date=meta.date or head.get("date"),
        date_estimated=meta.date_estimated if meta.date else False,
        kamerstukken=meta.kamerstukken,
        refers_to_kamerstukken=meta.refers_to_kamerstukken,
        aanhangsel=meta.aanhangsel,
        committee=meta.committee,
        sender=meta.sender,
        source_path=str(path),
        source_sha256=source.sha256,
        layout=parsed.layout.name,
        parser_version=PARSER_VERSION,
        warnings=parsed.warnings,
    )
    return document, parsed.records


def _metadata(text: str, kind: DocumentKind, head: dict) -> Metadata:
    return kamervragen.describe(text, head) if kind is DocumentKind.KAMERVRAGEN else describe(text, kind)


def _own_id(meta: Metadata, path_id: str) -> str:
    """The id after the document's own full number, or its path id when it states none."""
    return number_id(meta.kamerstukken, meta.aanhangsel) or path_id
