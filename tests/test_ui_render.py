"""Pure rendering functions of the research chat: escaping, highlighting, citation cards, Markdown export."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.models import Answer, Citation, RecordKind
from ui.app_render import (
    HIGHLIGHT_CLOSE,
    HIGHLIGHT_OPEN,
    NEAREST_LABEL,
    answer_markdown,
    citation_label,
    citation_meta,
    details_label,
    document_excerpt,
    escape_inline,
    export_markdown,
    highlight_quotes,
    mode_caption,
    quote_spans,
    render_text,
)

REPLY = (
    "Zoals eerder aan uw Kamer gemeld bevindt de verkenning van een mogelijke intensievere "
    "migratiesamenwerking met Oeganda zich in de beginfase. Het kabinet roept ook Commissie en andere "
    "lidstaten op om dergelijke concepten onder huidige regelgeving te verkennen."
)


def citation(n: int = 1, quotes: list[str] | None = None, **changes) -> Citation:
    """A citation of a real-looking reply."""
    data = dict(
        n=n,
        id="000_a253e434b74c966f:abc123def456",
        document_title="Verslag van een schriftelijk overleg over de JBZ-Raad",
        date=date(2025, 3, 4),
        kamerstuk="32317 nr. 933",
        faction="PVV",
        question="In hoeverre denkt de minister dat afspraken met Oeganda aansluiten op het return hub concept?",
        reply=REPLY,
        char_start=100,
        char_end=100 + len(REPLY),
        line_start=40,
        line_end=42,
        quotes=quotes or [],
    )
    data.update(changes)
    return Citation(**data)


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "[klik](javascript:alert(1))",
        "![img](http://x/y.png)",
        "*nadruk* en _ook_ en `code`",
        ":red[rood] en :material/home: en $x^2$",
        "a | b | c",
        "~~weg~~ &lt;",
    ],
)
def test_escape_inline_neutralises_markup(raw):
    escaped = escape_inline(raw)
    for special in "<>[]*_`:$|~&":
        assert special not in escaped.replace("\\" + special, ""), (special, escaped)


def test_render_text_neutralises_line_start_markers_and_keeps_breaks():
    text = "# kop\n- lijst\n1. punt\n> citaat\n    ingesprongen\n\nalinea"
    rendered = render_text(text)
    lines = rendered.split("\n")
    assert lines[0] == "\\# kop  "
    assert lines[1] == "\\- lijst  "
    assert lines[2] == "1\\. punt  "
    assert lines[3] == "\\> citaat  "
    assert lines[4] == "ingesprongen"  # indentation would make a code block
    assert lines[5:] == ["", "alinea"]


def test_highlight_escapes_first_then_marks_the_quote():
    reply = "Het kabinet <b>is</b> [het] eens: terugkeer *moet* sneller."
    rendered = highlight_quotes(reply, ["[het] eens: terugkeer *moet*"])
    assert f"{HIGHLIGHT_OPEN}\\[het\\] eens\\: terugkeer \\*moet\\*{HIGHLIGHT_CLOSE}" in rendered
    assert rendered.startswith("Het kabinet \\<b\\>is\\</b\\> ")
    assert "<b>" not in rendered


def test_quote_spans_tolerate_whitespace_typographic_quotes_dashes_and_ellipses():
    text = "Het  kabinet\nzegt: ‘go and see’ – en verder iets anders. Einde van het antwoord."
    spans = quote_spans(text, ["kabinet zegt: 'go and see' - en", "verder … Einde"])
    assert [text[a:b] for a, b in spans] == ["kabinet\nzegt: ‘go and see’ – en", "verder", "Einde"]


def test_quote_not_in_reply_highlights_nothing():
    assert HIGHLIGHT_OPEN not in highlight_quotes(REPLY, ["dit staat er niet in"])


def test_highlight_over_several_lines_marks_each_line():
    rendered = render_text("eerste regel\ntweede regel", [(7, 19)])
    assert rendered == f"eerste {HIGHLIGHT_OPEN}regel{HIGHLIGHT_CLOSE}  \n{HIGHLIGHT_OPEN}tweede{HIGHLIGHT_CLOSE} regel"


def test_document_excerpt_marks_the_reply_span_in_context():
    source = "\n".join(f"regel {i}" for i in range(1, 400))
    start = source.index("regel 200")
    end = start + len("regel 200")
    excerpt = document_excerpt(source, start, end, before=50, after=50)
    assert f"{HIGHLIGHT_OPEN}regel 200{HIGHLIGHT_CLOSE}" in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "regel 199" in excerpt and "regel 201" in excerpt and "regel 100" not in excerpt


def test_citation_label_and_meta_show_faction_document_date_kamerstuk_lines():
    label = citation_label(citation())
    assert label.startswith("\\[1\\] PVV-fractie · Verslag")
    assert "Kamerstuk 32317 nr. 933" in label and "2025-03-04" in label and "lines 40–42" in label
    meta = citation_meta(citation(faction=None, date=None, kamerstuk=None))
    assert "undated" in meta and "not stated" in meta and "none" in meta
    assert citation_label(citation(), nearest=True).startswith(NEAREST_LABEL)
    estimated = citation_meta(citation(date_estimated=True))
    assert "c. 2025-03-04 (estimated)" in estimated


def test_paragraph_records_are_passages_and_mentioned_kamerstukken_are_about():
    passage = citation(kind=RecordKind.PARAGRAPH, faction=None, kamerstuk=None)
    label = citation_label(passage)
    assert label.startswith("\\[1\\] passage of Verslag van een schriftelijk overleg")
    assert "fractie" not in label and "reply" not in label.lower()
    assert "passage of the document" in citation_meta(passage) and "not a minister's reply" in citation_meta(passage)
    about = citation(kamerstuk="32317 nr. 933", refers_to_kamerstukken=["32317 nr. 932"])
    assert "Kamerstuk 32317 nr. 933 · about Kamerstuk 32317 nr. 932" in citation_label(about)
    assert "**About:** Kamerstuk 32317 nr. 932" in citation_meta(about)
    many = citation(refers_to_kamerstukken=[f"32317 nr. {n}" for n in range(900, 913)])
    assert "about Kamerstuk 32317 nr. 900, 32317 nr. 901, 32317 nr. 902 and 10 more ·" in citation_label(many)
    assert "**Kind:** minister's reply" in citation_meta(citation())
    assert details_label(citation(n=3)).startswith("\\[3\\] details")


def test_answer_markdown_keeps_quote_blocks_but_escapes_their_text():
    text = "Extractive answer.\n\n[1] PVV-fractie · Verslag\n> Het kabinet <i>zegt</i>\n>\n> tweede alinea\n\nSlot."
    rendered = answer_markdown(text)
    assert "> Het kabinet \\<i\\>zegt\\</i\\>" in rendered
    assert "\\[1\\] PVV-fractie" in rendered
    assert rendered.endswith("Slot.")


def test_mode_caption_says_extractive_and_abstained():
    assert "Extractive" in mode_caption(Answer(question="q", answer="a", mode="extractive"))
    assert "No answer" in mode_caption(Answer(question="q", answer="a", mode="extractive", abstained=True))
    llm = Answer(question="q", answer="a", mode="llm", settings={"llm_model": "gemma"})
    assert "gemma" in mode_caption(llm)


def test_export_markdown_has_every_turn_with_full_citations_and_nearest():
    answered = Answer(
        question="what did the cabinet say about return hubs?",
        answer='Het kabinet "roept ook Commissie en andere lidstaten op" [1].',
        mode="llm",
        citations=[citation(quotes=["roept ook Commissie en andere lidstaten op"])],
        settings={"llm_model": "gemma"},
    )
    abstained = Answer(
        question="en de <b>ijsberen</b>?",
        standalone_question="return hubs en de ijsberen",
        answer="The documents do not answer this question.",
        mode="extractive",
        abstained=True,
        nearest=[citation(n=1, faction="VVD")],
    )
    markdown = export_markdown([answered, abstained], exported_at=datetime(2026, 11, 23, 14, 0))
    assert markdown.startswith("# antwoord research chat\n\nExported 2026-11-23 14:00 · 2 question(s)")
    assert "## 1. what did the cabinet say about return hubs?" in markdown
    assert "## 2. en de \\<b\\>ijsberen\\</b\\>?" in markdown
    assert "### Sources" in markdown and f"### {NEAREST_LABEL}" in markdown
    assert "Record `000_a253e434b74c966f:abc123def456`" in markdown
    assert "*Members' question:*" in markdown and "> Zoals eerder aan uw Kamer gemeld" in markdown
    assert "- quoted: “roept ook Commissie en andere lidstaten op”" in markdown
    assert "*Understood as a follow-up:* return hubs en de ijsberen" in markdown
    assert "VVD-fractie" in markdown and "<b>" not in markdown


def test_export_of_an_empty_conversation_is_just_the_header():
    assert export_markdown([], exported_at=datetime(2026, 1, 1)).count("\n## ") == 0


def test_answer_markdown_sets_the_document_line_above_citation_lines_in_bold():
    text = "Intro.\n\n2025-10-08 · Verslag *x*\n[1] PVV-fractie · lines 1-2\n> Het kabinet zegt.\n[2] SP-fractie · lines 3-4"
    rendered = answer_markdown(text)
    assert "**2025-10-08 · Verslag \\*x\\***  \n\\[1\\] PVV-fractie" in rendered
    assert "**Intro.**" not in rendered and "**\\[2\\]" not in rendered
