"""Read the record store in one streaming pass: fingerprint, per-record digests and store order.

Reads store.sqlite's `documents(id, json)` and `records(id, document_id, ordinal, json)` tables directly (read
only) so that a million records are hashed without being parsed into Python objects.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.models import Document, Record
from index.passages import Chunking

FINGERPRINT_VERSION = 1  # bump when the fingerprint's input changes
BATCH = 5_000


@dataclass
class StoreScan:
    """What an index update needs to know about the store before reading any record in full."""

    fingerprint: str = ""
    documents: dict[str, str] = field(default_factory=dict)  # id -> Document JSON
    digests: dict[str, bytes] = field(default_factory=dict)  # record id -> digest of record + document JSON
    order: list[str] = field(default_factory=list)  # record ids in store order (document, ordinal)


def record_digest(record_json: str, document_json: str) -> bytes:
    """16 bytes of SHA-256 over a record and its document: a change to either re-embeds the record."""
    return hashlib.sha256(record_json.encode("utf-8") + b"\x1e" + document_json.encode("utf-8")).digest()[:16]


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def scan_store(path: Path, chunking: Chunking) -> StoreScan:
    """Digests, store order and fingerprint (SHA-256 over chunking, documents and the sorted record digests)."""
    scan = StoreScan()
    if not path.exists():
        return scan
    db = _connect(path)
    positions: list[tuple[str, int, str]] = []
    try:
        scan.documents = dict(db.execute("SELECT id, json FROM documents ORDER BY id"))
        cursor = db.execute("SELECT id, document_id, ordinal, json FROM records")  # table order: one sequential read
        while batch := cursor.fetchmany(BATCH):
            for record_id, document_id, ordinal, record_json in batch:
                scan.digests[record_id] = record_digest(record_json, scan.documents.get(document_id, ""))
                positions.append((document_id, ordinal, record_id))
    finally:
        db.close()
    positions.sort()
    scan.order = [record_id for _, _, record_id in positions]
    digest = hashlib.sha256(f"v{FINGERPRINT_VERSION}\x1e{chunking.model_dump_json()}".encode())
    for document_json in scan.documents.values():
        digest.update(b"\x1e" + document_json.encode("utf-8"))
    for record_id in sorted(scan.digests):
        digest.update(b"\x1e" + record_id.encode("utf-8") + scan.digests[record_id])
    scan.fingerprint = digest.hexdigest()
    return scan


def _selected(db: sqlite3.Connection, wanted: set[str]) -> list[tuple[str, str, str]]:
    """(id, document_id, json) of the wanted records, in store order, looked up by id."""
    ids, rows = sorted(wanted), []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT document_id, ordinal, id, json FROM records WHERE id IN ({marks})"
        rows += db.execute(query, chunk).fetchall()
    return [(record_id, document_id, text) for document_id, _, record_id, text in sorted(rows)]


def read_records(path: Path, wanted: set[str] | None = None) -> Iterator[list[tuple[Record, str, bytes]]]:
    """Batches of (record, record JSON, digest) in store order; only the wanted ids when given."""
    db = _connect(path)
    documents = {row[0]: row[1] for row in db.execute("SELECT id, json FROM documents")}
    try:
        if wanted is not None:  # an update: a few thousand records, fetched by id
            rows = _selected(db, wanted)
            batches = (rows[start : start + BATCH] for start in range(0, len(rows), BATCH))
        else:
            cursor = db.execute("SELECT id, document_id, json FROM records ORDER BY document_id, ordinal")
            batches = iter(lambda: cursor.fetchmany(BATCH), [])
        for batch in batches:
            yield [(Record.model_validate_json(text), text, record_digest(text, documents[document_id]))
                   for _, document_id, text in batch]
    finally:
        db.close()


def parse_documents(documents: dict[str, str]) -> dict[str, Document]:
    """Document objects from their JSON."""
    return {document_id: Document.model_validate_json(text) for document_id, text in documents.items()}
