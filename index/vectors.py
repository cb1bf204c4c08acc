"""The dense index: passage vectors in FAISS (exact inner product by default, HNSW when asked)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import faiss
import numpy as np

from core.errors import AntwoordError

INDEX_TYPES = ("flat", "hnsw")
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128


class DenseHits(NamedTuple):
    """Nearest passages for one query, best first."""

    rows: np.ndarray  # (m,) int64 passage rows
    scores: np.ndarray  # (m,) float32 inner products = cosines (vectors are unit length)


def check_vectors(vectors: np.ndarray, dimension: int) -> np.ndarray:
    """Return vectors as contiguous float32 (n, dimension); raise on another shape."""
    if vectors.ndim != 2 or vectors.shape[1] != dimension:
        raise ValueError(f"vectors have shape {vectors.shape}, expected (n, {dimension})")
    return np.ascontiguousarray(vectors, dtype=np.float32)


def build_faiss(vectors: np.ndarray, index_type: str) -> faiss.Index:
    """A FAISS inner-product index over (n, d) float32 unit vectors; row i gets id i."""
    if index_type not in INDEX_TYPES:
        raise AntwoordError(f"unknown FAISS index type {index_type!r}; set ANTWOORD_FAISS_INDEX_TYPE to flat or hnsw")
    dimension = vectors.shape[1]
    if index_type == "flat":
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    if len(vectors):
        index.add(check_vectors(vectors, dimension))
    return index


def save_faiss(index: faiss.Index, path: Path) -> None:
    """Write the FAISS index file."""
    faiss.write_index(index, str(path))


def load_faiss(path: Path, dimension: int, count: int) -> faiss.Index:
    """Read a FAISS index and check its dimension and vector count against the manifest."""
    index = faiss.read_index(str(path))
    if index.d != dimension or index.ntotal != count:
        raise ValueError(
            f"{path} holds {index.ntotal} vectors of dimension {index.d}, manifest says {count} of {dimension}; "
            "rebuild with `antwoord ingest --rebuild`"
        )
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def _search_parameters(index: faiss.Index, allowed_rows: np.ndarray | None):
    """FAISS search parameters restricting results to allowed_rows (None: no restriction)."""
    if allowed_rows is None:
        return None
    selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed_rows, dtype=np.int64))
    if hasattr(index, "hnsw"):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)
    return faiss.SearchParameters(sel=selector)


def search_faiss(index: faiss.Index, query: np.ndarray, depth: int, allowed_rows: np.ndarray | None) -> DenseHits:
    """The depth nearest passages to query (d,) float32, optionally only among allowed_rows."""
    if index.ntotal == 0 or depth < 1 or (allowed_rows is not None and len(allowed_rows) == 0):
        return DenseHits(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    matrix = check_vectors(query.reshape(1, -1), index.d)
    depth = min(depth, index.ntotal if allowed_rows is None else len(allowed_rows))
    scores, rows = index.search(matrix, depth, params=_search_parameters(index, allowed_rows))
    keep = rows[0] >= 0
    return DenseHits(rows[0][keep].astype(np.int64), scores[0][keep].astype(np.float32))
