"""Document metadata read from the text: title, date, kamerstuk references, committee and sender."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from core.models import DocumentKind
from ingest.linescan import CASE_ODD, lowered_ascii

MONTHS = {
    name: number
    for number, name in enumerate(
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
         "november", "december"],
        start=1,
    )
}
_MONTH = "|".join(MONTHS)
_DATE = rf"(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})"
# "Vastgesteld 8 oktober 2025" (reports) or "Den Haag, 16 mei 2024" (letters): the document's own date.
_DATE_PATTERN = re.compile(_DATE, re.IGNORECASE)
# The opening of a report ends where the reply letter or the first faction's questions begin.
_OPENING_END = re.compile(r"Bij brief van|Inhoudsopgave|Vragen en opmerkingen van de leden")
_OPENING_MAX_CHARS = 3000
_OWN_DATE = re.compile(rf"(?:Vastgesteld|Den Haag,)\s+{_DATE}", re.IGNORECASE)
# "32317, nr. 974", "32 317 Nr. 974", "21501-20, nr. 2179" (sub-dossier), and the short form "32317-973".
# A budget chapter carries a Roman numeral: "36600 VI, nr. 2".
_KAMERSTUK_NR = re.compile(
    r"(?P<dossier>\d(?<![\d/]\d)\d\s?\d{3}(?:-\d{1,3}|[ \t](?-i:[IVXLC]{1,6})\b)?),?\s+nr\.?\s*(?P<number>\d{1,5})\b", re.I
)
# A digit first and the lookbehind ("no digit or slash before the dossier") after it: the regex engine then
# skips from digit to digit instead of testing every position (half the time of a leading "(?=\d)").
_KAMERSTUK_DASH = re.compile(r"(?P<dossier>\d(?<![\d/]\d)\d\s?\d{3})-(?P<number>\d{1,5})\b(?!,?\s*nr)", re.I)
# Where a dossier number can start (what both patterns above start with), each start once.
_DOSSIER_START = re.compile(r"\d(?<![\d/]\d)(?=\d\s?\d{3})")
# Report header: "32 317 ... Nr. 974" (TK) or "32 317 ... QC" (EK letters get a two-letter code).
_DIGIT_SPACE = re.compile(r"(?<=\d)\s+(?=\d)")  # "32 317" → "32317"; "36600 VI" keeps its space
_HEADER_DOSSIER = re.compile(r"^\s*a?(\d{2})\s?(\d{3})\b((?:[ \t][IVXLC]{1,6}\b)?)", re.MULTILINE)
_HEADER_NUMBER = re.compile(r"^\s*(?:Nr\.\s*(\d{1,5})|([A-Z]{1,3}))\s", re.MULTILINE)
_COMMITTEE = re.compile(r"\b[Dd]e (vaste commissies? voor .+?)\s+(?:heeft|hebben)\b", re.DOTALL)
_SIGNATURE = re.compile(
    r"^\s*(?:De )?((?:Minister|Staatssecretaris)\s+(?:van|voor)\s+[^\n,]+),\s*\n(?:\s*\n)?\s*([^\n]+?)\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_ANSWERING = re.compile(r"\b(?:heeft|aan) de ((?:minister|staatssecretaris) (?:van|voor) [A-Z][\w]*(?: (?:en|[A-Z][\w]*))*)")
_FOOTNOTE_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_MARK_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
# "... heeft vragen voorgelegd over de X (Kamerstuk ...)" / "... overleg gevoerd met de minister over het X."
_SUBJECT = re.compile(r"\b(?:voorgelegd|overleg gevoerd)\b[^.]{0,120}?\bover\s+(?:de\s+|het\s+)?(?P<subject>[^(.]+)")
_LIST_SUBJECT = re.compile(r"volgende brieven:\s*-?\s*(?:de\s+|het\s+)?(?P<subject>[^(.]+)")
MAX_SUBJECT_CHARS = 90
_HEADER_LINES = 20

TITLES = {
    DocumentKind.SO_TWEEDE_KAMER: "Verslag van een schriftelijk overleg (Tweede Kamer)",
    DocumentKind.SO_EERSTE_KAMER: "Verslag van een schriftelijk overleg (Eerste Kamer)",
    DocumentKind.LETTER: "Brief",
    DocumentKind.KAMERVRAGEN: "Antwoorden op Kamervragen",
    DocumentKind.LIJST_VRAGEN_ANTWOORDEN: "Lijst van vragen en antwoorden",
    DocumentKind.UNKNOWN: "Document",
}


class Metadata(NamedTuple):
    """What the text says about itself."""

    title: str
    date: date | None
    date_estimated: bool
    kamerstukken: list[str]  # the document's own number only (none when its heading states none)
    refers_to_kamerstukken: list[str]  # numbers it only mentions: the agenda it discusses, footnotes
    committee: str | None
    sender: str | None
    aanhangsel: str | None = None  # Kamervragen: the own Aanhangsel number


def describe(source: str, kind: DocumentKind) -> Metadata:
    """Read title, date, kamerstuk references, committee and sender from a document's text."""
    own = own_kamerstuk(source)
    # A number the text only mentions (the agenda discussed, a footnote) is never the document's own.
    mentioned = [ref for ref in kamerstuk_references(source) if ref != own]
    when = document_date(source)
    estimated = estimated_date(source) if when is None else None
    sender = document_sender(source)
    # An unknown layout has no committee sentence to take the subject from; its first line is the best title.
    subject = _first_line(source) if kind is DocumentKind.UNKNOWN else document_subject(source)
    return Metadata(
        title=document_title(kind, own, when, sender, subject),
        date=when or estimated,
        date_estimated=estimated is not None,
        kamerstukken=[own] if own else [],
        refers_to_kamerstukken=mentioned,
        committee=document_committee(source),
        sender=sender,
    )


def format_date(value: date) -> str:
    """Dutch long date, e.g. '8 oktober 2025'."""
    return f"{value.day} {list(MONTHS)[value.month - 1]} {value.year}"


def document_title(
    kind: DocumentKind, kamerstuk: str | None, when: date | None, sender: str | None, subject: str | None = None
) -> str:
    """A title that tells the documents apart: kind, subject or sender, own kamerstuk and date."""
    title = TITLES[kind]
    if kind is DocumentKind.LETTER and sender:
        title = f"Brief van de {sender.split(' (')[0]}"
    elif subject and kind is DocumentKind.UNKNOWN:
        title = subject
    elif subject:
        title = f"{title} over {subject}"
    parts = [part for part in (kamerstuk, format_date(when) if when else None) if part]
    return f"{title} ({', '.join(parts)})" if parts else title


def document_date(source: str) -> date | None:
    """The date the report was adopted ('Vastgesteld ...') or the letter sent ('Den Haag, ...'), if stated."""
    # Other dates in the header are meeting dates of the documents discussed, not this one's date.
    match = _first_own_date(source)
    if match is None:
        return None
    return _to_date(*match.groups()[-3:])


def _first_own_date(source: str) -> re.Match | None:
    """_OWN_DATE.search(source), tried only where its phrases occur (the regex scan costs ~1 ms per 50 KB)."""
    lowered = lowered_ascii(source)
    if len(lowered) != len(source):  # a character whose lower case is longer: offsets would not line up
        return _OWN_DATE.search(source)
    starts = sorted(_occurrences(lowered, "vastgesteld") + _occurrences(lowered, "den haag,"))
    return next((match for start in starts if (match := _OWN_DATE.match(source, start))), None)


def _occurrences(text: str, phrase: str) -> list[int]:
    found, at = [], text.find(phrase)
    while at >= 0:
        found.append(at)
        at = text.find(phrase, at + 1)
    return found


def estimated_date(source: str) -> date | None:
    """For an undated report: the latest date in its opening, i.e. of the meetings and letters it discusses."""
    # "Bij brief van …" leaves the reply date blank; the opening names the JBZ-Raad the questions prepare for,
    # which lies within weeks of the replies: close enough to order positions by recency, and flagged as estimate.
    opening = source[:_opening_end(source)]
    dates = [_to_date(*match.groups()) for match in _DATE_PATTERN.finditer(opening)]
    return max((d for d in dates if d is not None), default=None)


def _opening_end(source: str) -> int:
    """len(_OPENING_END.split(source, maxsplit=1)[0][:_OPENING_MAX_CHARS]): the regex is only run over the opening's
    longest span, where a match that cuts it must start (a scan of a whole 100 KB text cost ~1 M instructions)."""
    match = _OPENING_END.search(source, 0, _OPENING_MAX_CHARS + _OPENING_END_LONGEST)
    return match.start() if match and match.start() < _OPENING_MAX_CHARS else min(len(source), _OPENING_MAX_CHARS)


_OPENING_END_LONGEST = len("Vragen en opmerkingen van de leden")  # the longest of _OPENING_END's literals


def _to_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def normalise_kamerstuk(dossier: str, number: str) -> str:
    """'32 317' and '974' → '32317 nr. 974' ('21501-20' keeps its sub-dossier)."""
    return f"{_DIGIT_SPACE.sub('', dossier.strip())} nr. {int(number)}"


def kamerstuk_references(source: str) -> list[str]:
    """Every 'dossier, nr. N' reference in the text, normalised, in order of first appearance."""
    # Both patterns start with a dossier number: find where one can start once, then try each pattern there.
    starts = _dossier_starts(source)
    matches = sorted([*_matches_at(_KAMERSTUK_NR, source, starts), *_matches_at(_KAMERSTUK_DASH, source, starts)],
                     key=lambda m: m.start())
    return _unique([normalise_kamerstuk(m.group("dossier"), m.group("number")) for m in matches])


def _dossier_starts(source: str) -> list[int]:
    """Where a _KAMERSTUK_NR or _KAMERSTUK_DASH match can start, ascending: found back from the "-" or "nr" every
    match holds after its dossier number (a few substring searches; the regex scan for digits tried every position
    of the text). Includes every start of a match, and maybe a few positions where none matches."""
    lowered = lowered_ascii(source)
    if len(lowered) != len(source):  # offsets would not line up
        return [match.start() for match in _DOSSIER_START.finditer(source)]
    ends = {match.start() for match in _HYPHEN_AFTER_DIGIT.finditer(source)}
    for nr in _NR_AFTER_SPACE.finditer(lowered):
        ends.update(_dossier_ends_before_nr(source, nr.start()))
    # The dossier "32317" or "32 317" (\d\d\s?\d{3}) ends where the "-", a sub-dossier or ", nr" begins.
    return sorted({end - width for end in ends for width in (5, 6) if end >= width})


_HYPHEN_AFTER_DIGIT = re.compile(r"-(?<=\d-)")  # the hyphen first: the regex engine jumps from one to the next
_NR_AFTER_SPACE = re.compile(r"nr(?<=\snr)")  # "nr" after whitespace (as \s+nr needs), in the lowered text


def _dossier_ends_before_nr(source: str, nr: int) -> list[int]:
    """Where the dossier number (or its Roman budget chapter) can end before the 'nr' at offset nr: before the
    whitespace and comma ahead of it, or before ' VI' (a sub-dossier '-20' is found from its hyphen)."""
    end = nr
    while end > 0 and source[end - 1].isspace():
        end -= 1
    if end == nr:  # "nr" must follow whitespace
        return []
    if source[end - 1:end] == ",":
        end -= 1
    roman = end
    while roman > 0 and end - roman < 6 and source[roman - 1] in "IVXLC":
        roman -= 1
    return [end, roman - 1] if roman < end and source[roman - 1:roman] in (" ", "\t") else [end]


def _matches_at(pattern: re.Pattern, source: str, starts: list[int]) -> list[re.Match]:
    """pattern.finditer(source) when every match begins at one of starts (ascending): same matches, in order."""
    found: list[re.Match] = []
    after = 0  # matches do not overlap: the next one starts where the last ended
    for start in starts:
        if start >= after and (match := pattern.match(source, start)):
            found.append(match)
            after = match.end()
    return found


def own_kamerstuk(source: str) -> str | None:
    """The document's own kamerstuk from its header ('32 317 ... Nr. 974' → '32317 nr. 974')."""
    header = _header(source)
    dossier = _HEADER_DOSSIER.search(header)
    if dossier is None:
        return None
    number = _HEADER_NUMBER.search(header, dossier.end())
    if number is None:
        return "".join(dossier.groups())
    if number.group(1):
        return normalise_kamerstuk("".join(dossier.groups()), number.group(1))
    return f"{''.join(dossier.groups())} {number.group(2)}"


def document_subject(source: str) -> str | None:
    """What the committee asked about, from its opening sentence, shortened to a title's length."""
    opening = _without_marks(source[:3000]).replace("*", "")
    match = _SUBJECT.search(opening)
    if match is None:
        return None
    listed = _LIST_SUBJECT.match(opening, match.start("subject"))
    subject = " ".join((listed or match).group("subject").split()).rstrip(" ,:;-")
    return _shorten(subject) or None


def _without_marks(text: str) -> str:
    """_FOOTNOTE_MARKS.sub("", text): the regex only runs on a text holding a mark (it tests every character against
    the set of marks, ~30 ns a character; ten substring searches tell most texts hold none)."""
    return _FOOTNOTE_MARKS.sub("", text) if any(digit in text for digit in _MARK_DIGITS) else text


def document_committee(source: str) -> str | None:
    """'vaste commissie voor Asiel en Migratie' from 'De vaste commissie voor ... heeft'."""
    match = _COMMITTEE.search(source[:5000])
    if match is None:
        return None
    return " ".join(_without_marks(match.group(1)).split())


def document_sender(source: str) -> str | None:
    """'Minister van Asiel en Migratie (Bart van den Brink)' from a signature, else the minister addressed."""
    signature = _last_signature(source)
    if signature:
        office, name = signature.groups()
        office = " ".join(office.split())
        return f"{office[0].upper()}{office[1:]} ({name.strip()})"
    match = _ANSWERING.search(source[:5000])
    if match is None:
        return None
    office = match.group(1)
    return f"{office[0].upper()}{office[1:]}"


def _last_signature(source: str) -> re.Match | None:
    """The last match of _SIGNATURE.finditer(source), looked for only at the line starts before an office word.

    A match starts at a line start followed by whitespace (any lines of it), an optional "De " and the office, so
    those line starts are the only places to try, in order; the regex scan of the whole text with "^" tried at
    every position cost more than the rest of the metadata.
    """
    lowered = lowered_ascii(source)
    if len(lowered) != len(source) or any(odd in source for odd in CASE_ODD):
        signatures = list(_SIGNATURE.finditer(source))  # offsets would not line up, or the regex sees more
        return signatures[-1] if signatures else None
    last, after = None, 0  # matches do not overlap: the next one starts where the last ended
    for word in _office_words_after_line_start(lowered):
        for start in _line_starts_before(source, lowered, word):
            if start >= after and (match := _SIGNATURE.match(source, start)):
                last, after = match, match.end()
                break
    return last


# An office word that only whitespace and an optional "de " separate from a line break: the only ones a signature
# can start before (the others, "vragen de minister", have none of _line_starts_before).
_OFFICE_AFTER_BREAK = re.compile(r"\n\s*(?:de )?(minister|staatssecretaris)")
_OFFICE_AT_START = re.compile(r"\s*(?:de )?(minister|staatssecretaris)")


def _office_words_after_line_start(lowered: str) -> list[int]:
    """Offsets of the office words in lowered text that a line start precedes with whitespace and 'de ' only."""
    found = [match.start(1) for match in _OFFICE_AFTER_BREAK.finditer(lowered)]
    first = _OFFICE_AT_START.match(lowered)
    return [first.start(1)] + found if first and (not found or found[0] != first.start(1)) else found


def _line_starts_before(source: str, lowered: str, word: int) -> list[int]:
    """The line starts from which only whitespace and an optional 'De ' lead to the word at offset word."""
    first = word - 3 if lowered.endswith("de ", 0, word) else word
    while first > 0 and source[first - 1].isspace():
        first -= 1
    starts = [first] if first == 0 or source[first - 1] == "\n" else []
    at = source.find("\n", first, word)
    while at >= 0:
        starts.append(at + 1)
        at = source.find("\n", at + 1, word)
    return starts


def _first_line(source: str) -> str | None:
    """The first line with text, shortened: the best title an unknown layout offers."""
    line = next((line for line in source.split("\n") if line.strip()), "")
    line = " ".join(line.replace("*", "").lstrip("#").split())
    return _shorten(line) or None


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_SUBJECT_CHARS else text[:MAX_SUBJECT_CHARS].rsplit(" ", 1)[0] + " …"


def _header(source: str) -> str:
    return "\n".join(source.split("\n", _HEADER_LINES)[:_HEADER_LINES])


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
