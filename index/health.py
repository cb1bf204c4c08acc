"""Is the index on disk whole? Cheap checks of its files against the manifest, for `status` and for search.

A half-written or damaged index (a truncated .npy or .faiss, a missing BM25 file, counts that disagree with the
manifest) must give one line naming the fix, never a traceback.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import faiss
import numpy as np

from core.errors import AntwoordError
from index.manifest import BM25_DIR, FAISS_FILE, META_FILE, VECTORS_FILE, Manifest

FIX_COMMAND = "antwoord ingest --rebuild"
FIX = f"rebuild it with `{FIX_COMMAND}`"
BM25_FILES = ("params.index.json", "vocab.index.json", "data.csc.index.npy", "indices.csc.index.npy",
              "indptr.csc.index.npy")
FAISS_READ_LIMIT = 256 * 2**20  # status reads a FAISS file whole up to this size; above, it checks the size only
# What loading a damaged index raises (numpy, FAISS, bm25s, SQLite, JSON, pydantic): caught and named, never shown.
LOAD_ERRORS = (ValueError, OSError, RuntimeError, KeyError, IndexError, EOFError, sqlite3.Error, AssertionError)


class IndexDamagedError(AntwoordError):
    """The index folder is incomplete or damaged; the message names the file and the fix."""


def damaged(folder: Path, detail: str) -> IndexDamagedError:
    """The one-line error for a damaged index."""
    return IndexDamagedError(f"the index in {folder} is damaged ({detail}); {FIX}")


def _npy_rows(path: Path) -> int:
    """Rows of an .npy file, read through a memory map (raises when the file is shorter than its header says)."""
    return int(np.load(path, mmap_mode="r", allow_pickle=False).shape[0])


def _vector_problems(folder: Path, manifest: Manifest) -> list[str]:
    """vectors.npy readable and holding one row per passage."""
    try:
        rows = _npy_rows(folder / VECTORS_FILE)
    except LOAD_ERRORS as error:
        return [f"{VECTORS_FILE} is truncated or unreadable: {error}"]
    return [] if rows == manifest.passages else [f"{VECTORS_FILE} holds {rows} rows, manifest says {manifest.passages}"]


def _faiss_problems(folder: Path, manifest: Manifest) -> list[str]:
    """index.faiss readable (small files) or at least plausibly sized, with one vector per passage."""
    path = folder / FAISS_FILE
    size = path.stat().st_size
    if size > FAISS_READ_LIMIT:
        low = manifest.passages * manifest.embedder.dimension  # a byte per dimension: below that it is cut short
        return [] if size >= low else [f"{FAISS_FILE} has {size} bytes, too few for {manifest.passages} vectors"]
    try:
        index = faiss.read_index(str(path))
    except LOAD_ERRORS as error:
        return [f"{FAISS_FILE} is truncated or unreadable: {str(error).splitlines()[0] if str(error) else error}"]
    if index.ntotal != manifest.passages:
        return [f"{FAISS_FILE} holds {index.ntotal} vectors, manifest says {manifest.passages}"]
    return []


def _bm25_problems(folder: Path, manifest: Manifest) -> list[str]:
    """The bm25s files readable, indexing as many passages as the manifest says."""
    bm25 = folder / BM25_DIR
    try:
        params = json.loads((bm25 / "params.index.json").read_text(encoding="utf-8"))
        for name in BM25_FILES[2:]:
            _npy_rows(bm25 / name)
    except (*LOAD_ERRORS, json.JSONDecodeError) as error:
        return [f"{BM25_DIR}/ is incomplete or unreadable: {error}"]
    expected = getattr(manifest, "lexical_passages", None) or manifest.passages
    stored = params.get("num_docs")
    return [] if stored == expected else [f"{BM25_DIR}/ indexes {stored} passages, manifest says {expected}"]


def _meta_problems(folder: Path, manifest: Manifest) -> list[str]:
    """meta.sqlite readable, with one passage row per passage."""
    try:
        db = sqlite3.connect(f"file:{folder / META_FILE}?mode=ro", uri=True)
        try:
            (count,) = db.execute("SELECT count(*) FROM passages").fetchone()
        finally:
            db.close()
    except sqlite3.Error as error:
        return [f"{META_FILE} is unreadable: {error}"]
    return [] if count == manifest.passages else [f"{META_FILE} holds {count} passages, manifest says {manifest.passages}"]


def index_problems(folder: Path, manifest: Manifest) -> list[str]:
    """One line per problem found in the index folder; empty when every file is there and agrees with the manifest."""
    required = [FAISS_FILE, VECTORS_FILE, META_FILE] + [f"{BM25_DIR}/{name}" for name in BM25_FILES]
    missing = [name for name in required if not (folder / name).is_file()]
    if missing:
        return [f"missing {', '.join(missing)}"]
    return (_vector_problems(folder, manifest) + _faiss_problems(folder, manifest) + _bm25_problems(folder, manifest)
            + _meta_problems(folder, manifest))
