"""Position benchmark: document coverage, pointer-only citations, newest-first order and extractive answer time.

Runs the broad position questions of eval/positions_tune.jsonl (each lists by hand every document holding an
on-topic reply) through the extractive assistant and prints one JSON document of figures. The answer time of
the current code is compared in the same run with the code of a baseline commit (default 8a14f82, before the
position overview): each timing pass runs in its own subprocess (the baseline's with that commit's assistant/
package first on sys.path), baseline and current passes alternating.

    ANTWOORD_HOME=/tmp/home .venv/bin/antwoord ingest data/corpus   # once
    ANTWOORD_HOME=/tmp/home .venv/bin/python bench/bench_positions.py [--baseline 8a14f82] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUNE_FILE = ROOT / "eval" / "positions_tune.jsonl"
RETURN_HUBS = "what did the cabinet say about return hubs?"


def load_questions(path: Path) -> list[dict]:
    """The tuning questions: id, question, lang, documents (listed by hand)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def time_answers(questions: list[str], repeat: int) -> dict[str, float]:
    """Median extractive answer() time per question in ms, with one warm Searcher (whatever assistant is imported)."""
    from assistant.answer import answer
    from core.settings import Settings
    from index.search import Searcher

    settings = Settings()
    searcher = Searcher.open(settings)
    answer("warm-up question about return", settings, searcher=searcher)
    times: dict[str, list[float]] = {q: [] for q in questions}
    for _ in range(repeat):
        for question in questions:
            started = time.perf_counter()
            answer(question, settings, searcher=searcher)
            times[question].append((time.perf_counter() - started) * 1000)
    return {q: statistics.median(values) for q, values in times.items()}


def cited_replies(questions: list[str], _repeat: int = 1) -> dict[str, list[list[str]]]:
    """Per question the [document id, reply text] of every citation (whatever assistant is imported)."""
    from assistant.answer import answer
    from core.settings import Settings
    from index.search import Searcher

    settings = Settings()
    searcher = Searcher.open(settings)
    results = {q: answer(q, settings, searcher=searcher) for q in questions}
    return {q: [[c.id.split(":", 1)[0], c.reply] for c in r.citations] for q, r in results.items()}


def run_in(package_dir: str | None, function: str, questions: list[str]):
    """function(questions, 1) of this module in a subprocess, package_dir's assistant/ first on sys.path if given."""
    path = ([package_dir] if package_dir else []) + [str(ROOT)]
    code = (f"import sys, json; sys.path[:0] = {path!r}; from bench.bench_positions import {function}; "
            f"print(json.dumps({function}(json.loads(sys.argv[1]), 1)))")
    result = subprocess.run([sys.executable, "-c", code, json.dumps(questions)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": ""}, cwd=package_dir or str(ROOT))
    if result.returncode != 0:
        raise SystemExit(f"{function} failed ({package_dir or 'current code'}): {result.stderr.strip()[-400:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def baseline_coverage(items: list[dict], cited: dict[str, list[list[str]]]) -> dict:
    """Coverage and pointer-only citations of another code's answers (cited: per question [document, reply])."""
    from assistant.sentences import is_pointer_reply

    shares = [len(set(i["documents"]) & {d for d, _ in cited[i["question"]]}) / len(i["documents"]) for i in items]
    replies = [reply for i in items for _, reply in cited[i["question"]]]
    return {
        "mean_coverage": round(statistics.mean(shares), 3),
        "all_documents_cited": round(sum(share == 1.0 for share in shares) / len(shares), 3),
        "pointer_only_citations": sum(is_pointer_reply(reply, []) for reply in replies),
        "citations": len(replies),
    }


def export_assistant(commit: str, repo: Path, folder: Path) -> None:
    """Write the assistant/ package of a commit into folder/assistant."""
    (folder / "assistant").mkdir()
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", commit, "assistant/"],
                             capture_output=True, text=True, check=True).stdout.split()
    for name in listing:
        source = subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{name}"],
                                capture_output=True, text=True, check=True).stdout
        (folder / name).write_text(source, encoding="utf-8")


def compare_times(commit: str, questions: list[str], repeat: int, repo: Path) -> tuple[dict, dict, dict]:
    """Median answer time per question of the baseline commit and of the current code, passes interleaved
    (baseline, current, baseline, ...) so that a change in machine load hits both alike; and what the baseline
    cites."""
    old: dict[str, list[float]] = {q: [] for q in questions}
    new: dict[str, list[float]] = {q: [] for q in questions}
    with tempfile.TemporaryDirectory() as folder:
        export_assistant(commit, repo, Path(folder))
        cited = run_in(folder, "cited_replies", questions)
        for _ in range(repeat):
            for times, package in ((old, folder), (new, None)):
                for question, ms in run_in(package, "time_answers", questions).items():
                    times[question].append(ms)
    medians = ({q: statistics.median(v) for q, v in old.items()}, {q: statistics.median(v) for q, v in new.items()})
    return (*medians, cited)


def position_figures(items: list[dict]) -> dict:
    """Coverage, pointer-only citations and order of the current code's answers to the tuning questions."""
    from assistant.answer import answer
    from assistant.sentences import is_pointer_reply
    from core.settings import Settings
    from index.search import Searcher

    settings = Settings()
    searcher = Searcher.open(settings)
    rows = []
    for item in items:
        result = answer(item["question"], settings, searcher=searcher)
        cited_documents = {c.id.split(":", 1)[0] for c in result.citations}
        wanted = set(item["documents"])
        dates = [p.date.toordinal() if p.date else 0 for p in result.positions]
        rows.append({
            "id": item["id"],
            "abstained": result.abstained,
            "coverage": len(wanted & cited_documents) / len(wanted),
            "missing": sorted(wanted - cited_documents),
            "extra_documents": sorted(cited_documents - wanted),
            "citations": len(result.citations),
            "pointer_only": sum(1 for c in result.citations if is_pointer_reply(c.reply, [])),
            "newest_first": dates == sorted(dates, reverse=True),
            "more": len(result.more),
        })
    return {
        "questions": len(rows),
        "mean_coverage": round(statistics.mean(r["coverage"] for r in rows), 3),
        "all_documents_cited": round(sum(r["coverage"] == 1.0 for r in rows) / len(rows), 3),
        "pointer_only_citations": sum(r["pointer_only"] for r in rows),
        "citations": sum(r["citations"] for r in rows),
        "newest_first": sum(r["newest_first"] for r in rows),
        "abstained": sum(r["abstained"] for r in rows),
        "per_question": rows,
    }


def main() -> None:
    """Print the figures as one JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="8a14f82", help="commit whose assistant/ is timed for comparison")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the questions")
    parser.add_argument("--repo", type=Path, default=ROOT, help="git checkout holding the baseline commit")
    parser.add_argument("--questions", type=Path, default=TUNE_FILE, help="tuning file (JSON lines)")
    args = parser.parse_args()
    if str(ROOT) not in sys.path:  # run as a script: the repository's packages (not at import: see run_in)
        sys.path.insert(0, str(ROOT))
    items = load_questions(args.questions)
    questions = [item["question"] for item in items]
    figures = position_figures(items)
    old, new, baseline_cited = compare_times(args.baseline, questions, args.repeat, args.repo)
    ratios = [new[q] / old[q] for q in questions]
    hubs = next(((i, r) for i, r in zip(items, figures["per_question"]) if i["question"] == RETURN_HUBS), None)
    report = {
        "home": os.environ.get("ANTWOORD_HOME", ".antwoord"),
        "load_average": os.getloadavg()[0],
        **{k: v for k, v in figures.items() if k != "per_question"},
        # only when the question file holds the flagship question
        "return_hubs_documents_cited": None if hubs is None
        else f"{len(hubs[0]['documents']) - len(hubs[1]['missing'])} of {len(hubs[0]['documents'])}",
        "answer_ms_median_new": round(statistics.median(new.values()), 1),
        "answer_ms_median_baseline": round(statistics.median(old.values()), 1),
        "answer_time_ratio_median": round(statistics.median(ratios), 2),
        "answer_time_ratio_of_totals": round(sum(new.values()) / sum(old.values()), 2),
        "baseline": args.baseline,
        "baseline_positions": baseline_coverage(items, baseline_cited),
        "per_question": figures["per_question"],
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
