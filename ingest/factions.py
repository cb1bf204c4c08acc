"""Faction names: section headers of Tweede Kamer reports and faction mentions in reply text.

Convention: a faction is named by its short name as printed before "-fractie" ("PVV", "GroenLinks-PvdA",
"NSC", "D66", "ChristenUnie", "JA21"); long names that have a usual abbreviation are mapped to it
("Forum voor Democratie" → "FVD"), so the header and the members' own wording agree.
"""

from __future__ import annotations

import re

from ingest.linescan import LinePattern

# "Vragen en opmerkingen van de leden van de PVV-fractie"; the name may wrap ("GroenLinks-PvdA-\nfractie")
# and the phrase may be doubled by a typo ("van de leden van de leden van de CDA-fractie").
SECTION_HEADER = LinePattern(re.compile(
    r"^[ \t]*Vragen en opmerkingen van de leden van de (?:leden van de )*"
    r"(?P<name>[^\n]+?)-[ \t]*\n?[ \t]*fractie[ \t]*$",
    re.MULTILINE,
), "Vragen en opmerkingen van de leden van de ")
# "de PVV-fractie", "de PVV- en NSC-fractie", "de GroenLinks-PvdA-fractie".
_NAME = r"[A-Z][\w]*(?:-[A-Z][\w]*)?"
SUFFIX_MENTION = re.compile(rf"(?P<names>(?:{_NAME}-\s*(?:,|en)\s+)*{_NAME})-fractie")
# "de fractie van GroenLinks-PvdA", "de fractie van D66", "de fractie-BBB".
PREFIX_MENTION = re.compile(rf"\bfractie(?: van |-)(?P<names>{_NAME})")
_LIST_SEPARATOR = re.compile(r"-\s*(?:,|en)\s+")
ALIASES = {
    "forum voor democratie": "FVD",
    "fvd": "FVD",
    "groenlinks-pvda": "GroenLinks-PvdA",
    "groenlinks–pvda": "GroenLinks-PvdA",
    "christenunie": "ChristenUnie",
    "partij voor de dieren": "PvdD",
    "boerburgerbeweging": "BBB",
}


def normalise_faction(name: str) -> str:
    """The convention's short name for a faction name as printed."""
    name = " ".join(name.replace("-\n", "-").split()).strip(" -")
    return ALIASES.get(name.lower(), name)


def factions_mentioned(text: str) -> list[str]:
    """Factions named in text ("de PVV- en NSC-fractie" gives PVV and NSC), in order, without repeats."""
    found: list[tuple[int, str]] = []
    for match in SUFFIX_MENTION.finditer(text):
        names = _LIST_SEPARATOR.split(match.group("names"))
        found += [(match.start(), normalise_faction(name)) for name in names]
    for match in PREFIX_MENTION.finditer(text):
        found.append((match.start(), normalise_faction(match.group("names"))))
    return list(dict.fromkeys(name for _, name in sorted(found, key=lambda item: item[0])))
