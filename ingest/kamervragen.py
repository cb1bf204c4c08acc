"""Answers to written questions (Kamervragen, Aanhangsel van de Handelingen) and lists of questions and answers.

Kamervragen: "Vragen van het lid Van Dijk (VVD) aan de Minister van … over … (ingezonden 10 januari 2025)",
"Antwoord van Minister Faber (Asiel en Migratie) (ontvangen 3 februari 2025)", then numbered questions and
answers (see ingest.numbered). The same answers as a minister's letter ("Hierbij ontvang u de antwoorden op
de vragen van het lid …", "Den Haag, …", signature) parse the same way. A list of questions and answers
("Lijst van vragen en antwoorden") is asked by a committee, not by members: its replies carry no faction and
the committee as asker.
"""

from __future__ import annotations

import re
from datetime import date

from core.models import Record
from ingest import numbered
from ingest.factions import normalise_faction
from ingest.linescan import LinePattern
from ingest.metadata import (
    MAX_SUBJECT_CHARS,
    MONTHS,
    Metadata,
    document_committee,
    document_date,
    document_sender,
    format_date,
    kamerstuk_references,
)

LAYOUT = "kamervragen"
LIST_LAYOUT = "lijst_vragen_antwoorden"
_DATE = rf"(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(\d{{4}})"
_OPENING_CHARS = 3000
ASKED_BY = re.compile(
    r"\b[Vv]ragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<who>.+?)\s*"
    r"(?=\baan\s+de\b|\baan\s+het\b|\bover\b|\(ingezonden|\bbetreffende\b|\.\s|\n\s*\n)",
    re.DOTALL,
)
_MEMBER = re.compile(r"(?P<name>.+?)\s*\((?P<party>[^()]+)\)\s*")
_MEMBER_SPLIT = re.compile(r"\s*,\s*|\s+en\s+")
_BOTH = re.compile(r"^(?:beiden|allen|alle\s+\w+)\s+", re.I)
ANSWERED_BY = re.compile(
    r"\bAntwoord(?:en)?\s+van\s+(?:de\s+)?(?P<office>[Mm]inister|[Ss]taatssecretaris)\s+(?P<name>[^()\n]+?)\s*"
    r"\((?P<department>[^()]+)\)"
)
RECEIVED = re.compile(rf"\(ontvangen\s+{_DATE}\)", re.I)
SUBMITTED = re.compile(rf"\(ingezonden\s+{_DATE}\)", re.I)
SUBJECT = re.compile(r"\bover\s+(?P<subject>[^\n]+?)\s*(?:\((?:ingezonden|ontvangen)|\.\s|\.$|\n\s*\n|$)", re.M)
IDENTIFIER = re.compile(r"\bah-(?P<chamber>tk|ek)-(?P<year>\d{8})-(?P<number>\d{1,6})\b", re.I)
AANHANGSEL = re.compile(
    r"Aanhangsel\s+(?:van\s+de\s+)?Handelingen(?:\s+(?P<chamber>II|I)\b)?,?\s*(?:vergaderjaar\s*)?"
    r"(?P<year>\d{4}[-–/]\d{2,4}),?\s*nr\.?\s*(?P<number>\d{1,6})",
    re.I,
)
_HINT = re.compile(r"\b[Vv]ragen\s+van\s+(?:het\s+lid|de\s+leden)\b|\bKamervragen\b|\bAanhangsel\b|\(ingezonden\b")
LIST_TITLE = re.compile(r"\blijst\s+van\s+vragen\s+en\s+antwoorden\b", re.I)
_SECTION_HEADER = LinePattern(re.compile(r"^[ \t]*Vragen en opmerkingen van de leden van de", re.M),
                              "Vragen en opmerkingen van de leden van de")
_HEADER_LINES = 30


def looks_like(source: str) -> bool:
    """Kamervragen answers: members' questions and numbered answers (and not a list or a faction report)."""
    if _is_list(source) or _SECTION_HEADER.search(source):
        return False
    questions, answers = _label_counts(source)
    if answers == 0 or (questions == 0 and _HINT.search(source[:_OPENING_CHARS]) is None):
        return False
    # A letter with a "Beantwoording" heading has an answer label but no question it answers.
    _, found = numbered.blocks(numbered.text_lines(source, 0, len(source)))
    replies, _ = numbered.pair(found)
    return any(reply.questions for reply in replies)


def looks_like_list(source: str) -> bool:
    """A 'Lijst van vragen en antwoorden' with answer labels."""
    return _is_list(source) and _label_counts(source)[1] > 0


def _is_list(source: str) -> bool:
    header = "\n".join(source.split("\n", _HEADER_LINES)[:_HEADER_LINES])
    return LIST_TITLE.search(header) is not None


def _label_counts(source: str) -> tuple[int, int]:
    return numbered.label_counts(source)


def parse(source: str, document_id: str) -> list[Record]:
    """One reply per answer, with the members who asked and their party as faction."""
    records, _ = parse_with_warnings(source, document_id)
    return records


def parse_with_warnings(source: str, document_id: str, committee_asks: bool = False) -> tuple[list[Record], list[str]]:
    """The reply records and the pairing problems noticed (questions without answer, unknown numbers)."""
    _, found = numbered.blocks(numbered.text_lines(source, 0, len(source)))
    replies, warnings = numbered.pair(found)
    if committee_asks:
        committee = document_committee(source)
        members, faction = ([committee] if committee else []), None
    else:
        members = askers(source)
        faction = _party(members[0]) if members else None
    return numbered.reply_records(source, document_id, replies, faction, members), warnings


def parse_list(source: str, document_id: str) -> list[Record]:
    """One reply per answer of a list of questions and answers; the committee asks, no faction."""
    return parse_with_warnings(source, document_id, committee_asks=True)[0]


def askers(source: str) -> list[str]:
    """'Vragen van de leden Van Dijk (VVD) en Bikker (ChristenUnie)' → ['Van Dijk (VVD)', 'Bikker (ChristenUnie)']."""
    match = ASKED_BY.search(source[:_OPENING_CHARS])
    if match is None:
        return []
    who = " ".join(match.group("who").split())
    pieces = [piece for piece in _split_members(who) if piece]
    members: list[tuple[str, str | None]] = []
    for piece in pieces:
        member = _MEMBER.fullmatch(piece)
        if member:
            members.append((member.group("name").strip(), normalise_faction(_BOTH.sub("", member.group("party")))))
        else:
            members.append((piece.strip(), None))
    # "Van Dijk en Jansen (beiden VVD)": a party printed once belongs to the names before it.
    party = None
    for index in range(len(members) - 1, -1, -1):
        name, own = members[index]
        party = own or party
        members[index] = (name, party)
    return [f"{name} ({party})" if party else name for name, party in members]


def _split_members(who: str) -> list[str]:
    """Split at ',' and ' en ' outside parentheses."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(who):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            separator = _MEMBER_SPLIT.match(who, index)
            if separator and separator.end() > index and (char == "," or who[index:index + 4] == " en "):
                pieces.append(who[start:index])
                start = separator.end()
    pieces.append(who[start:])
    return [piece.strip() for piece in pieces]


def _party(member: str) -> str | None:
    match = re.search(r"\(([^()]+)\)$", member)
    return match.group(1) if match else None


def sender(source: str) -> str | None:
    """'Minister van Asiel en Migratie (Faber)' from 'Antwoord van Minister Faber (Asiel en Migratie)'."""
    match = ANSWERED_BY.search(source[:_OPENING_CHARS])
    if match is None:
        return None
    office = match.group("office").capitalize()
    return f"{office} van {match.group('department').strip()} ({' '.join(match.group('name').split())})"


def received(source: str) -> date | None:
    """The date the answers were received ('ontvangen …'), else None."""
    return _date_of(RECEIVED.search(source[:_OPENING_CHARS]))


def submitted(source: str) -> date | None:
    """The date the questions were submitted ('ingezonden …'), else None."""
    return _date_of(SUBMITTED.search(source[:_OPENING_CHARS]))


def _date_of(match: re.Match | None) -> date | None:
    if match is None:
        return None
    day, month, year = match.groups()
    try:
        return date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def subject(source: str) -> str | None:
    """What the questions are about: the 'over …' after 'Vragen van het lid …'."""
    asked = ASKED_BY.search(source[:_OPENING_CHARS])
    match = SUBJECT.search(source, asked.end()) if asked else None
    if match is None or match.start() - asked.end() > 200:
        return None
    return " ".join(match.group("subject").split()).rstrip(" ,.;:") or None


def aanhangsel(source: str) -> str | None:
    """The document's own Aanhangsel number from its identifier or header, e.g. 'ah-tk-20242025-1234'."""
    header = "\n".join(source.split("\n", _HEADER_LINES)[:_HEADER_LINES])
    identifier = IDENTIFIER.search(header)
    if identifier:
        return identifier.group(0).lower()
    stated = AANHANGSEL.search(header)
    if stated is None or ANSWERED_BY.search(header[:stated.start()]):
        return None  # after the answer's heading it is a "zie ook" mention, not the own number
    chamber = "ek" if stated.group("chamber") == "I" else "tk"
    first, second = re.split(r"[-–/]", stated.group("year"))
    second = second if len(second) == 4 else first[:2] + second
    return f"ah-{chamber}-{first}{second}-{int(stated.group('number'))}"


def mentioned_aanhangsels(source: str) -> list[str]:
    """Aanhangsel numbers the text mentions ('Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 1100')."""
    found = []
    for match in AANHANGSEL.finditer(source):
        first, second = re.split(r"[-–/]", match.group("year"))
        second = second if len(second) == 4 else first[:2] + second
        chamber = "ek" if match.group("chamber") == "I" else "tk"
        found.append(f"ah-{chamber}-{first}{second}-{int(match.group('number'))}")
    return list(dict.fromkeys(found))


def describe(source: str, head: dict | None = None) -> Metadata:
    """Metadata of Kamervragen answers: members, subject, minister, received date and Aanhangsel number.

    head: facts from the file outside its text (see head_facts), used where the text states none.
    """
    head = head or {}
    own = aanhangsel(source) or head.get("aanhangsel")
    when = received(source) or document_date(source) or head.get("date") or submitted(source)
    members = askers(source)
    about = subject(source)
    minister = sender(source) or document_sender(source)
    asked = f"vragen van {'het lid' if len(members) == 1 else 'de leden'} {_join(members)}" if members else "Kamervragen"
    title = f"Antwoorden op {asked}" + (f" over {_shorten(about)}" if about else "")
    parts = [part for part in (own, format_date(when) if when else None) if part]
    mentioned = [ref for ref in kamerstuk_references(source)] + [a for a in mentioned_aanhangsels(source) if a != own]
    return Metadata(
        title=f"{title} ({', '.join(parts)})" if parts else title,
        date=when, date_estimated=False, kamerstukken=[], refers_to_kamerstukken=mentioned,
        committee=None, sender=minister, aanhangsel=own,
    )


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_SUBJECT_CHARS else text[:MAX_SUBJECT_CHARS].rsplit(" ", 1)[0] + " …"


def head_facts(meta: dict[str, str]) -> dict:
    """From an official page's head metadata: 'aanhangsel' (its ah-… identifier) and 'date' (received or issued)."""
    facts: dict = {}
    identifier = IDENTIFIER.search(meta.get("identifier", ""))
    if identifier:
        facts["aanhangsel"] = identifier.group(0).lower()
    for key in ("received", "issued"):
        try:
            facts["date"] = date.fromisoformat(meta.get(key, "")[:10])
            break
        except ValueError:
            continue
    return facts
