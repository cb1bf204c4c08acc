"""Benchmark the ingest stage: parse + store documents per second on text files of the seeds' size.

Usage: .venv/bin/python bench/bench_ingest.py [--copies 40] [--corpus data/corpus] [--fixtures tests/fixtures/ingest]
Writes `copies` copies of every seed and every text fixture (each copy made distinct by a trailing page number,
so no cache sees the same text twice) into a temporary folder, ingests the folder into a temporary
ANTWOORD_HOME twice — in this process alone (workers=1) and as `antwoord ingest` does (a worker process per
core) — and prints a Markdown table (paste it into docs/benchmarks.md). Then it runs the command a user runs,
`antwoord ingest FOLDER --no-index` in a fresh ANTWOORD_HOME, on the seed copies (wall and CPU of the command
and its workers, interpreter start included, and the start alone as `antwoord --help`). No index is built.

Timings on a shared machine move with its load; instruction counts do not. `--parse-rounds R` only parses the
seeds R times (each document new text, per-text caches emptied) for a run under valgrind; the difference between
R=3 and R=1, divided by 10, is the instructions per seed document:
    valgrind --tool=cachegrind --cache-sim=no .venv/bin/python bench/bench_ingest.py --parse-rounds 1   (and 3)
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.settings import Settings  # noqa: E402
from ingest.layout import parse_document  # noqa: E402
from ingest.pipeline import build_document, ingest_paths  # noqa: E402
from ingest.workers import worker_count  # noqa: E402


def write_copies(sources: list[Path], copies: int, folder: Path) -> list[Path]:
    """copies distinct copies of each source in folder; a page number between blank lines makes each text unique."""
    written = []
    for copy in range(copies):
        for source in sources:
            target = folder / f"{source.stem}_{copy:04d}{source.suffix}"
            target.write_text(source.read_text(encoding="utf-8") + f"\n\n{copy % 900 + 1}\n", encoding="utf-8")
            written.append(target)
    return written


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (the parsing workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def ingest(folder: Path, home: Path, workers: int | None):
    """Ingest folder into home: (report, wall seconds, CPU seconds including the workers')."""
    started, cpu = time.perf_counter(), cpu_seconds()
    report = ingest_paths([folder], Settings(home=home), progress=False, workers=workers)
    return report, time.perf_counter() - started, cpu_seconds() - cpu


def run(sources: list[Path], copies: int) -> dict:
    """Ingest the copies (one process, then the default workers) and parse them once more without storing."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        files = write_copies(sources, copies, folder)
        megabytes = sum(path.stat().st_size for path in files) / 1e6
        report, ingest_seconds, ingest_cpu = ingest(folder, Path(tmp) / "home1", workers=1)
        pooled, pool_seconds, pool_cpu = ingest(folder, Path(tmp) / "home2", workers=None)
        texts = [path.read_text(encoding="utf-8") + "\n" for path in files]  # distinct from the ingested texts
        started, cpu = time.perf_counter(), time.process_time()
        for path, text in zip(files, texts):
            parse_document(text, path.stem)
        parse_seconds, parse_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert not report.errors and not pooled.errors, report.errors + pooled.errors
    assert pooled.documents == report.documents and pooled.records == report.records
    return {"documents": report.documents, "records": report.records, "megabytes": megabytes,
            "ingest_seconds": ingest_seconds, "ingest_cpu": ingest_cpu, "pool_seconds": pool_seconds,
            "pool_cpu": pool_cpu, "workers": worker_count(len(files)), "parse_seconds": parse_seconds,
            "parse_cpu": parse_cpu}


def run_cli(arguments: list[str], home: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the command and its worker processes) of `antwoord ARGUMENTS` with ANTWOORD_HOME=home."""
    command = Path(sys.executable).with_name("antwoord")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(command), *arguments], env={**os.environ, "ANTWOORD_HOME": str(home)}, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def cli_rows(seeds: list[Path], copies_list: list[int]) -> list[str]:
    """Table rows: `antwoord ingest FOLDER --no-index` on copies of the seeds, each in a fresh ANTWOORD_HOME."""
    rows = []
    start_wall, start_cpu = run_cli(["--help"], Path(tempfile.gettempdir()) / "antwoord-bench-unused")
    for copies in copies_list:
        load = os.getloadavg()[0]  # the 1-minute load before the run: what else the two cores were doing
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "docs"
            folder.mkdir()
            files = len(write_copies(seeds, copies, folder))
            wall, cpu = run_cli(["ingest", str(folder), "--no-index", "--no-progress"], Path(tmp) / "home")
        rows.append(f"| {files} | {wall:.2f} | {cpu:.2f} | **{files / wall:.0f}** | {files / (wall - start_wall):.0f} "
                    f"| {1000 * cpu / files:.1f} | {start_wall:.2f} / {start_cpu:.2f} | {load:.1f} |")
    return rows


def parse_rounds(seeds: list[Path], rounds: int) -> None:
    """Parse (with metadata) each seed `rounds` times, each time as new text, for counting instructions."""
    texts = [path.read_text(encoding="utf-8") for path in seeds]
    for round_number in range(rounds):
        for path, text in zip(seeds, texts):
            build_document(path, path.stem, f"{text}\n\n{round_number + 1}\n", "-")


def in_process(groups: dict[str, list[Path]], copies: int) -> None:
    """The table of ingests in this process: one process, the default workers, parsing alone."""
    # Wall time depends on what else runs on the machine; CPU time is what ingest itself costs, so documents per
    # CPU-second of one process is the rate of one otherwise idle core.
    print("| files | documents | records | MB | one process: wall s | CPU s | documents/s wall | documents/CPU-s "
          "| workers | with workers: wall s | CPU s (all processes) | **documents/s wall** | parse only: documents/CPU-s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, sources in groups.items():
        r = run(sources, copies)
        n = r["documents"]
        print(f"| {name} | {n} | {r['records']} | {r['megabytes']:.1f} | {r['ingest_seconds']:.2f} | "
              f"{r['ingest_cpu']:.2f} | {n / r['ingest_seconds']:.0f} | {n / r['ingest_cpu']:.0f} | {r['workers']} | "
              f"{r['pool_seconds']:.2f} | {r['pool_cpu']:.2f} | **{n / r['pool_seconds']:.0f}** | "
              f"{n / r['parse_cpu']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "ingest")
    parser.add_argument("--parse-rounds", type=int, default=0, help="Only parse the seeds this many times.")
    parser.add_argument("--cli-copies", type=int, nargs="*", default=[40, 200],
                        help="Copies of each seed for the `antwoord ingest` runs (none: skip them).")
    parser.add_argument("--cli-only", action="store_true", help="Only the `antwoord ingest` runs (repeat them "
                        "with --cli-copies 200 200 200: the figure to quote is a range over quiet minutes).")
    args = parser.parse_args()
    if args.parse_rounds:
        parse_rounds(sorted(args.corpus.glob("*.txt")), args.parse_rounds)
        return
    groups = {
        "seeds (5 files, 43 KB mean)": sorted(args.corpus.glob("*.txt")),
        "fixtures (Kamervragen, lists, reports; 1-3 KB)": sorted(args.fixtures.glob("*.txt")),
    }
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          f"at start, {args.copies} copies of each file\n")
    if not args.cli_only:
        in_process(groups, args.copies)
    if args.cli_copies:
        print("\n`antwoord ingest FOLDER --no-index --no-progress`, seed copies, fresh ANTWOORD_HOME each:\n")
        print("| files | wall s | CPU s (command + workers) | **documents/s wall** | documents/s wall after the "
              "interpreter start | CPU ms per document | start (`antwoord --help`): wall / CPU s | load before |")
        print("|---|---|---|---|---|---|---|---|")
        print("\n".join(cli_rows(groups["seeds (5 files, 43 KB mean)"], args.cli_copies)))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
