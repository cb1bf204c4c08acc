"""Describes the index on disk for `antwoord status`."""

from __future__ import annotations

from core.errors import AntwoordError
from core.settings import Settings
from index.health import FIX, FIX_COMMAND, index_problems
from index.manifest import previous_dir, read_manifest, readable_dir


def index_status(settings: Settings) -> dict | None:
    """Embedder, dimension, counts, fingerprint and damage of the index, or None when there is none.

    'damaged' is True when a file is missing, truncated or disagrees with the manifest; 'problems' says which and
    'fix' how to repair it (search and ask refuse such an index with the same fix).
    """
    folder = readable_dir(settings)
    if folder is None:
        return None
    try:
        manifest = read_manifest(folder)
    except (AntwoordError, ValueError, OSError) as error:  # status must still print the rest
        problem = f"unreadable manifest: {error}"
        return {"error": f"unreadable index in {folder}: {error}; {FIX}", "damaged": True, "problems": [problem],
                "fix": FIX_COMMAND, "path": str(folder)}
    problems = index_problems(folder, manifest)
    return {
        "damaged": bool(problems),
        "problems": problems,
        "fix": FIX_COMMAND if problems else None,
        "embedder": manifest.embedder.name,
        "model": manifest.embedder.model,
        "dimension": manifest.embedder.dimension,
        "dtype": manifest.embedder.dtype,
        "faiss_index_type": manifest.faiss_index_type,
        "documents": manifest.documents,
        "records": manifest.records,
        "passages": manifest.passages,
        "chunk_size": manifest.chunking.chunk_size,
        "chunk_overlap": manifest.chunking.chunk_overlap,
        "corpus_fingerprint": manifest.corpus_fingerprint,
        "format_version": manifest.format_version,
        "path": str(folder),
        "recovered_from_interrupted_update": folder == previous_dir(settings),
    }
