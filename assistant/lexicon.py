"""The named things a question can be about, in English and Dutch, and how the (Dutch) replies write them.

The replies are Dutch; questions come in English or Dutch. A question names a topic ("return hubs",
"Italy", "Dublin") and a reply names the same thing in Dutch ("terugkeerhub", "Italië", "Dublin"). Each
Concept pairs the pattern that finds the thing in a question with the pattern that finds it in a reply, so
"is this reply on the topic?" and "does this reply hold the entity the question asks about?" are one
lexical test, the same in both languages. Generic words (return, asylum, migration) are not concepts: they
name no topic of their own.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Concept(NamedTuple):
    """A named topic or entity: its label, the pattern that finds it in a question and the one for a reply."""

    label: str
    question: re.Pattern
    reply: re.Pattern
    country: bool = False


def _concept(label: str, question: str, reply: str, country: bool = False) -> Concept:
    """Compile both patterns case-insensitively."""
    return Concept(label, re.compile(question, re.IGNORECASE), re.compile(reply, re.IGNORECASE), country)


# (English name, Dutch name or stem): stems end where Dutch inflects ("Italië", "Italiaanse" -> "itali").
COUNTRIES = (
    ("afghanistan|afghan", "afghan"), ("albania", "albani"), ("algeria", "algerij|algerije"),
    ("austria", "oostenrijk"), ("belgium|belgian", "belgi"), ("bulgaria", "bulgarij"), ("croatia", "kroati"),
    ("cyprus", "cyprus|cyprio"), ("czech", "tsjechi"), ("denmark|danish", "denemarken|deens|deense"),
    ("egypt", "egypt"), ("eritrea", "eritre"), ("estonia", "estland"), ("ethiopia", "ethiopi"),
    ("finland", "finland|fins"), ("france|french", "frankrijk|frans"), ("germany|german", "duitsland|duits"),
    ("greece|greek", "griekenland|grieks"), ("hungary", "hongarij"), ("india", "india"), ("iran", "iran"),
    ("iraq", "irak"), ("ireland", "ierland"), ("italy|italian", "itali"), ("jordan", "jordani"),
    ("latvia", "letland"), ("lebanon", "libanon"), ("libya", "libi"), ("lithuania", "litouwen"),
    ("malta", "malta"), ("mauritania", "mauritani"), ("morocco|moroccan", "marokk"), ("niger\\b", "niger\\b"),
    ("nigeria", "nigeria"), ("pakistan", "pakistan"), ("poland|polish", "polen|pools"), ("qatar", "qatar"),
    ("romania", "roemeni"), ("rwanda", "rwanda"), ("senegal", "senegal"), ("spain|spanish", "spanje|spaans"),
    ("sweden|swedish", "zweden|zweeds"), ("syria", "syri"), ("tunisia", "tunes"), ("turkey|turkish", "turkije|turks"),
    ("uganda", "oegand"), ("ukrain", "oekra"), ("united kingdom|britain|british|\\buk\\b", "verenigd koninkrijk|brits"),
    ("bosnia", "bosni"), ("serbia", "servi"), ("georgia", "georgi"), ("moldova", "moldavi"),
)

# Named instruments, procedures and policies of the migration domain, English or Dutch in the question.
TOPICS = (
    ("return hub", r"return.?hubs?|terugkeerhub|\bhubs?\b|transithub", r"terugkeerhub|return.?hub|\bhubs?\b|transithub"),
    ("migration pact", r"\bpact\b|migratiepact|migration pact", r"\bpact\b|migratiepact"),
    ("Dublin", r"dublin", r"dublin"),
    ("internal border controls", r"(internal|inner).?border|binnengrens", r"binnengrens"),
    ("external borders", r"external.?border|buitengrens", r"buitengrens"),
    ("return regulation", r"return regulation|terugkeerverordening", r"terugkeerverordening"),
    ("return directive", r"return directive|terugkeerrichtlijn", r"terugkeerrichtlijn"),
    ("solidarity", r"solidarit", r"solidarit"),
    ("safe third country", r"safe third|veilig(e)?.?derde", r"veilig(e)?.?derde"),
    ("safe country of origin", r"safe countr(y|ies) of origin|veilig(e)? (land|landen) van herkomst",
     r"veilig(e)? (land|landen) van herkomst|veilige herkomstland"),
    ("Entry/Exit System", r"entry.?exit|\bEES\b", r"entry.?exit|\bEES\b"),
    ("go-and-see visits", r"go.?and.?see", r"go.?and.?see"),
    ("Frontex", r"frontex", r"frontex"),
    ("Eurodac", r"eurodac", r"eurodac"),
    ("Schengen", r"schengen", r"schengen"),
    ("ETIAS", r"etias", r"etias"),
    ("secondary migration", r"secondary (migration|movement)|secundaire migratie", r"secundaire migratie"),
    ("instrumentalisation", r"instrumentali[sz]", r"instrumentali"),
    ("human smuggling", r"smuggl|smokkel", r"smokkel"),
    ("screening", r"screening", r"screening"),
    ("border procedure", r"border procedure|grensprocedure", r"grensprocedure"),
    ("temporary protection", r"temporary protection|tijdelijke bescherming|richtlijn tijdelijke",
     r"tijdelijke bescherming|richtlijn tijdelijke"),
    ("visa", r"\bvisa\b|visum", r"visum|\bvisa\b"),
    ("information campaigns", r"(information|awareness) campaign|informatiecampagne|campagne", r"campagne|bewustwording"),
    ("return cooperation", r"return cooperation|terugkeersamenwerking|readmission", r"terugkeersamenwerking|overname"),
    ("detention", r"detention|vreemdelingenbewaring|bewaring", r"bewaring|detentie"),
    ("asylum stop", r"asylum (stop|freeze)|asielstop", r"asielstop"),
    ("migration pressure", r"migration pressure|migratiedruk", r"migratiedruk"),
    ("resettlement", r"resettle|hervestig", r"hervestig"),
    ("family reunification", r"family reunification|gezinshereniging|nareis", r"gezinshereniging|nareis"),
    ("search and rescue", r"search and rescue|opsporing|\bSAR\b|ontscheping|disembark", r"opsporings|ontscheping|\bSAR\b"),
    ("COMPASS", r"compass", r"compass"),
    ("IOM", r"\bIOM\b", r"\bIOM\b"),
    ("UNHCR", r"unhcr", r"unhcr"),
    ("IND", r"\bIND\b", r"\bIND\b"),
    ("COA", r"\bCOA\b", r"\bCOA\b"),
    ("KMar", r"marechaussee|kmar", r"marechaussee|kmar"),
    ("Talent Pool", r"talent.?pool", r"talent.?pool"),
    ("labour migration", r"labou?r migration|arbeidsmigratie", r"arbeidsmigratie"),
    ("out-of-the-box solutions", r"out.of.the.box|innovative solution|innovatieve oplossing",
     r"out.of.the.box|innovatieve"),
    ("forced return", r"forced return|deport|gedwongen terugkeer|uitzetting|uitzetten", r"gedwongen|uitzet|uitgezet"),
    ("voluntary return", r"voluntary return|vrijwillige terugkeer|vrijwillig vertrek", r"vrijwillig"),
    ("return support", r"return support|terugkeerondersteuning", r"terugkeerondersteuning|ondersteuning"),
)

CONCEPTS: tuple[Concept, ...] = tuple(
    _concept(re.sub(r"\\b", "", en.split("|")[0]).title(), rf"\b({en}|{nl})", rf"\b({nl}|{en})", country=True)
    for en, nl in COUNTRIES
) + tuple(_concept(label, question, reply) for label, question, reply in TOPICS)


def concepts_in(question: str) -> list[Concept]:
    """The concepts a question names, in the order of the table, each once."""
    seen: set[str] = set()
    found = []
    for concept in CONCEPTS:
        if concept.label not in seen and concept.question.search(question):
            seen.add(concept.label)
            found.append(concept)
    return found


def names(concept: Concept, text: str) -> bool:
    """True when the reply text names the concept."""
    return concept.reply.search(text) is not None
