"""SQLite store of documents and records: the hand-over from ingest to every later stage."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from core.errors import AntwoordError
from core.models import Document, Record

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source_sha256 TEXT NOT NULL,
    json TEXT NOT NULL,
    source_text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_by_document ON records(document_id, ordinal);
"""
PAGE_SIZE = 16384


class RecordStore:
    """Documents, their source text and their records; each document is replaced in one transaction.

    Each call opens its own connection, except inside `batch()`, which keeps one open for a run of calls
    (an ingest of many files): opening, checkpointing and closing per file cost more than parsing it.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as error:
            raise AntwoordError(
                f"{self.path.parent} cannot hold the store: a file stands in its path; "
                "point ANTWOORD_HOME (or --home) at a folder"
            ) from error
        self._shared: sqlite3.Connection | None = None
        with self._connect() as db:
            # WAL: a commit appends to the log instead of rewriting pages; with synchronous=NORMAL a crash can
            # lose the last commits but never corrupts the store, and the store is rebuilt by re-ingesting.
            # A new store gets 16 KB pages (an existing one keeps its own): a document's source text and records
            # span a quarter of the pages, so the log and its checkpoints take a quarter of the system calls
            # (an ingest of 1,000 seed-sized files: 0.45 -> 0.29 s of system time in the process that stores).
            db.execute(f"PRAGMA page_size={PAGE_SIZE}")
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def batch(self):
        """Keep one connection open for the calls made inside the block; each write still commits on its own."""
        if self._shared is not None:
            yield self
            return
        self._shared = self._open()
        try:
            yield self
        finally:
            self._shared.close()
            self._shared = None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    @contextmanager
    def _connect(self):
        if self._shared is not None:
            with self._shared:  # commits on success, rolls back on error
                yield self._shared
            return
        db = self._open()
        try:
            with db:  # commits on success, rolls back on error
                yield db
        finally:
            db.close()

    def replace_document(self, document: Document, records: list[Record], source_text: str) -> None:
        """Store a document and its records, replacing whatever that document had before."""
        rows = [(r.id, r.document_id, r.ordinal, r.model_dump_json()) for r in records]
        self.replace_serialised(document.id, document.source_sha256, document.model_dump_json(), rows, source_text)

    def replace_serialised(self, document_id: str, sha256: str, document_json: str | bytes,
                           rows: list[tuple[str, str, int, str | bytes]], source_text: str | bytes) -> None:
        """replace_document for a document and records already serialised: rows are (id, document id, ordinal, JSON).

        The JSON and the source text may be given as UTF-8 bytes: CAST(? AS TEXT) stores them as the same text a
        str would give (SQLite keeps text as UTF-8), without decoding and encoding them again here.
        """
        with self._connect() as db:
            db.execute("DELETE FROM records WHERE document_id = ?", (document_id,))
            db.execute(
                "INSERT OR REPLACE INTO documents (id, source_sha256, json, source_text) "
                "VALUES (?, ?, CAST(? AS TEXT), CAST(? AS TEXT))",
                (document_id, sha256, document_json, source_text),
            )
            db.executemany(
                "INSERT INTO records (id, document_id, ordinal, json) VALUES (?, ?, ?, CAST(? AS TEXT))", rows
            )

    def source_sha256(self, document_id: str) -> str | None:
        """The stored file hash of a document, or None when it was never ingested."""
        with self._connect() as db:
            row = db.execute("SELECT source_sha256 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def documents(self) -> list[Document]:
        """All documents, ordered by id."""
        with self._connect() as db:
            rows = db.execute("SELECT json FROM documents ORDER BY id").fetchall()
        return [Document.model_validate_json(row[0]) for row in rows]

    def document(self, document_id: str) -> Document | None:
        """One document by id, or None."""
        with self._connect() as db:
            row = db.execute("SELECT json FROM documents WHERE id = ?", (document_id,)).fetchone()
        return Document.model_validate_json(row[0]) if row else None

    def source_text(self, document_id: str) -> str:
        """The text the record offsets point into (decoded file, or text extracted from PDF/HTML)."""
        with self._connect() as db:
            row = db.execute("SELECT source_text FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise KeyError(document_id)
        return row[0]

    def records(self, document_id: str | None = None) -> list[Record]:
        """All records (or one document's), in document then source order."""
        query = "SELECT json FROM records"
        params: tuple = ()
        if document_id is not None:
            query += " WHERE document_id = ?"
            params = (document_id,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY document_id, ordinal", params).fetchall()
        return [Record.model_validate_json(row[0]) for row in rows]

    def record(self, record_id: str) -> Record | None:
        """One record by id, or None."""
        with self._connect() as db:
            row = db.execute("SELECT json FROM records WHERE id = ?", (record_id,)).fetchone()
        return Record.model_validate_json(row[0]) if row else None
