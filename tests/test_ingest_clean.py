"""clean_span: hyphenation, page furniture, bookmarks, footnotes (PDF and Word), markers and paragraphs."""

from __future__ import annotations

from ingest.clean import clean_span, footnotes_of, line_of
from tests.conftest import corpus_file


def clean(source: str) -> str:
    return clean_span(source, 0, len(source)).text


def test_line_break_hyphens_keep_real_compounds():
    source = (
        "Asielverzoeken buiten het EU-\n"
        "grondgebied, de leden van de GroenLinks-\n"
        "PvdA en de Asiel- \n"
        "en migratiebeheerverordening, het beginsel van non-\n"
        "refoulement (zie ook het non-refoulementbeginsel), het be-\n"
        "leid en ander beleid."
    )
    assert clean(source) == (
        "Asielverzoeken buiten het EU-grondgebied, de leden van de GroenLinks-PvdA en de Asiel- en "
        "migratiebeheerverordening, het beginsel van non-refoulement (zie ook het non-refoulementbeginsel), "
        "het beleid en ander beleid."
    )


def test_paragraphs_kept_wrapped_lines_joined():
    source = "Eerste regel van een alinea die verder\nloopt op de volgende regel.\n\nTweede alinea.\n"
    assert clean(source) == "Eerste regel van een alinea die verder loopt op de volgende regel.\n\nTweede alinea."


def test_page_number_url_lines_and_bookmark_are_dropped():
    source = (
        "Tekst voor de pagina-einde die doorloopt\n\n7\n\nhttps://example.org/a-link\n"
        " na het einde van de pagina.[bookmark: _Hlk1] Klaar.\n"
    )
    assert clean(source) == "Tekst voor de pagina-einde die doorloopt na het einde van de pagina. Klaar."


def test_page_footnote_cut_mid_sentence_and_kept():
    source = (
        "De huidige Terugkeerrichtlijn1 wordt vervangen door een verordening die\n"
        "1 Richtlijn 2008/115/EG van het Europees Parlement en de Raad van 16 december 2008 over\n"
        "procedures voor terugkeer.\n"
        " vreemdelingen zonder verblijf betreft. Dat is 5,2%.2 \n"
        "\n"
        "2 Artikel 66 van de verordening.\n"
    )
    cleaned = clean_span(source, 0, len(source))
    assert cleaned.text == (
        "De huidige Terugkeerrichtlijn wordt vervangen door een verordening die vreemdelingen zonder verblijf "
        "betreft. Dat is 5,2%."
    )
    assert [(f.number, f.text) for f in cleaned.footnotes] == [
        ("1", "Richtlijn 2008/115/EG van het Europees Parlement en de Raad van 16 december 2008 over procedures voor terugkeer."),
        ("2", "Artikel 66 van de verordening."),
    ]


def test_line_starting_with_a_number_is_not_a_footnote_without_marker():
    source = "Het bedrag ligt tussen de\n30 en 40 miljoen euro.\n\nVolgende alinea.\n"
    cleaned = clean_span(source, 0, len(source))
    assert cleaned.text == "Het bedrag ligt tussen de 30 en 40 miljoen euro.\n\nVolgende alinea."
    assert cleaned.footnotes == []


def test_footnotes_belong_to_the_span_holding_their_marker():
    source = "Eerste alinea met een voetnoot.1\n\nTweede alinea zonder.\n1 De voetnoot.\n\nDerde alinea.\n"
    second = source.index("Tweede")
    assert [f.number for f in clean_span(source, 0, second).footnotes] == ["1"]
    assert clean_span(source, second, len(source)) == ("Tweede alinea zonder.\n\nDerde alinea.", [])


def test_inline_word_footnote_of_000():
    source = corpus_file("000").read_text(encoding="utf-8")
    start = source.index("De leden van de CDA-fractie zijn het met de regering eens")
    end = source.index("\n", start)
    cleaned = clean_span(source, start, end)
    assert cleaned.text.endswith("de motie van de leden van Campen/Boswijk uit te voeren.")
    assert "[" not in cleaned.text and "2179" not in cleaned.text
    assert [(f.number, f.text) for f in cleaned.footnotes] == [("2", "Kamerstukken II 2024/45, 21501-20, nr. 2179.")]


def test_footnotes_of_001_are_numbered_and_marked_in_order():
    source = corpus_file("001").read_text(encoding="utf-8")
    footnotes = footnotes_of(source)
    assert [f.number for f in footnotes] == [str(n) for n in range(1, 30)]
    markers = {f.number: source[f.marker_start - 10:f.marker_end] for f in footnotes}
    assert markers["1"].endswith("richtlijn1") and markers["28"].endswith("5,2%.28")
    assert markers["21"].endswith("Migratie.21")  # not the "JA21" that follows it
    assert markers["25"].endswith("Piri . 25")  # a marker after a space


def test_mid_word_page_break_with_footnotes_in_001():
    source = corpus_file("001").read_text(encoding="utf-8")
    start = source.index("In het debat bij de indiening van de motie")
    end = source.index("acht het kabinet te hebben voldaan aan de zorgen vervat in de motie Piri.")
    text = clean_span(source, start, end).text
    assert "op een andere wijze te beoordelen of het non-refoulementbeginsel zich verzet tegen" in text
    assert "Motie 22112-4128" not in text and "Tweede Kamer, terugkeerverordening" not in text
    assert "\n\nHet staat buiten kijf voor het kabinet" in text  # a short last line ends its paragraph


def test_line_of():
    source = "een\ntwee\ndrie"
    assert [line_of(source, offset) for offset in (0, 3, 4, 9, len(source))] == [1, 1, 2, 3, 3]


def test_capitalised_word_split_over_a_line_is_joined():
    """A capital at the start of a split word only starts a sentence; the line-break hyphen goes."""
    source = "in de brief.\nTegelij-\nkertijd is het van belang dat de Staatssecre-\ntaris antwoordt.\n"
    assert "Tegelijkertijd is het van belang dat de Staatssecretaris antwoordt." in clean_span(source, 0, len(source)).text
