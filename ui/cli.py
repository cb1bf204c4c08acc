"""The `antwoord` command: one module per group of commands, registered here."""

from __future__ import annotations

import typer

from ui import cli_ask, cli_eval, cli_ingest, cli_search, cli_ui

app = typer.Typer(
    name="antwoord",
    help="Semantic search and cited answers over Dutch parliamentary written consultations.",
    no_args_is_help=True,
    add_completion=False,
)

for module in (cli_ingest, cli_search, cli_ask, cli_eval, cli_ui):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
