"""What a question asks for, and whether a reply holds it: the rule that decides answer or abstain.

Three kinds of question (English or Dutch):
- broad: "what did the cabinet say about X", "wat is het standpunt over X", a bare keyword query: answerable
  when replies on the topic exist (they name every concept of X, see assistant.lexicon);
- specific: how many / how much / when / which / hoeveel / wanneer / welke, or a year or amount in the question:
  answerable only when one reply names every entity the question names (countries, instruments, years) AND
  holds the kind of information asked for (a count, a sum of money, a date);
- detail: any other question (a yes/no or reasoning question): answerable when one close reply names every
  entity the question names.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.lexicon import CONCEPTS, Concept, concepts_in, names
from ingest.metadata import MONTHS as DUTCH_MONTHS

BROAD, SPECIFIC, DETAIL = "broad", "specific", "detail"

_SAY = (r"say|said|says|state|stated|write|written|wrote|think|thinks|thought|position|positions|stance|view|views"
        r"|standpoint|approach|policy|stand|plans?|communicat\w*|tell|told|report\w*|mention\w*")
_ABOUT = r"about|on|regarding|concerning|towards?|with regard to|in relation to"
_ZEG = (r"zegt|zei|zeggen|gezegd|schrijft|schreef|geschreven|vindt|vond|standpunt|positie|inzet|visie|denkt|dacht"
        r"|houding|beleid|opvatting|mening|gemeld|meldt|aangegeven|laten weten|staat|staan|kijkt|aankijken")
_OVER = r"over|ten aanzien van|t\.a\.v\.|inzake|met betrekking tot|m\.b\.t\.|rond|rondom|omtrent|aangaande|tegenover|tegen"
BROAD_PATTERNS = (
    re.compile(rf"\b(what|how)\b.*\b({_SAY})\b.*\b({_ABOUT})\b", re.IGNORECASE),
    re.compile(rf"\b(position|stance|view|standpoint|policy)\b.*\b({_ABOUT})\b", re.IGNORECASE),
    re.compile(rf"^\s*(and\s+)?what about\b", re.IGNORECASE),
    re.compile(rf"\b(wat|hoe)\b.*\b({_ZEG})\b.*\b({_OVER})\b", re.IGNORECASE),
    re.compile(rf"(standpunt|positie|inzet|visie)\b.*\b({_OVER})\b", re.IGNORECASE),  # also kabinetsstandpunt
    re.compile(r"^\s*(en\s+)?hoe zit het met\b", re.IGNORECASE),
    re.compile(r"\b(stand van zaken|state of play|latest on|status of)\b", re.IGNORECASE),
    re.compile(r"\bwhat\b.*\b(think|thinks|view|views|make)\b.*\bof\b", re.IGNORECASE),
    re.compile(r"\bwat\b.*\b(vindt|vond|vinden|denkt|dacht|denken)\b.*\bvan\b", re.IGNORECASE),
    # asking for an overview: "tell me about X", "summarise X", "give an overview of X", "vertel over X"
    re.compile(r"\b(tell me|vertel|summari[sz]e|samenvatting|overview|overzicht)\b.*\b(about|on|of|over|van)\b",
               re.IGNORECASE),
)
# Cue words of a question that asks for one fact, and the kind of fact each asks for.
WANTS_AMOUNT = re.compile(
    r"\b(how much (money|will|would|does|did|is|are)|how much\b(?! time)|costs?|costing|kost|kosten|kostte|hoeveel geld"
    r"|bedrag|uitgegeven"
    r"|(what is|what was|wat is|wat was|hoe groot is) (the |het |de )?(total |totale )?(budget|begroting|funding)"
    r"|hoeveel (\w+ )*?(bijgedragen|betaald|uitgegeven|gekost|ontvangen|geïnvesteerd)"
    r"|how much (\w+ )*?(contribut\w*|paid|spent|invested|received))\b",
    re.IGNORECASE,
)
WANTS_DURATION = re.compile(r"\b(how long|hoe lang|hoelang|hoeveel tijd|how much time)\b", re.IGNORECASE)
WANTS_QUANTITY = re.compile(
    r"\b(how many|number of|percentage|share of|average|hoeveel|aantal|percentage|gemiddeld\w*|hoe vaak|how often)\b",
    re.IGNORECASE,
)
WANTS_DATE = re.compile(r"\b(when|by when|what date|wanneer|per wanneer|vanaf wanneer)\b", re.IGNORECASE)
WANTS_COUNTRY = re.compile(
    r"\b(which|what|welke|wat voor) (\w+ )?(countries|member states|states|landen|lidstaten|herkomstlanden)\b", re.IGNORECASE
)
WANTS_NAME = re.compile(r"\b(which|welke|welk|who|wie)\b", re.IGNORECASE)
# A second question joined by "and"/"en": "When did they sign it, and who is it for?", "... en wanneer komt ...?".
SECOND_QUESTION = re.compile(
    r"(,|\band)\s*(and\s+)?(what|who|when|which|how|why|where|does|do|did|is|are|can|could|will|would|should|has|have)\b"
    r"|(,|\ben)\s*(en\s+)?(wat|wie|wanneer|welke|welk|hoe|waarom|waar|is|zijn|kan|kunnen|wordt|worden|heeft|hebben"
    r"|komt|gaat|zal|zullen)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
AMOUNT_IN_QUESTION = re.compile(r"€|\beuro\b|\bmillion\b|\bmiljoen\b|\bbillion\b|\bmiljard\b", re.IGNORECASE)

MONTHS = "|".join(DUTCH_MONTHS)  # the month names the metadata parser reads dates with
_AMOUNT = re.compile(r"€\s?\d|\d[\d.,]*\s?(euro|mln|miljoen euro|miljard euro)\b|\beuro\b(?!p)", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])(\d[\d.,]*\d|\d)(?![\w])")
_NOT_A_COUNT_BEFORE = re.compile(r"(nr\.?|artikel|art\.|kamerstuk|motie|punt|lid|bijlage|pagina|p\.)\s*$", re.IGNORECASE)
_NOT_A_COUNT_AFTER = re.compile(rf"^\s*({MONTHS}|jl\b|-\d)", re.IGNORECASE)
_NUMBER_WORDS = re.compile(r"\b(honderd|duizend|tienduizend|honderdduizend|tientallen|honderden|duizenden|miljoen)\w*",
                           re.IGNORECASE)
_DURATION = re.compile(
    r"\b(\d+|een|één|half|halve|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|achttien|twintig|enkele)"
    r"\s+(half\s+|volle\s+)?(dag|dagen|week|weken|maand|maanden|jaar|jaren|kwartaal)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b({MONTHS})\b|\b(19|20)\d\d\b|\bjl\.|\b(kerstreces|zomerreces|reces|voorjaar|najaar|zomer|winter|kwartaal"
    r"|binnenkort|termijn|volgend jaar|dit jaar|komend jaar|medio|eind|begin|inwerkingtreding|treedt)\b",
    re.IGNORECASE,
)


class Intent(NamedTuple):
    """What a question asks for: its kind, the concepts and years it names, and the kind of fact it wants."""

    kind: str
    concepts: list[Concept]
    years: list[str]
    wants: str | None  # "amount", "duration", "quantity", "date", "country" or None
    parts: int = 1  # how many things the question asks at once ("when ..., and who ...?" asks two)
    terms: tuple = ()  # the question's content terms with their idf (assistant.terms), once an index is at hand
    topics: tuple = ()  # those terms grouped per topic the question joins ("A and B": (A-terms, B-terms))

    @property
    def entities(self) -> bool:
        """True when a reply must hold more than closeness: a concept, a year or a kind of fact."""
        return bool(self.concepts or self.years or self.wants)


def read_intent(question: str) -> Intent:
    """Classify the question and collect what a reply must hold to answer it."""
    concepts, years = concepts_in(question), sorted(set(YEAR.findall(question)))
    wants, parts = _wanted_fact(question), asked_parts(question)
    amount = AMOUNT_IN_QUESTION.search(question) is not None
    if wants is None and not amount and _framed_broad(question):
        return Intent(BROAD, concepts, years, None, parts)  # also "what did they say about the Plan 2026-2027?"
    if wants is not None or years or amount:
        return Intent(SPECIFIC, concepts, years, wants, parts)
    if WANTS_NAME.search(question):  # "which ..." not framed as a position question (that returned above)
        return Intent(SPECIFIC, concepts, years, None, parts)
    if _keyword_query(question):
        return Intent(BROAD, concepts, years, None, parts)
    return Intent(DETAIL, concepts, years, None, parts)


def asked_parts(question: str) -> int:
    """2 when the question asks two things ("When ..., and who ...?", two question marks), else 1."""
    if question.count("?") >= 2 or SECOND_QUESTION.search(question):
        return 2
    return 1


def _wanted_fact(question: str) -> str | None:
    """The kind of fact a specific question asks for, None when it asks for none in particular."""
    if WANTS_AMOUNT.search(question):
        return "amount"
    if WANTS_DURATION.search(question):
        return "duration"
    if WANTS_QUANTITY.search(question):
        return "quantity"
    if WANTS_DATE.search(question):
        return "date"
    if WANTS_COUNTRY.search(question):
        return "country"
    return None


def _framed_broad(question: str) -> bool:
    """True for 'what did the cabinet say about X' and its Dutch forms."""
    return any(pattern.search(question) for pattern in BROAD_PATTERNS)


def _keyword_query(question: str) -> bool:
    """A few words without a question mark or question word: a topic typed as keywords."""
    words = question.split()
    return len(words) <= 4 and "?" not in question


def holds_fact(text: str, wants: str | None) -> bool:
    """True when the reply text holds the kind of fact asked for (always true when none is asked for)."""
    if wants is None:
        return True
    if wants == "amount":
        return _AMOUNT.search(text) is not None
    if wants == "date":
        return _DATE.search(text) is not None
    if wants == "duration":
        return _DURATION.search(text) is not None
    if wants == "country":
        return any(concept.country and names(concept, text) for concept in CONCEPTS)
    return has_count(text)


def has_count(text: str) -> bool:
    """True when the text holds a count: a number that is not a year, a date, an article or a document number."""
    if _NUMBER_WORDS.search(text):
        return True
    for match in _NUMBER.finditer(text):
        value = match.group(1)
        if YEAR.fullmatch(value):
            continue
        if _NOT_A_COUNT_BEFORE.search(text[max(0, match.start() - 12): match.start()]):
            continue
        if _NOT_A_COUNT_AFTER.match(text[match.end(): match.end() + 12]):
            continue
        return True
    return False


def names_all(text: str, intent: Intent, question: str = "") -> bool:
    """True when the reply text (or the members' question it answers) names every concept of the question.

    The years a fact question names ("how many ... in 2025") must be in the reply text itself.
    """
    context = f"{text}\n{question}"
    if not all(names(concept, context) for concept in intent.concepts):
        return False
    return intent.wants in (None, "country") or all(year in text for year in intent.years)


def supports(text: str, intent: Intent, question: str = "") -> bool:
    """True when one reply holds what the question asks for: its entities and the kind of fact, in the reply."""
    return names_all(text, intent, question) and holds_fact(text, intent.wants)
