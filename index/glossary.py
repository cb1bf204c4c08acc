"""English query -> Dutch domain terms, from a bilingual glossary kept as data (glossary_nl_en.tsv).

The corpus is Dutch, so BM25 cannot match an English question's words; the glossary gives it the Dutch words of
the domain's countries, institutions and instruments ("return hub" -> terugkeerhub) to match instead.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

from core.errors import AntwoordError

GLOSSARY_FILE = Path(__file__).resolve().with_name("glossary_nl_en.tsv")
ANY_ENDING = "*"  # "relocation*" matches relocation, relocations
TERM_SEPARATOR = "|"


class GlossaryEntry(NamedTuple):
    """One English term (as a compiled pattern) and its Dutch renderings."""

    english: str
    pattern: re.Pattern
    dutch: tuple[str, ...]


def _pattern(english: str) -> re.Pattern:
    """Whole-word, case-insensitive; spaces also match hyphens ("go and see" = "go-and-see"); '*' any ending."""
    words = re.split(r"[\s-]+", english.lower())
    body = r"[\s-]+".join(re.escape(word) for word in words).replace(re.escape(ANY_ENDING), r"\w*")
    return re.compile(rf"(?<!\w){body}(?!\w)")


def parse_glossary(text: str, source: str = "glossary") -> tuple[GlossaryEntry, ...]:
    """Entries from 'english<TAB>dutch | dutch' lines; '#' lines and blank lines are skipped."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        english, tab, dutch = line.partition("\t")
        terms = tuple(term.strip() for term in dutch.split(TERM_SEPARATOR) if term.strip())
        if not tab or not english.strip() or not terms:
            raise AntwoordError(f"{source}:{number}: expected 'english<TAB>dutch | dutch', got {line!r}; fix the line")
        entries.append(GlossaryEntry(english.strip(), _pattern(english.strip()), terms))
    return tuple(entries)


@functools.lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_FILE) -> tuple[GlossaryEntry, ...]:
    """The glossary file's entries (read once per process)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AntwoordError(f"cannot read the glossary {path}: {error.strerror or error}; reinstall antwoord") from error
    return parse_glossary(text, str(path))


def dutch_terms(query: str, entries: tuple[GlossaryEntry, ...] | None = None) -> list[str]:
    """The Dutch terms of every glossary entry the query mentions, in glossary order, without repeats."""
    text = query.lower()
    found: dict[str, None] = {}
    for entry in load_glossary() if entries is None else entries:
        if entry.pattern.search(text):
            found.update(dict.fromkeys(entry.dutch))
    return list(found)
