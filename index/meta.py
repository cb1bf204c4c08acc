"""The index's own copy of documents, records and passages, in SQLite (meta.sqlite in the index folder).

SQLite instead of JSON lines so that a search process looks records up on demand: a million passages loaded as
Python objects would take several GB, while a search needs a few dozen of them.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from core.models import Document, Record
from index.passages import Chunking, Passage, build_passages

META_FILE = "meta.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, digest BLOB NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS passages (row INTEGER PRIMARY KEY, record_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
                                     embed_hash TEXT NOT NULL, lexical_text TEXT NOT NULL);
"""
_INDEXES = "CREATE INDEX IF NOT EXISTS passages_by_record ON passages(record_id);"
RECORD_CACHE = 4096  # records kept parsed in a search process (a page of results needs tens)


class MetaWriter:
    """Writes meta.sqlite inside a fresh build folder; atomicity comes from the folder swap, so no journal."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)

    def add_documents(self, documents: list[tuple[str, str]]) -> None:
        """(id, json) pairs; an existing id is replaced."""
        self.db.executemany("INSERT OR REPLACE INTO documents (id, json) VALUES (?, ?)", documents)

    def add_records(self, records: list[tuple[str, bytes, str]]) -> None:
        """(id, digest, json) triples."""
        self.db.executemany("INSERT INTO records (id, digest, json) VALUES (?, ?, ?)", records)

    def add_passages(self, passages: list[Passage]) -> None:
        """Where each passage row comes from, and its BM25 text (for rebuilds). The chunk and embedded text are
        not stored: they are cut again from the record (PassageTable), which keeps a 1M index ~4 GB smaller."""
        self.db.executemany(
            "INSERT INTO passages (row, record_id, ordinal, embed_hash, lexical_text) VALUES (?, ?, ?, ?, ?)",
            [(p.row, p.record_id, p.ordinal, p.embed_hash, p.lexical_text) for p in passages],
        )

    def close(self) -> None:
        """Index the passages by record, commit and close."""
        self.db.executescript(_INDEXES)
        self.db.commit()
        self.db.close()


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that keeps working after the folder is swapped away (immutable: no locks)."""
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    db.execute("SELECT count(*) FROM documents").fetchone()  # opens the file now, before any swap
    return db


class MetaReader:
    """Lookups in meta.sqlite; safe to share between threads (one lock around the connection)."""

    def __init__(self, path: Path, chunking: Chunking | None = None):
        self.path = path
        self._db = _connect_readonly(path)
        self._lock = threading.Lock()
        self.records = RecordTable(self)
        self.passages = PassageTable(self, chunking or Chunking())

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """All rows of one query."""
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def stream(self, sql: str, params: tuple = (), size: int = 10_000) -> Iterator[tuple]:
        """Rows of one query, fetched in batches on a connection of their own (long scans do not block search)."""
        db = _connect_readonly(self.path)
        try:
            cursor = db.execute(sql, params)
            while batch := cursor.fetchmany(size):
                yield from batch
        finally:
            db.close()

    def documents(self) -> dict[str, Document]:
        """Every document by id (thousands at most, so loaded whole)."""
        return {row[0]: Document.model_validate_json(row[1]) for row in self.query("SELECT id, json FROM documents")}

    def record_of_row(self) -> list[str]:
        """Record id of every passage row, in row order."""
        return [row[0] for row in self.stream("SELECT record_id FROM passages ORDER BY row")]

    def rows_of(self, record_id: str) -> list[int]:
        """Passage rows of one record."""
        return [row[0] for row in self.query("SELECT row FROM passages WHERE record_id = ?", (record_id,))]

    def digests(self) -> dict[str, bytes]:
        """Record id -> digest of its JSON and its document's JSON (what an update compares)."""
        return dict(self.stream("SELECT id, digest FROM records"))

    def embed_rows(self) -> dict[str, int]:
        """embed_hash -> a passage row holding that vector."""
        return {row[0]: row[1] for row in self.stream("SELECT embed_hash, row FROM passages")}

    def lexical_texts(self) -> Iterator[str]:
        """BM25 text of every passage, in row order."""
        return (row[0] for row in self.stream("SELECT lexical_text FROM passages ORDER BY row"))

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


class RecordTable(Mapping):
    """Records by id, read from meta.sqlite on demand (a dict-like view; iteration reads them all)."""

    def __init__(self, meta: MetaReader):
        self._meta = meta
        self._count = meta.query("SELECT count(*) FROM records")[0][0]
        self._cached = functools.lru_cache(maxsize=RECORD_CACHE)(self._load)

    def __getitem__(self, record_id: str) -> Record:
        return self._cached(record_id)

    def _load(self, record_id: str) -> Record:
        rows = self._meta.query("SELECT json FROM records WHERE id = ?", (record_id,))
        if not rows:
            raise KeyError(record_id)
        return Record.model_validate_json(rows[0][0])

    def __contains__(self, record_id: object) -> bool:
        return bool(self._meta.query("SELECT 1 FROM records WHERE id = ?", (record_id,)))

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._meta.stream("SELECT id FROM records ORDER BY id"))

    def __len__(self) -> int:
        return self._count

    def values(self) -> Iterator[Record]:  # type: ignore[override] - one scan instead of a lookup per id
        return (Record.model_validate_json(row[0]) for row in self._meta.stream("SELECT json FROM records ORDER BY id"))

    def items(self) -> Iterator[tuple[str, Record]]:  # type: ignore[override]
        return ((record.id, record) for record in self.values())


class PassageTable(Sequence):
    """Passages by row (a list-like view): each is cut again from its record with the index's chunking, which
    gives the same chunk, context and hashes the build embedded."""

    def __init__(self, meta: MetaReader, chunking: Chunking):
        self._meta = meta
        self._chunking = chunking
        self._count = meta.query("SELECT count(*) FROM passages")[0][0]
        self._documents: dict[str, Document] | None = None

    def _passage(self, row: int, record_id: str, ordinal: int) -> Passage:
        if self._documents is None:
            self._documents = self._meta.documents()
        record = self._meta.records[record_id]
        passage = build_passages([record], self._documents, self._chunking)[ordinal]
        return passage.model_copy(update={"row": row})

    def __getitem__(self, row):  # type: ignore[override]
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(self._count))]
        row = row + self._count if row < 0 else row
        found = self._meta.query("SELECT record_id, ordinal FROM passages WHERE row = ?", (row,))
        if not found:
            raise IndexError(row)
        return self._passage(row, *found[0])

    def __iter__(self) -> Iterator[Passage]:
        rows = self._meta.stream("SELECT row, record_id, ordinal FROM passages ORDER BY row")
        return (self._passage(*row) for row in rows)

    def __len__(self) -> int:
        return self._count
