"""CLI commands: ask, chat."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from ui.app_render import citation_parts
from ui.cli_common import (
    DOC_HELP,
    FACTION_HELP,
    K_HELP,
    SINCE_HELP,
    UNTIL_HELP,
    handle_errors,
    make_filters,
    no_match_message,
    print_json,
)

EXIT_WORDS = {"exit", "quit", ":q", "/exit", "/quit"}
SNIPPET_CHARS = 240
CHAT_HINT = "Ask a question (English or Dutch). Follow-ups such as 'and for Syria?' use the last answer; /new starts a new topic, /help explains, exit or Ctrl+D ends."
CHAT_HELP = """Commands:
  /new   start a new topic: the next question is read on its own
  /help  this text
  exit   end the chat (or Ctrl+D)
A follow-up is a turn that leans on the previous one: 'and for Syria?', 'what about Uganda?', 'en Oeganda?',
'hoe zit het met Rwanda?', or a pronoun such as 'why did they stop it?'. It is rewritten from the previous
question (shown as 'Understood as'); a question with its own subject stands alone."""
PROMPT = "antwoord> "

K_OPTION = typer.Option(None, "--k", min=1, help=K_HELP)
FACTION_OPTION = typer.Option([], "--faction", help=FACTION_HELP)
DOC_OPTION = typer.Option([], "--doc", help=DOC_HELP)
SINCE_OPTION = typer.Option(None, "--since", help=SINCE_HELP)
UNTIL_OPTION = typer.Option(None, "--until", help=UNTIL_HELP)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("ask")(ask)
    app.command("chat")(chat)


@handle_errors
def ask(
    question: str = typer.Argument(..., help="The question, in Dutch or English."),
    json_output: bool = typer.Option(False, "--json", help="Print the answer as one JSON document."),
    k: Optional[int] = K_OPTION,
    faction: list[str] = FACTION_OPTION,
    doc: list[str] = DOC_OPTION,
    since: Optional[str] = SINCE_OPTION,
    until: Optional[str] = UNTIL_OPTION,
) -> None:
    """Answer a question with cited minister replies. Example: antwoord ask "what did the cabinet say about return hubs?"

    JSON keys: question, answer, mode ("llm"|"extractive"), abstained, notice, citations [{n, id, kind,
    document_title, date, date_estimated, kamerstuk, refers_to_kamerstukken, faction, question, reply,
    char_start, char_end, line_start, line_end, score, quotes}], positions [{document_id, document_title, date,
    date_estimated, kamerstuk, citations [n], also_asked_by}] (document blocks, newest first), more (ids of
    further on-topic replies), plus standalone_question, nearest, settings.
    """
    from assistant.answer import answer
    from core.settings import load_settings

    settings = load_settings(top_k=k)
    filters = make_filters(settings, faction, doc, since, until)
    stream = None if json_output else StreamPrinter()
    result = answer(question, settings, filters=filters, on_token=stream)
    if json_output:
        print_json(result)
    else:
        print_answer(result, stream, filters_note(settings, filters, result))


@handle_errors
def chat(
    json_output: bool = typer.Option(False, "--json", help="Print each answer as one JSON line."),
    k: Optional[int] = K_OPTION,
    faction: list[str] = FACTION_OPTION,
    doc: list[str] = DOC_OPTION,
    since: Optional[str] = SINCE_OPTION,
    until: Optional[str] = UNTIL_OPTION,
) -> None:
    """Chat: one question per line, follow-ups allowed, /new starts a new topic, /help. Example: antwoord chat"""
    from assistant.chat import ChatSession
    from core.settings import load_settings

    settings = load_settings(top_k=k)
    session = ChatSession(settings, filters=make_filters(settings, faction, doc, since, until))
    interactive = sys.stdin.isatty()
    if not json_output:
        typer.echo(CHAT_HINT, err=True)
    while True:
        if interactive:
            typer.echo(PROMPT, nl=False)
        line = sys.stdin.readline()
        if not line or line.strip().lower() in EXIT_WORDS:
            break
        if line.strip():
            _chat_turn(session, line.strip(), json_output, settings)


def _chat_turn(session, text: str, json_output: bool, settings) -> None:
    """One line of the chat: a command (/new, /help) or a question."""
    import json

    from assistant.chat import understood_as

    command = text.lower()
    if command in ("/new", "/reset"):
        session.new_topic()
        _say(json_output, {"command": "new", "message": "New topic: the next question is read on its own."})
        return
    if command.startswith("/"):
        known = command in ("/help", "/?")
        message = CHAT_HELP if known else f"Unknown command {text!r}.\n{CHAT_HELP}"
        _say(json_output, {"command": "help", "message": message})
        return
    had_history = bool(session.history)
    stream = None if json_output else StreamPrinter()
    result = session.ask(text, on_token=stream)
    if json_output:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False))
        return
    print_answer(result, stream, filters_note(settings, session.filters, result))
    reading = understood_as(result, had_history)
    if reading:
        typer.echo(f"\n({reading}" + (" Type /new if it is not." if result.standalone_question else "") + ")")
    typer.echo("")


def _say(json_output: bool, message: dict) -> None:
    """A chat command's reply: a JSON line, or its text."""
    import json

    typer.echo(json.dumps(message, ensure_ascii=False) if json_output else message["message"] + "\n")


def filters_note(settings, filters, result) -> str | None:
    """When the filters left nothing to search: the valid factions and documents to choose from."""
    if filters is None or not result.abstained or result.nearest:
        return None
    return no_match_message(settings, filters)


class StreamPrinter:
    """on_token callback: prints the model's tokens as they arrive and remembers what it printed."""

    def __init__(self) -> None:
        self.text = ""

    def __call__(self, token: str) -> None:
        self.text += token
        sys.stdout.write(token)
        sys.stdout.flush()


def print_answer(result, stream: StreamPrinter | None, hint: str | None = None) -> None:
    """The answer (or what verification changed in the streamed draft), notice, hint and sources."""
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
    if result.notice and streamed:
        typer.echo(f"\nNotice: {result.notice}")
    if hint:
        typer.echo(f"\n{hint}")
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
    """'[n] PVV-fractie · document · Kamerstuk … · date · lines a–b · id' (a paragraph: 'passage of document')."""
    return f"[{citation.n}] " + " · ".join(citation_parts(citation)) + f" · {citation.id}"


def snippet(text: str) -> str:
    """The first SNIPPET_CHARS characters of a reply, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"
