"""Minimum metrics the gold evaluation must reach; `antwoord eval --fail-under` and the CI gate check them."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from core.errors import AntwoordError
from eval.metrics import Metrics
from eval.runner import EvalReport

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.json"  # the tuned split (eval/gold.jsonl)
BLIND_THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds_blind.json"  # the blind split
BLIND2_THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds_blind2.json"  # eval/gold_blind2.jsonl
DEV_THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds_dev.json"  # the dev split (eval/gold_dev.jsonl)


class Thresholds(BaseModel):
    """Minimum values for named metrics of one retriever's run, overall and per language."""

    retriever: str = Field(default="hybrid", description="The run the thresholds apply to.")
    split: str | None = Field(
        default=None, description="The split they apply to ('tuned', 'blind'); None = any gold file."
    )
    overall: dict[str, float] = Field(description="Metric name -> minimum, over all questions.")
    by_lang: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="Language -> metric name -> minimum, for that language's questions."
    )
    note: str = Field(default="", description="How the values were chosen.")


def load_thresholds(path: Path | str = THRESHOLDS_FILE) -> Thresholds:
    """Read a thresholds file; a missing file or unknown metric name is an AntwoordError."""
    path = Path(path)
    try:
        thresholds = Thresholds.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValidationError) as error:
        raise AntwoordError(f"cannot read thresholds file {path}: {error}") from error
    names = set(thresholds.overall).union(*[set(m) for m in thresholds.by_lang.values()])
    unknown = sorted(names - set(Metrics.model_fields))
    if unknown:
        raise AntwoordError(f"{path}: unknown metric(s) {', '.join(unknown)}; use names from eval.metrics.Metrics")
    return thresholds


def thresholds_for(reports: list[EvalReport], path: Path | str | None) -> list[tuple[EvalReport, Thresholds]]:
    """(report, thresholds) pairs to check: a given file applies to every report of its split (or to all when it
    names none); by default each bundled split has its own file, and any other gold file is held to the tuned one."""
    if path is not None:
        limits = load_thresholds(path)
        return [(r, limits) for r in reports if limits.split is None or r.split == limits.split] or [
            (r, limits) for r in reports
        ]
    bundled = {"tuned": THRESHOLDS_FILE, "dev": DEV_THRESHOLDS_FILE, "blind": BLIND_THRESHOLDS_FILE,
               "blind2": BLIND2_THRESHOLDS_FILE}
    pairs = []
    for report in reports:
        file = bundled.get(report.split, THRESHOLDS_FILE)
        if file.exists():
            pairs.append((report, load_thresholds(file)))
    return pairs


def failures(report: EvalReport, thresholds: Thresholds) -> list[str]:
    """One message per metric below its minimum; empty when everything passes."""
    run = report.run(thresholds.retriever)
    if run is None:
        return [f"the thresholds apply to the {thresholds.retriever} run, which was not evaluated"]
    problems = _below(run.overall, thresholds.overall, f"{run.retriever} overall")
    for lang, minimums in sorted(thresholds.by_lang.items()):
        metrics = run.by_lang.get(lang)
        if metrics is None:
            problems.append(f"{run.retriever}: no '{lang}' questions in the gold file to check")
            continue
        problems += _below(metrics, minimums, f"{run.retriever} {lang}")
    return problems


def _below(metrics: Metrics, minimums: dict[str, float], label: str) -> list[str]:
    """Messages for the metrics under their minimum (a metric that is None counts as failing)."""
    problems = []
    for name, minimum in sorted(minimums.items()):
        value = getattr(metrics, name)
        if value is None or value < minimum:
            shown = "n/a" if value is None else f"{value:.3f}"
            problems.append(f"{label}: {name} {shown} < {minimum:.3f}")
    return problems
