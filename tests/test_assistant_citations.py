"""The pure citation function: model numbers -> citations, case by case."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.citations import citations_for, make_citation, renumber_citations
from tests.test_assistant_support import UGANDA_REPLY, make_evidence, uganda_sources


@pytest.mark.parametrize(
    ("text", "provided", "expected_text", "kept", "dropped"),
    [
        ("A [1]. B [2].", 2, "A [1]. B [2].", [1, 2], []),
        ("B [2]. A [1].", 2, "B [1]. A [2].", [2, 1], []),
        ("Made up [7].", 2, "Made up.", [], [7]),
        ("Both [1, 3].", 2, "Both [1].", [1], [3]),
        ("Listed [2;1] then [2].", 2, "Listed [1][2] then [1].", [2, 1], []),
        ("Zero [0] and real [2].", 2, "Zero and real [1].", [2], [0]),
        ("As [source 2] and [Bron 1] say.", 2, "As [1] and [2] say.", [2, 1], []),
        ("Repeated [2][2].", 2, "Repeated [1][1].", [2], []),
        ("No citations at all.", 2, "No citations at all.", [], []),
        ("Nothing provided [1].", 0, "Nothing provided.", [], [1]),
        ("Twice wrong [9] [9].", 3, "Twice wrong.", [], [9]),
        ("Not a marker: [a] or [1a].", 2, "Not a marker: [a] or [1a].", [], []),
    ],
)
def test_renumber_citations(text, provided, expected_text, kept, dropped):
    result = renumber_citations(text, provided)
    assert (result.text, result.kept, result.dropped) == (expected_text, kept, dropped)


def test_citations_follow_the_kept_order_and_carry_quotes():
    sources = uganda_sources()
    citations = citations_for([2, 1], sources, {1: ["verkent samen met Oeganda"]})
    assert [c.n for c in citations] == [1, 2]
    assert [c.id for c in citations] == [sources[1].record.id, sources[0].record.id]
    assert citations[0].quotes == [] and citations[1].quotes == ["verkent samen met Oeganda"]


def test_make_citation_copies_the_record_and_document():
    evidence = make_evidence(UGANDA_REPLY, day=date(2025, 3, 5), ordinal=3, score=0.42)
    citation = make_citation(evidence, 4)
    assert citation.n == 4
    assert citation.id == evidence.record.id
    assert citation.reply == UGANDA_REPLY
    assert citation.kamerstuk == "32317 nr. 974"
    assert citation.date == date(2025, 3, 5)
    assert (citation.line_start, citation.line_end) == (13, 15)
    assert citation.score == 0.42 and citation.faction == "PVV"


def test_change_note_marks_estimated_dates():
    """An undated report's estimated date is ordered like any other but labelled as an estimate."""
    from datetime import date

    from assistant.extractive import change_note
    from core.models import Position

    def block(day: date, estimated: bool, numbers: list[int]) -> Position:
        return Position(document_id=f"d{day}", document_title="t", date=day, date_estimated=estimated, citations=numbers)

    note = change_note([block(date(2025, 12, 9), True, [1, 2]), block(date(2025, 10, 8), False, [3])])
    assert note == "Most recent: c. 2025-12-09 (estimated) [1][2]; earlier: 2025-10-08 [3]."
    assert change_note([block(date(2025, 10, 8), False, [1])]) is None
