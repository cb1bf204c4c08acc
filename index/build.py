"""Build or update the FAISS and BM25 indexes from the record store: incremental, written atomically."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import numpy as np

from core.errors import AntwoordError
from core.models import Document, Record
from core.settings import Settings
from index.embedders import embed_passages_batched, embedder_identity, make_embedder
from index.lexical import STEMMER_LANGUAGE, LexicalIndex
from index.manifest import (
    BM25_DIR, BUILDING_PREFIX, DOCUMENTS_FILE, FAISS_FILE, FORMAT_VERSION, PASSAGES_FILE, RECORDS_FILE,
    VECTORS_FILE, EmbedderInfo, Manifest, check_embedder, previous_dir, read_jsonl, read_manifest, readable_dir,
    write_jsonl, write_manifest,
)
from index.passages import Chunking, Passage, build_passages
from index.vectors import build_faiss, save_faiss

LEXICAL_SETTINGS = {"library": "bm25s", "stemmer": STEMMER_LANGUAGE, "stopwords": "dutch+english"}


def corpus_fingerprint(records: list[Record], documents: list[Document], chunking: Chunking) -> str:
    """SHA-256 over the format version, chunking, every document and every record (sorted by id)."""
    digest = hashlib.sha256(f"v{FORMAT_VERSION}\x1e{chunking.model_dump_json()}".encode())
    for item in sorted(documents, key=lambda d: d.id) + sorted(records, key=lambda r: r.id):
        digest.update(b"\x1e" + item.model_dump_json().encode("utf-8"))
    return digest.hexdigest()


def _previous(settings: Settings, rebuild: bool) -> tuple[Path | None, Manifest | None]:
    """The index on disk and its manifest; an embedder mismatch raises unless rebuilding."""
    folder = readable_dir(settings)
    if folder is None:
        return None, None
    if rebuild:  # whatever is on disk is replaced; an unreadable manifest must not stop that
        try:
            return folder, read_manifest(folder)
        except (AntwoordError, ValueError, OSError):
            return None, None
    manifest = read_manifest(folder)
    check_embedder(manifest, settings)
    return folder, manifest


def _reusable_vectors(folder: Path | None, manifest: Manifest | None, settings: Settings) -> dict[str, np.ndarray]:
    """Vectors of the previous index keyed by embed_hash, when it was built by the same embedder."""
    if folder is None or manifest is None:
        return {}
    identity = embedder_identity(settings)
    if (manifest.embedder.name, manifest.embedder.model) != (identity["name"], identity["model"]):
        return {}
    vectors = np.load(folder / VECTORS_FILE, allow_pickle=False)
    passages = read_jsonl(folder / PASSAGES_FILE, Passage)
    return {passage.embed_hash: vectors[passage.row] for passage in passages}


def _assemble_vectors(
    passages: list[Passage], reused: dict[str, np.ndarray], settings: Settings, progress: bool
) -> tuple[np.ndarray, int, int, float]:
    """(n_passages, d) float32 vectors: reused by embed_hash, the rest embedded; plus counts and embed seconds."""
    missing: dict[str, str] = {}
    for passage in passages:
        if passage.embed_hash not in reused:
            missing.setdefault(passage.embed_hash, passage.embed_text)
    fresh: dict[str, np.ndarray] = {}
    seconds = 0.0
    if missing or not reused:
        embedder = make_embedder(settings)
        started = time.perf_counter()
        matrix = embed_passages_batched(embedder, list(missing.values()), settings.embed_batch_size, progress)
        seconds = time.perf_counter() - started
        fresh = dict(zip(missing.keys(), matrix))
        dimension = embedder.dimension
    else:
        dimension = len(next(iter(reused.values())))
    lookup = {**reused, **fresh}
    vectors = np.zeros((len(passages), dimension), dtype=np.float32)
    for passage in passages:
        vectors[passage.row] = lookup[passage.embed_hash]
    return vectors, len(missing), len(passages) - sum(p.embed_hash in missing for p in passages), seconds


def _write_index(folder: Path, manifest: Manifest, passages, records, documents, vectors: np.ndarray) -> None:
    """Write every index file into folder (a fresh temporary folder)."""
    folder.mkdir(parents=True)
    np.save(folder / VECTORS_FILE, vectors, allow_pickle=False)
    save_faiss(build_faiss(vectors, manifest.faiss_index_type), folder / FAISS_FILE)
    write_jsonl(folder / PASSAGES_FILE, passages)
    write_jsonl(folder / RECORDS_FILE, records)
    write_jsonl(folder / DOCUMENTS_FILE, documents)
    LexicalIndex.build([passage.lexical_text for passage in passages]).save(folder / BM25_DIR)
    write_manifest(folder, manifest)  # last: a folder without manifest.json is never read


def _swap_into_place(built: Path, settings: Settings) -> None:
    """Move the built folder to index/; the old index waits in index.previous/ until the move is done."""
    target, previous = settings.index_dir, previous_dir(settings)
    if target.exists():
        if previous.exists():
            shutil.rmtree(previous)
        os.replace(target, previous)
    os.replace(built, target)
    shutil.rmtree(previous, ignore_errors=True)


def _remove_stale_builds(settings: Settings) -> None:
    """Delete temporary folders left by builds that were killed."""
    for stale in settings.home.glob(f"{BUILDING_PREFIX}{settings.index_dir.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _load_store(settings: Settings) -> tuple[list[Record], list[Document]]:
    """Records and documents from the record store (empty when there is no store yet)."""
    from ingest.store import RecordStore

    if not settings.store_path.exists():
        return [], []
    store = RecordStore(settings.store_path)
    return store.records(), store.documents()


def update_index(settings: Settings, progress: bool = True, rebuild: bool = False) -> dict:
    """Embed new or changed records and write the index atomically; returns a summary dict.

    rebuild=True re-embeds everything with the current embedder (needed after changing ANTWOORD_EMBEDDER).
    """
    started = time.perf_counter()
    records, documents = _load_store(settings)
    identity = embedder_identity(settings)
    old_folder, old_manifest = _previous(settings, rebuild)
    chunking = Chunking()
    fingerprint = corpus_fingerprint(records, documents, chunking)
    summary = {"embedder": identity["name"], "model": identity["model"], "records": len(records)}
    if not records:
        return {**summary, "passages": 0, "embedded": 0, "reused": 0, "unchanged": False,
                "note": "the store holds no records; the index was not written"}
    if (not rebuild and old_manifest is not None and old_folder == settings.index_dir
            and old_manifest.corpus_fingerprint == fingerprint
            and old_manifest.faiss_index_type == settings.faiss_index_type):
        return {**summary, "passages": old_manifest.passages, "embedded": 0, "reused": old_manifest.passages,
                "removed": 0, "unchanged": True, "embed_seconds": 0.0,
                "seconds": round(time.perf_counter() - started, 3)}
    passages = build_passages(records, {d.id: d for d in documents}, chunking)
    reused = {} if rebuild else _reusable_vectors(old_folder, old_manifest, settings)
    vectors, embedded, kept, embed_seconds = _assemble_vectors(passages, reused, settings, progress)
    manifest = Manifest(
        embedder=EmbedderInfo(dimension=int(vectors.shape[1]), **identity),
        faiss_index_type=settings.faiss_index_type, records=len(records), documents=len(documents),
        passages=len(passages), chunking=chunking, lexical=LEXICAL_SETTINGS, corpus_fingerprint=fingerprint,
    )
    _remove_stale_builds(settings)
    building = settings.home / f"{BUILDING_PREFIX}{settings.index_dir.name}-{os.getpid()}"
    try:
        _write_index(building, manifest, passages, records, documents, vectors)
        _swap_into_place(building, settings)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return {**summary, "passages": len(passages), "embedded": embedded, "reused": kept,
            "removed": _removed_count(reused, passages), "unchanged": False,
            "embed_seconds": round(embed_seconds, 3), "seconds": round(time.perf_counter() - started, 3)}


def _removed_count(reused: dict[str, np.ndarray], passages: list[Passage]) -> int:
    """Vectors of the previous index that the new one no longer needs."""
    return len(set(reused) - {passage.embed_hash for passage in passages})
