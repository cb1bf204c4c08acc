"""Parsing in worker processes gives the same store and report as one process (seeds, fixtures, a bad file)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

from core.settings import Settings
from ingest.pipeline import ingest_paths
from tests.conftest import CORPUS_DIR, ROOT


def _folder_of_copies(tmp_path):
    """The seeds and the layout fixtures, twice each under different names, plus one undecodable file."""
    folder = tmp_path / "src"
    folder.mkdir()
    sources = sorted(CORPUS_DIR.glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "ingest").iterdir())
    for copy in range(2):
        for source in sources:
            if source.is_file():
                shutil.copy(source, folder / f"c{copy}_{source.name}")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00 bad")
    return folder


def _store_digest(home) -> str:
    """SHA-256 over every document and record row in insertion order."""
    digest = hashlib.sha256()
    with sqlite3.connect(home / "store.sqlite") as db:
        for table, order in (("documents", "id"), ("records", "rowid")):
            for row in db.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def test_two_workers_give_the_same_store_and_report_as_one_process(tmp_path):
    folder = _folder_of_copies(tmp_path)
    results = []
    for workers in (1, 2):
        home = tmp_path / f"home{workers}"
        report = ingest_paths([folder], Settings(home=home), progress=False, workers=workers)
        results.append((_store_digest(home), report.model_dump_json()))
    assert results[0] == results[1]
    report = ingest_paths([folder], Settings(home=tmp_path / "home2"), progress=False, workers=2)
    assert report.documents == 0 and report.unchanged > 10
    assert any("bad.txt" in error for error in report.errors) or any("bad.txt" in w for w in report.warnings)
