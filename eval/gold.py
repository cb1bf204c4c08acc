"""Gold question files: one validated question a line, and the snippet matching that decides relevance."""

from __future__ import annotations

import json
import re
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, model_validator

from core.errors import AntwoordError

GOLD_FILE = Path(__file__).resolve().parent / "gold.jsonl"  # the tuned split: thresholds and margins were set on it
BLIND_FILE = Path(__file__).resolve().parent / "gold_blind.jsonl"  # held out: written blind, never tuned on
# A second tuning split, written blind (documents only) to calibrate the answerability rule: many on-topic
# unanswerable questions and broad questions listing every answering reply. Tuned on like gold.jsonl.
DEV_FILE = Path(__file__).resolve().parent / "gold_dev.jsonl"
# A second blind split, written later under the same conditions (documents only) and never tuned on: the blind
# split's aggregates had been printed in earlier sessions, this one was first scored once, at the end of the work.
BLIND2_FILE = Path(__file__).resolve().parent / "gold_blind2.jsonl"
SPLIT_NAMES = {GOLD_FILE.name: "tuned", BLIND_FILE.name: "blind", DEV_FILE.name: "dev", BLIND2_FILE.name: "blind2"}
MIN_SNIPPET_WORDS = 8
MAX_SNIPPET_WORDS = 20


class GoldFileError(AntwoordError):
    """A gold file is missing or one of its lines is not a valid gold question."""


class Kind(str, Enum):
    """The kinds the bundled gold files use; a user's gold file may use any other kind string."""

    FACTUAL = "factual"  # a number or a date
    POSITION = "position"  # the cabinet's position or reasoning
    CROSSREF = "crossref"  # the reply asked about only points to another; the substantive reply is the gold
    MULTI = "multi"  # needs two or more replies; every snippet names a different reply
    LETTER = "letter"  # answered by the government letter
    BROAD = "broad"  # a position question answered by many replies; every answering reply has a snippet
    KEYWORD = "keyword"  # a short keyword query rather than a question
    UNANSWERABLE = "unanswerable"  # plausible but answered nowhere in the corpus


class GoldItem(BaseModel):
    """One gold question with the verbatim reply snippets that make a retrieved reply relevant.

    kind and lang are free labels (metrics are grouped by whatever values a file uses). A question without
    snippets is unanswerable, whatever its kind; kind 'unanswerable' must have none. Several snippets in
    different replies make several answering replies: recall counts any of them, full recall needs all.
    """

    id: str = Field(min_length=1, description="Unique id within the file, e.g. 'q001'.")
    question: str = Field(min_length=1, description="The question as policy staff would ask it.")
    lang: str = Field(min_length=1, max_length=32, description="Language label of the question, e.g. 'en' or 'nl'.")
    kind: str = Field(min_length=1, max_length=64, description="Kind label, e.g. factual, position, unanswerable.")
    answer_snippets: list[str] = Field(
        default_factory=list,
        description="Verbatim substrings of the answering replies (8-20 words); empty for unanswerable questions.",
    )
    notes: str = Field(default="", description="Where the answer is (document, faction) and anything unusual.")

    @model_validator(mode="after")
    def _snippets_fit_kind(self) -> "GoldItem":
        """Kind 'unanswerable' has no snippets; every snippet has 8-20 words."""
        if self.kind == Kind.UNANSWERABLE.value and self.answer_snippets:
            raise ValueError("an unanswerable question must have no answer_snippets")
        for snippet in self.answer_snippets:
            words = word_count(snippet)
            if not MIN_SNIPPET_WORDS <= words <= MAX_SNIPPET_WORDS:
                raise ValueError(f"snippet has {words} words, expected 8-20: {snippet!r}")
        return self

    @property
    def answerable(self) -> bool:
        """True when some reply answers the question (it has snippets)."""
        return bool(self.answer_snippets)


_NOT_ALNUM = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """Lowercase and drop every character that is not a letter or digit (robust to hyphens, spaces, quotes)."""
    return _NOT_ALNUM.sub("", text.lower())


def word_count(text: str) -> int:
    """Words with at least one letter or digit (dashes and euro signs do not count)."""
    return sum(1 for token in text.split() if normalize(token))


def matched_snippets(text: str, snippets: list[str]) -> set[int]:
    """Indexes of the snippets that occur in text after normalizing both."""
    haystack = normalize(text)
    return {i for i, snippet in enumerate(snippets) if normalize(snippet) in haystack}


def is_relevant(text: str, snippets: list[str]) -> bool:
    """A retrieved unit (reply, section or chunk) is relevant when it contains any gold snippet."""
    return bool(matched_snippets(text, snippets))


def split_name(path: Path | str) -> str:
    """'tuned', 'dev', 'blind' or 'blind2' for the bundled files, else the file's stem (how reports label a gold file)."""
    return SPLIT_NAMES.get(Path(path).name, Path(path).stem)


def default_gold_files() -> list[Path]:
    """The bundled splits that exist: the two tuning splits (tuned, dev), then the blind ones."""
    return [path for path in (GOLD_FILE, DEV_FILE, BLIND_FILE, BLIND2_FILE) if path.exists()]


def load_gold(path: Path | str) -> list[GoldItem]:
    """Read and validate a gold file; a bad line raises GoldFileError naming the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise GoldFileError(f"cannot read gold file {path}: {error.strerror or error}") from error
    items: list[GoldItem] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item = _parse_line(path, number, line)
        if item.id in seen:
            raise GoldFileError(f"{path}:{number}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise GoldFileError(f"{path}: no gold questions; expected one JSON object a line")
    return items


def _parse_line(path: Path, number: int, line: str) -> GoldItem:
    """One line as a GoldItem, or GoldFileError with file:line and what is wrong."""
    try:
        return GoldItem.model_validate(json.loads(line))
    except json.JSONDecodeError as error:
        raise GoldFileError(f"{path}:{number}: not valid JSON ({error.msg} at column {error.colno})") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "line"
        raise GoldFileError(f"{path}:{number}: {where}: {first['msg']}") from error
