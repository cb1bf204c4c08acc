"""Helpers every CLI command uses: errors as one line, JSON output, and the one filter parser of ask/chat/search."""

from __future__ import annotations

import calendar
import difflib
import errno
import functools
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Sequence

import typer
from pydantic import BaseModel

from core.errors import AntwoordError
from core.models import Document, date_label

if TYPE_CHECKING:
    from core.settings import Settings
    from index.search import SearchFilters

USAGE_EXIT = 2  # a bad option value, as click uses for usage errors
# Names researchers use for a faction that the reports spell otherwise (keys case-folded).
FACTION_ALIASES = {
    "gl-pvda": "GroenLinks-PvdA", "gl/pvda": "GroenLinks-PvdA", "glpvda": "GroenLinks-PvdA",
    "gl": "GroenLinks-PvdA", "groenlinks": "GroenLinks-PvdA", "pvda": "GroenLinks-PvdA",
    "groenlinks/pvda": "GroenLinks-PvdA", "groen links": "GroenLinks-PvdA",
    "christenunie": "ChristenUnie", "cu": "ChristenUnie", "pvdd": "PvdD", "partij voor de dieren": "PvdD",
    "bbb": "BBB", "boerburgerbeweging": "BBB", "nsc": "NSC", "nieuw sociaal contract": "NSC",
}
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

K_HELP = "Replies to retrieve (default ANTWOORD_TOP_K)."
FACTION_HELP = "Only replies to this faction, any case; repeatable. Aliases: GL-PvdA, GroenLinks, PvdA."
DOC_HELP = "Only this document: its id or an id prefix such as 003; repeatable."
SINCE_HELP = "Only documents dated on/after this day, month or year: 2025-03-07, 2025-03 or 2025."
UNTIL_HELP = "Only documents dated on/before this day, month or year: 2025-03-07, 2025-03 or 2025."


class OptionError(AntwoordError):
    """A bad option value: printed as one 'Error: …' line, exit code 2."""


def os_error_message(error: OSError) -> str:
    """One line naming the file, the problem and the fix, for the OS errors users cause."""
    name = error.filename or "?"
    path = Path(str(name))
    if isinstance(error, FileNotFoundError) and not path.parent.exists():
        return f"cannot write or read {name}: folder {path.parent} does not exist; create it or choose another path"
    if isinstance(error, FileNotFoundError):
        return f"{name} does not exist; check the path"
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return f"{name} is a file where a folder is needed; point ANTWOORD_HOME (or --home, -o) at a folder"
    if isinstance(error, IsADirectoryError):
        return f"{name} is a folder; give a file path"
    if isinstance(error, PermissionError):
        return f"permission denied for {name}; change its permissions or choose another path"
    if error.errno == errno.ENOSPC:
        return f"no space left on the device writing {name}; free some space"
    return f"{name}: {error.strerror or error}"


def handle_errors(command: Callable) -> Callable:
    """Turn known errors into one 'Error: …' line on stderr: exit code 2 for a bad option value, else 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except OptionError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(code=USAGE_EXIT)
        except AntwoordError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(code=1)
        except OSError as error:
            typer.echo(f"Error: {os_error_message(error)}", err=True)
            raise typer.Exit(code=1)

    return wrapper


def print_json(data: Any) -> None:
    """Print one JSON document (pydantic models included), UTF-8, stable key order as built."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


# --- filters -----------------------------------------------------------------------------------------------


class Catalog(NamedTuple):
    """What the filters can name: the ingested documents (newest first) and the factions of their replies."""

    documents: list[Document]
    factions: list[str]


def load_catalog(settings: Settings) -> Catalog | None:
    """The documents and factions in the store, or None when nothing was ingested."""
    if not settings.store_path.is_file():
        return None
    from ingest.store import RecordStore

    store = RecordStore(settings.store_path)
    documents = sorted(store.documents(), key=lambda d: (d.date or date.min, d.id), reverse=True)
    factions = sorted({r.faction for r in store.records() if r.faction}, key=str.casefold)
    return Catalog(documents, factions)


def parse_period(value: str | None, option: str, end: bool) -> date | None:
    """'2025', '2025-03' or '2025-03-07' as a day: the first day of the period, or the last when end is True."""
    if value is None:
        return None
    match = _PERIOD.match(value.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), int(match[2] or (12 if end else 1)), match[3]
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        return date(year, month, int(day) if day else (last if end else 1))
    except ValueError:
        raise OptionError(
            f"{option} {value!r} is not a date; write a day, month or year: 2025-03-07, 2025-03 or 2025"
        ) from None


def resolve_factions(values: Sequence[str], catalog: Catalog | None) -> list[str]:
    """Faction names as the index spells them (any case, aliases); an unknown one is an error naming the valid ones."""
    resolved: list[str] = []
    for value in values:
        name = FACTION_ALIASES.get(" ".join(value.split()).casefold(), value.strip())
        if catalog is not None:
            known = {f.casefold(): f for f in catalog.factions}
            if name.casefold() not in known:
                close = difflib.get_close_matches(name, catalog.factions, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]}? " if close else ""
                raise OptionError(
                    f"--faction {value!r} is not a faction in the index; {hint}valid: {', '.join(catalog.factions)}"
                )
            name = known[name.casefold()]
        if name not in resolved:
            resolved.append(name)
    return resolved


def resolve_documents(values: Sequence[str], catalog: Catalog | None) -> list[str]:
    """Document ids from ids or id prefixes ('003'); a prefix that matches none is an error listing the documents."""
    resolved: list[str] = []
    for value in values:
        wanted = value.strip()
        if catalog is None:
            matches = [wanted]
        else:
            matches = [d.id for d in catalog.documents if d.id.casefold().startswith(wanted.casefold())]
        if not matches:
            raise OptionError(f"--doc {value!r} matches no document id; documents: {document_list(catalog)}")
        resolved += [m for m in matches if m not in resolved]
    return resolved


def document_list(catalog: Catalog | None) -> str:
    """'kst-32317-QC (2026-05-06), kst-32317-974 (2025-10-08), …' newest first."""
    if catalog is None or not catalog.documents:
        return "none ingested"
    return ", ".join(f"{d.id} ({date_label(d.date, d.date_estimated)})" for d in catalog.documents)


def make_filters(
    settings: Settings,
    factions: Sequence[str] | None,
    docs: Sequence[str] | None,
    since: str | None,
    until: str | None,
) -> SearchFilters | None:
    """The one filter parser of ask, chat and search: SearchFilters, or None when no filter option is given."""
    start, end = parse_period(since, "--since", end=False), parse_period(until, "--until", end=True)
    if start and end and start > end:
        raise OptionError(f"--since {since} is after --until {until}; swap them")
    if not (factions or docs or start or end):
        return None
    from index.search import SearchFilters

    catalog = load_catalog(settings)
    return SearchFilters(
        factions=resolve_factions(factions, catalog) if factions else None,
        document_ids=resolve_documents(docs, catalog) if docs else None,
        since=start,
        until=end,
    )


def describe_filters(filters: SearchFilters | None) -> str:
    """'faction PVV; documents 000_…; since 2025-01-01' for messages."""
    if filters is None:
        return "no filters"
    parts = []
    if filters.factions:
        parts.append("faction " + " or ".join(filters.factions))
    if filters.document_ids:
        parts.append("document " + " or ".join(filters.document_ids))
    if filters.since:
        parts.append(f"since {filters.since.isoformat()}")
    if filters.until:
        parts.append(f"until {filters.until.isoformat()}")
    return "; ".join(parts)


def no_match_message(settings: Settings, filters: SearchFilters | None) -> str:
    """Why nothing was found with these filters, and what the index holds to choose from instead."""
    catalog = load_catalog(settings)
    factions = ", ".join(catalog.factions) if catalog else "none"
    return (
        f"No replies match these filters ({describe_filters(filters)}). "
        f"Factions in the index: {factions}. Documents, newest first: {document_list(catalog)}."
    )
