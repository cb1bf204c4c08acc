"""The parsers' and cleaning's shortcuts give what the slow definitions they stand for give, on random texts made of
the pieces that matter and on the seeds and fixtures."""

from __future__ import annotations

import bisect
import random
import re

from ingest import clean, eerste_kamer, fallback, footnotes, letter, linescan, metadata, tweede_kamer
from ingest.linescan import LinePattern
from tests.conftest import CORPUS_DIR, ROOT

SOURCES = sorted(CORPUS_DIR.glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "ingest").glob("*.txt"))


def _texts():
    return [path.read_text(encoding="utf-8") for path in SOURCES]


def _random_text(rng: random.Random, pieces: list[str], most: int = 30) -> str:
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(0, most)))


# Letter headings in several cases, the characters IGNORECASE treats apart from str.lower(), line breaks.
_HEADING_PIECES = ["BRIEF VAN DE", "brief van de", "Brief Van De", "BRİEF VAN DE", "BRıEF VAN DE", "MINISTER", " ",
                   "\t", "\n", "\n\n", "x", "É", "é", "’", "\u212a", "BRIEF VAN DEN", "\r\n"]


def test_line_pattern_ignoring_case_finds_the_regex_matches():
    pattern = re.compile(r"^[ \t]*BRIEF VAN DE\b[^\n]*$", re.MULTILINE | re.IGNORECASE)
    line_pattern = LinePattern(pattern, "brief van de", ignore_case=True)
    rng = random.Random(17)
    for _ in range(5000):
        text = _random_text(rng, _HEADING_PIECES)
        pos = rng.randrange(0, len(text) + 1)
        expected = [m.span() for m in pattern.finditer(text, pos)]
        assert [m.span() for m in line_pattern.finditer(text, pos)] == expected, repr((text, pos))
    for text in _texts():
        assert [m.span() for m in line_pattern.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def _opening_as_before(source: str) -> str:
    return metadata._OPENING_END.split(source, maxsplit=1)[0][:metadata._OPENING_MAX_CHARS]


def test_opening_end_is_where_the_split_cuts():
    rng = random.Random(18)
    pieces = ["Bij brief van", "Inhoudsopgave", "Vragen en opmerkingen van de leden", "x" * 500, "y" * 37, "\n", "Bij"]
    for _ in range(5000):
        text = _random_text(rng, pieces, 16)
        assert text[:metadata._opening_end(text)] == _opening_as_before(text), repr(text)
    for text in _texts():
        assert text[:metadata._opening_end(text)] == _opening_as_before(text)


def test_before_signature_is_the_regex_cut():
    rng = random.Random(19)
    pieces = ["De Minister van Asiel,", "Staatssecretaris voor X,", "MINISTER,", "mİnister,", "ſtaatssecretaris,", "\n",
              " ", "\t", "tekst", ",", "De "]
    for _ in range(5000):
        text = _random_text(rng, pieces, 20)
        start = rng.randrange(0, len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        signature = eerste_kamer._SIGNATURE.search(text, start, end)
        expected = (start, signature.start()) if signature else (start, end)
        assert eerste_kamer._before_signature(text, start, end) == expected, repr((text, start, end))


def test_label_line_starts_are_the_lines_that_may_be_labels():
    rng = random.Random(20)
    pieces = ["Antwoord", "Reactie", "Beantwoording", "antwoord", "Antw", "oord", "\n", "\n\n", " ", "x", "’", ":"]
    for _ in range(5000):
        text = _random_text(rng, pieces)
        tweede_kamer._label_line_starts.cache_clear()
        starts = tweede_kamer._label_line_starts(text)
        line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        assert starts == {s for s in line_starts if tweede_kamer.may_be_label(text[s:].split("\n", 1)[0])}, repr(text)


def test_sentence_groups_close_where_the_sentence_end_regex_finds_an_end():
    rng = random.Random(21)
    pieces = ["tekst", ".", "?", "!", ")", "’", "”", "'", '"', " ", ":", ",", "x"]
    for _ in range(3000):
        texts = [_random_text(rng, pieces, 8) for _ in range(rng.randrange(1, 6))]
        chunk = [tweede_kamer.TextLine(i, i + 1, text, False) for i, text in enumerate(texts)]
        expected, closed = [], True
        for line in chunk:
            if closed:
                expected.append([])
            expected[-1].append(line)
            closed = tweede_kamer.SENTENCE_END.search(line.text) is not None
        assert tweede_kamer._sentence_groups(chunk) == expected, repr(texts)


def test_line_pattern_with_several_phrases_finds_the_regex_matches():
    line_pattern = letter._SIGNATURE
    rng = random.Random(22)
    pieces = ["De ", "Minister", "minister-president", "STAATSSECRETARIS", "Staatssecretaris", "mİnister", "ſtaats",
              " van X", ",", " ", "\t", "\n", "\n\n", "x", "é"]
    for _ in range(5000):
        text = _random_text(rng, pieces)
        pos = rng.randrange(0, len(text) + 1)
        expected = [m.span() for m in line_pattern.pattern.finditer(text, pos)]
        assert [m.span() for m in line_pattern.finditer(text, pos)] == expected, repr((text, pos))
    for text in _texts():
        expected = [m.span() for m in line_pattern.pattern.finditer(text)]
        assert [m.span() for m in line_pattern.finditer(text)] == expected


def test_numbered_lines_are_the_numbered_regex_matches():
    rng = random.Random(23)
    pieces = ["1.", "12. ", "3", ".", " ", "\t", "\n", "\n\n", "x", "De leden", "é", "’"]
    for _ in range(5000):
        text = _random_text(rng, pieces)
        pos = rng.randrange(0, len(text) + 1)
        endpos = rng.randrange(pos, len(text) + 1)
        expected = [m.span() for m in eerste_kamer._NUMBERED.finditer(text, pos, endpos)]
        assert [m.span() for m in eerste_kamer._NUMBERED_LINES.finditer(text, pos, endpos)] == expected, repr(text)


def test_after_blank_line_is_the_regex_on_the_text_before():
    rng = random.Random(24)
    pieces = ["\n", " ", "\t", "\r", "\xa0", "x", "1 ", "\u2028"]
    for _ in range(20000):
        text = _random_text(rng, pieces, 10)
        offset = rng.randrange(0, len(text) + 1)
        before = text[:offset]
        expected = not before.strip() or fallback._BLANK_LINE_BEFORE.search(before) is not None
        assert fallback._after_blank_line(text, offset) == expected, repr((text, offset))


def _as_callers_read(text: str) -> list:
    """What lowered_ascii's callers can tell of each character: itself if ASCII, else only whether it is whitespace."""
    return [char.lower() if char.isascii() else ("non-ASCII", char.isspace()) for char in text]


def test_lowered_ascii_lowers_the_ascii_letters_and_keeps_the_rest_apart():
    rng = random.Random(25)
    # ASCII, Latin-1, code units whose bytes hold A-Z (Ł U+0141, 䅁 U+4141), whitespace, an astral character and
    # a surrogate pair, beside the characters that take str.lower().
    pieces = ["A", "z", "Q", " ", "\n", "é", "É", "Ł", "\u4141", "\u5a41", "\xa0", "\u2028", "\u3000", "\u1680", "’",
              "\U0001f600", "\U00010441", "İ", "\u212a", "\ud800", "\udc41"]
    for _ in range(20000):
        text = _random_text(rng, pieces, 12)
        linescan.lowered_ascii.cache_clear()
        lowered = linescan.lowered_ascii(text)
        if "İ" in text or "\u212a" in text:  # left to str.lower(), as the docstring says
            assert lowered == text.lower()
        elif len(lowered) == len(text):  # callers use the offsets only then
            assert _as_callers_read(lowered) == _as_callers_read(text), repr(text)
    for text in _texts():
        assert _as_callers_read(linescan.lowered_ascii(text)) == _as_callers_read(text)


def test_last_marker_match_is_the_last_of_finditer():
    rng = random.Random(26)
    pieces = ["1", "2", "12", "3", "woord", "A", ".", ",", " ", "\n", "%", "’", "JA", "x"]
    for _ in range(20000):
        text = _random_text(rng, pieces, 14)
        number = rng.choice(["1", "2", "12", "21", "123"])
        floor = rng.randrange(0, len(text) + 1)
        ceiling = rng.randrange(floor, len(text) + 1)
        for pattern in footnotes._marker_patterns(number):
            matches = list(pattern.finditer(text, floor, ceiling))
            found = footnotes._last_match(pattern, text, number, floor, ceiling)
            assert (found and found.span()) == (matches[-1].span() if matches else None), repr((text, number))


def test_superscript_footnote_patterns_find_the_regex_matches():
    digits = fallback.SUPERSCRIPT_DIGITS
    line_regex = re.compile(rf"^[ \t]*(?P<number>[{digits}]+)[ \t]+(?=\S)", re.MULTILINE)
    marker_regex = re.compile(rf"(?P<number>[{digits}]+)")
    rng = random.Random(27)
    pieces = ["¹", "²", "⁰", "⁴⁵", " ", "\t", "\n", "\n\n", "x", "Kamerstukken", "1", "’"]
    for _ in range(5000):
        text = _random_text(rng, pieces)
        assert [m.span() for m in eerste_kamer._FOOTNOTE_LINE.finditer(text)] == [
            m.span() for m in line_regex.finditer(text)], repr(text)
        assert [m.span() for m in eerste_kamer._FOOTNOTE_MARKER.finditer(text)] == [
            m.span() for m in marker_regex.finditer(text)], repr(text)


def test_without_marks_is_the_marks_regex_sub():
    rng = random.Random(28)
    pieces = ["¹", "²³", "⁹", "x", " ", "’", "a"]
    for _ in range(5000):
        text = _random_text(rng, pieces, 10)
        assert metadata._without_marks(text) == metadata._FOOTNOTE_MARKS.sub("", text), repr(text)


def _page_numbers_as_before(source: str, texts: list[str], blank: list[bool]) -> set[int]:
    """The page-number lines as found before: a regex scan for bare-number lines, then the blank-neighbour test."""
    starts = [0]
    for text in texts[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    numbers = [bisect.bisect_right(starts, match.start() + 1) - 1
               for match in re.finditer(r"\n[ \t]*\d{1,3}[ \t]*(?=\n|\Z)", source)]
    if texts and re.fullmatch(r"[ \t]*\d{1,3}[ \t]*", texts[0]):
        numbers.insert(0, 0)
    return {i for i in numbers if (i == 0 or blank[i - 1]) and (i + 1 >= len(blank) or blank[i + 1])}


def test_page_numbers_are_the_bare_number_lines_between_blank_lines():
    rng = random.Random(30)
    pieces = ["12", "3", "1234", " ", "\t", "\n", "\n\n", "\r", "x", "٣", "\n \n"]
    for _ in range(20000):
        source = _random_text(rng, pieces, 14)
        texts = source.split("\n")
        blank = [not text.strip() for text in texts]
        found = {i for i in clean._between_blank_lines(blank) if clean._is_bare_number_line(texts[i])}
        assert found == _page_numbers_as_before(source, texts, blank), repr(source)
