"""The baseline a user would build by hand: fixed-size chunks of the raw files, the same embedder, FAISS flat IP."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from core.errors import AntwoordError
from core.settings import Settings

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "corpus"


class Chunk(BaseModel):
    """One chunk of a raw corpus file."""

    id: str = Field(description="File stem + '#' + chunk number, e.g. '000_a253e434b74c966f#12'.")
    text: str = Field(description="The chunk text as the splitter produced it.")


class Hit(BaseModel):
    """One retrieved unit (reply, letter section or chunk) with its score."""

    id: str = Field(description="Record id or chunk id.")
    text: str = Field(description="Full text of the unit.")
    score: float = Field(description="Retriever score; higher is better.")
    dense_score: float | None = Field(
        default=None, exclude=True, description="Cosine of the best passage (searcher runs; for calibration only)."
    )
    referred: bool = Field(default=False, exclude=True, description="Brought along because a result refers to it.")


def split_corpus(folder: Path = CORPUS_DIR) -> list[Chunk]:
    """RecursiveCharacterTextSplitter(1000, 200) over every raw text file in folder, in name order."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    files = sorted(path for path in Path(folder).iterdir() if path.is_file() and not path.name.startswith("."))
    if not files:
        raise AntwoordError(f"no corpus files in {folder}; the naive baseline reads the raw files there")
    chunks = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, piece in enumerate(splitter.split_text(text)):
            chunks.append(Chunk(id=f"{path.stem}#{number}", text=piece))
    return chunks


class NaiveIndex:
    """Chunks embedded as passages in a FAISS IndexFlatIP; search embeds the query and returns the top k."""

    def __init__(self, chunks: list[Chunk], embedder, cache_dir: Path | None = None):
        import faiss

        self.chunks = chunks
        self.embedder = embedder
        vectors = _cached_vectors(chunks, embedder, cache_dir)
        self.index = faiss.IndexFlatIP(vectors.shape[1])  # vectors are L2-normalized, so IP is cosine
        self.index.add(vectors)

    @classmethod
    def build(cls, settings: Settings, folder: Path = CORPUS_DIR) -> "NaiveIndex":
        """Split the raw corpus and embed it with the embedder the settings name (cached under home/eval)."""
        from index.embedders import make_embedder

        return cls(split_corpus(folder), make_embedder(settings), settings.home / "eval")

    def search(self, query: str, k: int) -> list[Hit]:
        """The k chunks nearest to the query, best first."""
        vector = np.ascontiguousarray(self.embedder.embed_queries([query]), dtype=np.float32)  # (1, d)
        scores, rows = self.index.search(vector, min(k, len(self.chunks)))
        return [
            Hit(id=self.chunks[row].id, text=self.chunks[row].text, score=float(score))
            for row, score in zip(rows[0], scores[0])
            if row >= 0
        ]


def _cached_vectors(chunks: list[Chunk], embedder, cache_dir: Path | None) -> np.ndarray:
    """Chunk vectors (n, d) float32, read from cache_dir when the same embedder saw the same chunks before."""
    basis = "\x1f".join([embedder.name, embedder.model, embedder.passage_prefix] + [c.text for c in chunks])
    path = None if cache_dir is None else cache_dir / f"naive-{hashlib.sha256(basis.encode()).hexdigest()[:16]}.npy"
    if path is not None and path.exists():
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(chunks):
            return vectors
    # embedding the ~300 chunks is the slow part of an evaluation run, so it is done once per corpus
    vectors = np.ascontiguousarray(embedder.embed_passages([c.text for c in chunks]), dtype=np.float32)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors, allow_pickle=False)
    return vectors
