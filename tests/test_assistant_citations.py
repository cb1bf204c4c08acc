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


def test_recency_note_marks_estimated_dates():
    """An undated report's estimated date is ordered like any other but labelled as an estimate."""
    from datetime import date

    from assistant.evidence import recency_note
    from core.models import Citation

    def cited(n: int, day: date, estimated: bool) -> Citation:
        return Citation(n=n, id=f"d:{n}", document_title="t", date=day, date_estimated=estimated, reply="r",
                        char_start=0, char_end=1, line_start=1, line_end=1)

    note = recency_note([cited(1, date(2025, 12, 9), True), cited(2, date(2025, 10, 8), False)])
    assert note == "Dates: [1] (c. 2025-12-09 (estimated)) is the most recent position; older: [2] (2025-10-08)."


def test_extractive_quotes_only_the_replies_nearly_as_close_as_the_best():
    """Far replies are dropped, at most three are quoted, and a kept reply brings the reply it refers to."""
    from assistant.evidence import MAX_QUOTED_REPLIES, QUOTE_MARGIN, closest_replies

    best = make_evidence("Beste antwoord.", dense=0.90, ordinal=1)
    near = [make_evidence(f"Bijna even goed {n}.", dense=0.90 - QUOTE_MARGIN / 2, ordinal=2 + n) for n in range(3)]
    far = make_evidence("Een ander onderwerp.", dense=0.90 - 2 * QUOTE_MARGIN, ordinal=9)
    target = make_evidence("Het inhoudelijke antwoord.", dense=0.5, ordinal=10, via=near[0].record.id)
    kept = closest_replies([far, best, *near, target])
    assert [e.record.id for e in kept] == [best.record.id, near[0].record.id, near[1].record.id, target.record.id]
    assert len([e for e in kept if e.via is None]) == MAX_QUOTED_REPLIES
