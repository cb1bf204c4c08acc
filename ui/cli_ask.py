"""CLI commands: ask, chat."""

from __future__ import annotations

import sys
from datetime import date
from typing import Optional

import typer

from ui.cli_common import handle_errors, print_json

EXIT_WORDS = {"exit", "quit", ":q"}
SNIPPET_CHARS = 240

K_OPTION = typer.Option(None, "--k", min=1, help="Replies to retrieve (default ANTWOORD_TOP_K).")
FACTION_OPTION = typer.Option(None, "--faction", help="Only replies to this faction, e.g. PVV.")
DOC_OPTION = typer.Option(None, "--doc", help="Only replies from this document id, e.g. 000_a253e434b74c966f.")
SINCE_OPTION = typer.Option(None, "--since", help="Only documents dated on/after this day (YYYY-MM-DD).")
UNTIL_OPTION = typer.Option(None, "--until", help="Only documents dated on/before this day (YYYY-MM-DD).")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("ask")(ask)
    app.command("chat")(chat)


@handle_errors
def ask(
    question: str = typer.Argument(..., help="The question, in Dutch or English."),
    json_output: bool = typer.Option(False, "--json", help="Print the answer as one JSON document."),
    k: Optional[int] = K_OPTION,
    faction: Optional[str] = FACTION_OPTION,
    doc: Optional[str] = DOC_OPTION,
    since: Optional[str] = SINCE_OPTION,
    until: Optional[str] = UNTIL_OPTION,
) -> None:
    """Answer a question with cited minister replies. Example: antwoord ask "what did the cabinet say about return hubs?"

    JSON keys: question, answer, mode ("llm"|"extractive"), abstained, notice, citations [{n, id,
    document_title, date, kamerstuk, faction, question, reply, char_start, char_end, line_start, line_end,
    score, quotes}], plus standalone_question, nearest, settings.
    """
    from assistant.answer import answer
    from core.settings import load_settings

    settings = load_settings(top_k=k)
    filters = make_filters(faction, doc, since, until)
    stream = None if json_output else StreamPrinter()
    result = answer(question, settings, filters=filters, on_token=stream)
    if json_output:
        print_json(result)
    else:
        print_answer(result, stream)


@handle_errors
def chat(
    json_output: bool = typer.Option(False, "--json", help="Print each answer as one JSON line."),
    k: Optional[int] = K_OPTION,
    faction: Optional[str] = FACTION_OPTION,
    doc: Optional[str] = DOC_OPTION,
    since: Optional[str] = SINCE_OPTION,
    until: Optional[str] = UNTIL_OPTION,
) -> None:
    """Chat: one question per line on stdin, follow-ups allowed; ends at EOF or 'exit'. Example: antwoord chat"""
    import json

    from assistant.chat import ChatSession
    from core.settings import load_settings

    session = ChatSession(load_settings(top_k=k), filters=make_filters(faction, doc, since, until))
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            typer.echo("> ", nl=False)
        line = sys.stdin.readline()
        if not line or line.strip().lower() in EXIT_WORDS:
            break
        if not line.strip():
            continue
        stream = None if json_output else StreamPrinter()
        result = session.ask(line.strip(), on_token=stream)
        if json_output:
            typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False))
        else:
            print_answer(result, stream)
            typer.echo("")


def make_filters(faction: str | None, doc: str | None, since: str | None, until: str | None):
    """SearchFilters from the command-line options, None when no option is given."""
    if not any((faction, doc, since, until)):
        return None
    from index.search import SearchFilters

    return SearchFilters(
        factions=[faction] if faction else None,
        document_ids=[doc] if doc else None,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
    )


def parse_day(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value as a date."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2025-03-01.", param_hint=option)


class StreamPrinter:
    """on_token callback: prints the model's tokens as they arrive and remembers what it printed."""

    def __init__(self) -> None:
        self.text = ""

    def __call__(self, token: str) -> None:
        self.text += token
        sys.stdout.write(token)
        sys.stdout.flush()


def print_answer(result, stream: StreamPrinter | None) -> None:
    """The answer (or what verification changed in the streamed draft), notice and sources."""
    streamed = stream.text.strip() if stream else ""
    if result.notice and not streamed:  # nothing streamed: say first why the answer is what it is
        typer.echo(f"Notice: {result.notice}\n")
    if not streamed:
        typer.echo(result.answer)
    elif result.mode == "llm" and result.answer.startswith(streamed):
        typer.echo(result.answer[len(streamed):])
    else:  # verification changed the streamed draft, or replaced it (see the notice)
        typer.echo("\n\n--- Verified answer ---" if result.mode == "llm" else "\n\n--- Draft discarded, answer: ---")
        typer.echo(result.answer)
    if result.standalone_question:
        typer.echo(f"\n(Understood as: {result.standalone_question})")
    if result.notice and streamed:
        typer.echo(f"\nNotice: {result.notice}")
    if result.citations:
        typer.echo("\nSources:")
        for citation in result.citations:
            typer.echo(f"  {source_line(citation)}")
    if result.nearest:
        typer.echo("\nNearest, not an answer:")
        for citation in result.nearest:
            typer.echo(f"  {source_line(citation)}")
            typer.echo(f"      {snippet(citation.reply)}")


def source_line(citation) -> str:
    """'[n] header · id' for one citation."""
    from assistant.extractive import header_line

    return f"{header_line(citation)} · {citation.id}"


def snippet(text: str) -> str:
    """The first SNIPPET_CHARS characters of a reply, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"
