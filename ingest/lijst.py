"""A committee's list of questions and answers ("Lijst van vragen en antwoorden"): numbered, no factions.

The committee asks; each numbered question is followed by its answer ("Antwoord", "Antwoord 3"). Parsed by
the numbered-question engine (ingest.numbered) through ingest.kamervragen, with the committee as asker.
"""

from __future__ import annotations

from core.models import Record
from ingest import kamervragen

LAYOUT = kamervragen.LIST_LAYOUT


def looks_like(source: str) -> bool:
    """A text titled 'Lijst van vragen en antwoorden' that holds answer labels."""
    return kamervragen.looks_like_list(source)


def parse(source: str, document_id: str) -> list[Record]:
    """One reply per answer; the committee as asker, no faction."""
    return kamervragen.parse_list(source, document_id)


def parse_with_warnings(source: str, document_id: str) -> tuple[list[Record], list[str]]:
    """The replies and the pairing problems noticed."""
    return kamervragen.parse_with_warnings(source, document_id, committee_asks=True)
