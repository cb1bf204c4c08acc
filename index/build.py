"""Build or update the FAISS and BM25 indexes from the record store: incremental, written atomically.

Two paths. When records were only added (the usual ingest of new replies), the new passages are embedded and
appended: meta.sqlite and vectors.npy are copied and extended, the FAISS index gets the new vectors (IVF lists
are not retrained), BM25 is rebuilt from the stored lexical texts (bm25s has no incremental add). Otherwise
(records changed or removed, another FAISS type, --rebuild) everything is rewritten, reusing every vector
whose embedded text is unchanged. Either way the new folder replaces the old one in one rename.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np

from core.errors import AntwoordError
from core.models import Document, Record
from core.settings import Settings
from index.bm25_build import build_lexical
from index.embedders import embed_passages_batched, embedder_identity, make_embedder
from index.lexical import STEMMER_LANGUAGE
from index.manifest import (
    BM25_DIR, BUILDING_PREFIX, FAISS_FILE, MANIFEST, META_FILE, VECTORS_FILE, EmbedderInfo, Manifest, check_embedder,
    previous_dir, read_manifest, readable_dir, write_manifest,
)
from index.meta import MetaReader, MetaWriter
from index.passages import Chunking, Passage, build_passages
from index.scan import StoreScan, parse_documents, read_records, scan_store
from index.vectors import FaissPlan, build_faiss, choose_plan, extend_faiss, load_faiss, same_structure, save_faiss
from index.vectors_file import append_vectors, create_vectors

LEXICAL_SETTINGS = {"library": "bm25s", "stemmer": STEMMER_LANGUAGE, "stopwords": "dutch+english"}


class _Clock:
    """Seconds per build step, for the summary (what the scale benchmark reports)."""

    def __init__(self):
        self.steps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.steps[step] = round(self.steps.get(step, 0.0) + now - self._last, 3)
        self._last = now


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


def _plan(settings: Settings, passages: int) -> FaissPlan:
    return choose_plan(settings.faiss_index_type, passages, settings.exact_max_passages)


def _only_lexical_behind(settings: Settings, folder: Path | None, manifest: Manifest | None, scan: StoreScan) -> bool:
    """Same corpus as the index, but its BM25 misses the rows of the last append (the update was interrupted)."""
    return (folder == settings.index_dir and manifest is not None and manifest.corpus_fingerprint == scan.fingerprint
            and manifest.lexical_passages is not None and manifest.lexical_passages < manifest.passages)


def _unchanged(settings: Settings, folder: Path | None, manifest: Manifest | None, scan: StoreScan) -> bool:
    """Same corpus, same place, same FAISS plan and a complete BM25 index: nothing to do."""
    return (folder == settings.index_dir and manifest is not None and manifest.corpus_fingerprint == scan.fingerprint
            and manifest.lexical_passages in (None, manifest.passages)
            and same_structure(manifest.faiss, _plan(settings, manifest.passages), manifest.passages))


def _embed(passages: list[Passage], settings: Settings, progress: bool, skip: set[str]) -> tuple[dict, float]:
    """Vectors by embed_hash for passages whose hash is not in skip; and the seconds spent embedding."""
    missing: dict[str, str] = {}
    for passage in passages:
        if passage.embed_hash not in skip:
            missing.setdefault(passage.embed_hash, passage.embed_text)
    if not missing:
        return {}, 0.0
    embedder = make_embedder(settings)
    started = time.perf_counter()
    matrix = embed_passages_batched(embedder, list(missing.values()), settings.embed_batch_size, progress)
    return dict(zip(missing.keys(), matrix)), time.perf_counter() - started


def _passages_of(batch: list[tuple[Record, str, bytes]], documents: dict[str, Document], chunking: Chunking,
                 first_row: int) -> list[Passage]:
    """Passages of a batch of records, rows numbered from first_row."""
    passages = build_passages([record for record, _, _ in batch], documents, chunking)
    return [passage.model_copy(update={"row": passage.row + first_row}) for passage in passages]


def _manifest(settings: Settings, scan: StoreScan, passages: int, dimension: int, plan: FaissPlan,
              lexical_passages: int | None = None) -> Manifest:
    return Manifest(
        embedder=EmbedderInfo(dimension=dimension, **embedder_identity(settings)), faiss_index_type=plan.type,
        faiss=plan, records=len(scan.order), documents=len(scan.documents), passages=passages, chunking=Chunking(),
        lexical=LEXICAL_SETTINGS, corpus_fingerprint=scan.fingerprint,
        lexical_passages=passages if lexical_passages is None else lexical_passages,
    )


def _link_files(source: Path, target: Path, names: list[str]) -> None:
    """Hard-link source/name (a file, or a folder's files) into target: index files are never changed in place."""
    for name in names:
        if (source / name).is_dir():
            (target / name).mkdir()
            for item in (source / name).iterdir():
                os.link(item, target / name / item.name)
        else:
            os.link(source / name, target / name)


def _catch_up_lexical(settings: Settings, clock: _Clock) -> None:
    """Rebuild BM25 over every passage of the current index and swap it in (the rest is hard-linked).

    Runs after an append has been swapped in: the new replies are already found by dense search, and search
    keeps the previous BM25 (covering the old rows) until this swap.
    """
    current = settings.index_dir
    manifest = read_manifest(current)
    building = settings.home / f"{BUILDING_PREFIX}{current.name}-{os.getpid()}-bm25"
    try:
        building.mkdir(parents=True)
        _link_files(current, building, [p.name for p in current.iterdir() if p.name not in (BM25_DIR, MANIFEST)])
        _write_lexical(building, clock)
        write_manifest(building, manifest.model_copy(update={"lexical_passages": manifest.passages}))
        _swap_into_place(building, settings)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _write_lexical(folder: Path, clock: _Clock) -> None:
    """BM25 over every passage's lexical text, read back from the folder's meta.sqlite."""
    meta = MetaReader(folder / META_FILE)
    try:
        build_lexical(meta.lexical_texts()).save(folder / BM25_DIR)
    finally:
        meta.close()
    clock.lap("bm25")


def _batch_vectors(passages: list[Passage], fresh: dict, old_rows: dict[str, int], old_vectors) -> np.ndarray:
    """(len(passages), d) float32: freshly embedded, else the previous index's vector for the same text."""
    return np.stack([fresh[p.embed_hash] if p.embed_hash in fresh else old_vectors[old_rows[p.embed_hash]]
                     for p in passages]).astype(np.float32)


def _full_build(building: Path, settings: Settings, scan: StoreScan, reuse_from: Path | None, progress: bool,
                clock: _Clock) -> dict:
    """Write every index file, record batch by record batch; vectors of unchanged texts are reused."""
    documents = parse_documents(scan.documents)
    old_rows, old_vectors = _old_vectors(reuse_from, settings)
    writer = MetaWriter(building / META_FILE)
    writer.add_documents(list(scan.documents.items()))
    parts: list[np.ndarray] = []
    count = embedded = 0
    embed_seconds = 0.0
    for batch in read_records(settings.store_path):
        writer.add_records([(record.id, digest, text) for record, text, digest in batch])
        passages = _passages_of(batch, documents, Chunking(), count)
        writer.add_passages(passages)
        clock.lap("passages")
        fresh, seconds = _embed(passages, settings, progress, set(old_rows))
        embed_seconds, embedded, count = embed_seconds + seconds, embedded + len(fresh), count + len(passages)
        clock.lap("embed")
        parts.append(_batch_vectors(passages, fresh, old_rows, old_vectors))
    writer.close()
    vectors = create_vectors(building / VECTORS_FILE, count, parts[0].shape[1])
    row = 0
    while parts:  # move each part into the file and drop it, so the vectors are held once
        part = parts.pop(0)
        vectors[row : row + len(part)] = part
        row += len(part)
    vectors.flush()
    clock.lap("vectors")
    plan = _plan(settings, count)
    save_faiss(build_faiss(vectors, plan), building / FAISS_FILE)
    clock.lap("faiss")
    _write_lexical(building, clock)
    write_manifest(building, _manifest(settings, scan, count, vectors.shape[1], plan))
    return {"passages": count, "embedded": embedded, "reused": count - embedded, "path": "rebuild",
            "embed_seconds": round(embed_seconds, 3), "faiss": plan.model_dump()}


def _old_vectors(folder: Path | None, settings: Settings) -> tuple[dict[str, int], np.ndarray | None]:
    """embed_hash -> row of the previous index and its vectors (memory-mapped), when built by this embedder."""
    if folder is None or not (folder / META_FILE).exists():
        return {}, None
    manifest = read_manifest(folder)
    identity = embedder_identity(settings)
    if (manifest.embedder.name, manifest.embedder.model) != (identity["name"], identity["model"]):
        return {}, None
    meta = MetaReader(folder / META_FILE)
    try:
        rows = meta.embed_rows()
    finally:
        meta.close()
    return rows, np.load(folder / VECTORS_FILE, mmap_mode="r", allow_pickle=False)


def _appendable(old: Path | None, manifest: Manifest | None, settings: Settings, scan: StoreScan,
                old_digests: dict[str, bytes]) -> bool:
    """Only additions since the previous index (no record changed or removed), and the index is current."""
    if old != settings.index_dir or manifest is None or manifest.faiss is None:
        return False
    return all(scan.digests.get(record_id) == digest for record_id, digest in old_digests.items())


def _append(building: Path, old: Path, manifest: Manifest, settings: Settings, scan: StoreScan,
            old_digests: dict[str, bytes], progress: bool, clock: _Clock) -> dict:
    """Embed the added records' passages and append them; FAISS is extended when its plan still fits."""
    building.mkdir(parents=True)
    shutil.copyfile(old / META_FILE, building / META_FILE)
    added = {record_id for record_id in scan.order if record_id not in old_digests}
    documents = parse_documents(scan.documents)
    new_documents = [(d, text) for d, text in scan.documents.items()]
    writer = MetaWriter(building / META_FILE)
    writer.add_documents(new_documents)
    passages: list[Passage] = []
    for batch in read_records(settings.store_path, added):
        writer.add_records([(record.id, digest, text) for record, text, digest in batch])
        new = _passages_of(batch, documents, Chunking(), manifest.passages + len(passages))
        writer.add_passages(new)
        passages.extend(new)
    writer.close()
    clock.lap("passages")
    fresh, embed_seconds = _embed(passages, settings, progress, set())
    clock.lap("embed")
    dimension = manifest.embedder.dimension
    new_vectors = np.array([fresh[p.embed_hash] for p in passages], dtype=np.float32).reshape(-1, dimension)
    vectors = append_vectors(old / VECTORS_FILE, building / VECTORS_FILE, new_vectors)
    clock.lap("vectors")
    total = manifest.passages + len(passages)
    plan = _plan(settings, total)
    if same_structure(manifest.faiss, plan, total):
        plan = manifest.faiss.model_copy(update={"reason": plan.reason})  # same lists and nprobe, current count
        index = load_faiss(old / FAISS_FILE, manifest.embedder.dimension, manifest.passages, plan)
        extend_faiss(index, new_vectors)
    else:
        index = build_faiss(vectors, plan)
    save_faiss(index, building / FAISS_FILE)
    clock.lap("faiss")
    _link_files(old, building, [BM25_DIR])  # the previous BM25 until _catch_up_lexical swaps in the new one
    lexical_rows = manifest.lexical_passages or manifest.passages
    write_manifest(building, _manifest(settings, scan, total, manifest.embedder.dimension, plan, lexical_rows))
    return {"passages": total, "embedded": len(fresh), "reused": manifest.passages, "path": "append",
            "embed_seconds": round(embed_seconds, 3), "faiss": plan.model_dump()}


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


def _old_digests(folder: Path | None, manifest: Manifest | None) -> dict[str, bytes]:
    if folder is None or manifest is None or not (folder / META_FILE).exists():
        return {}
    meta = MetaReader(folder / META_FILE)
    try:
        return meta.digests()
    finally:
        meta.close()


def update_index(settings: Settings, progress: bool = True, rebuild: bool = False) -> dict:
    """Embed new or changed records and write the index atomically; returns a summary dict.

    rebuild=True re-embeds everything with the current embedder (needed after changing ANTWOORD_EMBEDDER).
    The summary's `steps` gives the seconds of each build step (scan, passages, embed, vectors, faiss, bm25).
    """
    clock = _Clock()
    started = time.perf_counter()
    identity = embedder_identity(settings)
    scan = scan_store(settings.store_path, Chunking())
    old_folder, old_manifest = _previous(settings, rebuild)
    summary = {"embedder": identity["name"], "model": identity["model"], "records": len(scan.order)}
    clock.lap("scan")
    if not scan.order:
        return {**summary, "passages": 0, "embedded": 0, "reused": 0, "unchanged": False,
                "note": "the store holds no records; the index was not written"}
    if not rebuild and _unchanged(settings, old_folder, old_manifest, scan):
        return {**summary, "passages": old_manifest.passages, "embedded": 0, "reused": old_manifest.passages,
                "removed": 0, "unchanged": True, "embed_seconds": 0.0, "path": "unchanged",
                "seconds": round(time.perf_counter() - started, 3)}
    if not rebuild and _only_lexical_behind(settings, old_folder, old_manifest, scan):  # an update died midway
        _catch_up_lexical(settings, clock)
        return {**summary, "passages": old_manifest.passages, "embedded": 0, "reused": old_manifest.passages,
                "removed": 0, "unchanged": False, "embed_seconds": 0.0, "path": "lexical", "steps": clock.steps,
                "seconds": round(time.perf_counter() - started, 3)}
    old_digests = {} if rebuild else _old_digests(old_folder, old_manifest)
    _remove_stale_builds(settings)
    building = settings.home / f"{BUILDING_PREFIX}{settings.index_dir.name}-{os.getpid()}"
    try:
        appending = not rebuild and _appendable(old_folder, old_manifest, settings, scan, old_digests)
        if appending:
            result = _append(building, old_folder, old_manifest, settings, scan, old_digests, progress, clock)
        else:
            building.mkdir(parents=True)
            result = _full_build(building, settings, scan, None if rebuild else old_folder, progress, clock)
        _swap_into_place(building, settings)
        clock.lap("swap")
        result["searchable_seconds"] = round(time.perf_counter() - started, 3)  # new replies found from here on
    finally:
        shutil.rmtree(building, ignore_errors=True)
    if appending:
        _catch_up_lexical(settings, clock)
    removed = sum(1 for record_id in old_digests if scan.digests.get(record_id) != old_digests[record_id])
    return {**summary, **result, "removed": removed, "unchanged": False, "steps": clock.steps,
            "seconds": round(time.perf_counter() - started, 3)}
