"""Government letter (seed 002): the opening part and six headed sections, footnotes cut, spans exact."""

from __future__ import annotations

import pytest

from core.models import RecordKind
from ingest import letter
from ingest.clean import line_of
from tests.conftest import CORPUS_DIR, corpus_file

HEADINGS_002 = [
    None,
    "Gezamenlijke brief aan de Europese Commissie over out-of-the-box oplossingen in het asieldomein",
    "Voortgang afronding Asiel- en Migratiepact",
    "Ministeriële Conferentie over de implementatie van het Asiel- en Migratiepact in Gent",
    "Voortgang afronding herziene Schengengrenscode",
    "Ministeriële conferentie over brede partnerschappen in Kopenhagen",
    "Nederlandse prioriteiten in het kader van de nieuwe Europese Commissie",
]


@pytest.fixture(scope="module")
def source() -> str:
    return corpus_file("002").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sections(source):
    return letter.parse(source, "002_test")


def test_seven_sections_with_their_headings(sections):
    assert [s.kind for s in sections] == [RecordKind.LETTER_SECTION] * 7
    assert [s.heading for s in sections] == HEADINGS_002
    assert len({s.id for s in sections}) == 7


def test_opening_part_starts_after_the_letter_head(sections):
    opening = sections[0].text
    assert opening.startswith("In deze brief informeer ik u, mede namens de Minister van Buitenlandse Zaken")
    assert "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking, over" in opening
    assert "internationaal migratiebeleid." in opening
    assert "Den Haag" not in opening and "Gezamenlijke brief" not in opening


def test_footnote_markers_are_cut_from_the_text(sections):
    assert "in lijn met diverse toezeggingen aan en moties van uw Kamer, die ik met deze brief als uitgevoerd " \
           "beschouw. Nederland blijft" in sections[1].text
    assert "geïnformeerd.1" not in sections[1].text and "2024–2029" in sections[6].text


def test_footnotes_follow_their_markers_not_their_page(sections):
    # Definitions 1-4 are printed at the foot of the page that holds section 2; markers 1-3 are in section 1.
    assert [f.number for f in sections[1].footnotes] == ["1", "2", "3"]
    assert sections[1].footnotes[0].text == (
        "Onder andere Kamerstukken 2023/2024 32 317, nr. 872 en Kamerstukken 2023/2024, 32 317, nr. 863"
    )
    assert [f.number for f in sections[2].footnotes] == ["4"]
    assert [f.number for f in sections[4].footnotes] == ["5", "6"]
    assert sections[6].footnotes[0].text == "Kamerstukken 2023/2024, 19 637, nr. 3220 Motie van het lid Keijzer ingediend d.d. 26 maart 2024"


def test_footnote_definitions_are_cut_and_page_breaks_joined(sections):
    text = sections[2].text
    assert "Twintig dagen na deze publicatie treden de betreffende verordeningen" in text
    assert "Onder andere Kamerstukken" not in text and "compromisakkoord reeds meerdere malen geïnformeerd, o.a." not in text
    assert "na een lang onderhandelingsproces een akkoord" in text
    assert "via de Geannoteerde Agenda van de JBZ-raad van 4–5 maart. Na de beraadslaging" in sections[6].text


def test_signature_is_not_part_of_the_last_section(sections):
    last = sections[-1].text
    assert last.endswith("Hiermee acht ik de motie van het lid Keijzer hierover ten uitvoering gebracht.")
    assert "E. van der Burg" not in last and "Staatssecretaris van Justitie en Veiligheid," not in last


def test_spans_hold_the_section_text(source, sections):
    for section in sections:
        span = source[section.char_start: section.char_end]
        assert span.startswith(section.text.split()[0])
        # The source still has the footnote marker the text drops ("oplossingen.3").
        assert span.rstrip().rstrip("0123456789").endswith(section.text.split()[-1])
        assert section.line_start == line_of(source, section.char_start)
        assert section.line_end == line_of(source, section.char_end - 1)
    assert (sections[1].line_start, sections[1].line_end) == (14, 67)
    assert (sections[6].line_start, sections[6].line_end) == (208, 225)


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("Ontwikkelingssamen-\nwerking", "Ontwikkelingssamenwerking"),
        ("over out-of-\nthe-box oplossingen", "over out-of-the-box\noplossingen"),
        ("met collega-\nMinisters", "met collega-Ministers"),
        ("het Asiel-\nen Migratiepact", "het Asiel- en\nMigratiepact"),
        ("de EU-\nlanden", "de EU-landen"),
        ("de non-\nrefoulement toets; non-refoulement", "de non-refoulement\ntoets; non-refoulement"),
        ("geen afbreking\nhier", "geen afbreking\nhier"),
    ],
)
def test_join_lines(raw, joined):
    assert letter.join_lines(raw, raw) == joined


SYNTHETIC = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 1 juni 2026

Met deze brief informeer ik u over twee onderwerpen.

Eerste onderwerp met een lange titel die over twee regels loopt en afge-
broken wordt

Tekst van het eerste onderwerp. Deze alinea loopt door over de pagina
zonder punt aan het eind van de regel en gaat verder op de volgende

bladzijde met een kleine letter.

Korte alinea.

Tweede onderwerp

Tekst van het tweede onderwerp.1

1 Een voetnoot.

De Minister van Asiel en Migratie,
A. Minister
"""


def test_heading_rule_on_a_synthetic_letter():
    records = letter.parse(SYNTHETIC, "synthetic")
    assert [r.heading for r in records] == [
        None,
        "Eerste onderwerp met een lange titel die over twee regels loopt en afgebroken wordt",
        "Tweede onderwerp",
    ]
    assert records[1].text.endswith("gaat verder op de volgende bladzijde met een kleine letter.\n\nKorte alinea.")
    assert records[2].text == "Tekst van het tweede onderwerp."
    assert [(f.number, f.text) for f in records[2].footnotes] == [("1", "Een voetnoot.")]


def test_looks_like_only_the_letter_seed():
    verdicts = {path.name[:3]: letter.looks_like(path.read_text(encoding="utf-8"))
                for path in sorted(CORPUS_DIR.glob("*.txt"))}
    assert verdicts == {"000": False, "001": False, "002": True, "003": False, "004": False}
