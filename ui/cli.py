"""The `antwoord` command: one module per group of commands, registered here."""

from __future__ import annotations

import os
import sys

import typer
from typer._click import exceptions as click_errors  # typer carries its own click

from core.errors import AntwoordError
from ui import cli_ask, cli_eval, cli_ingest, cli_search, cli_ui
from ui.cli_common import USAGE_EXIT, os_error_message

app = typer.Typer(
    name="antwoord",
    help="Semantic search and cited answers over Dutch parliamentary written consultations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # errors are one line (main); ANTWOORD_DEBUG=1 shows the traceback
)

for module in (cli_ask, cli_eval, cli_ingest, cli_search, cli_ui):
    module.register(app)


def main() -> None:
    """Console-script entry point: every error a user can cause ends as one 'Error: …' line and a non-zero exit."""
    try:
        code = app(standalone_mode=False)
    except click_errors.UsageError as error:  # bad option value or missing argument: the same style as our own (exit 2)
        if not error.format_message().strip():  # `antwoord` alone: the help was printed
            sys.exit(USAGE_EXIT)
        command = f"antwoord {error.ctx.info_name} --help" if error.ctx and error.ctx.parent else "antwoord --help"
        typer.echo(f"Error: {error.format_message()} (see {command})", err=True)
        sys.exit(USAGE_EXIT)
    except click_errors.ClickException as error:
        typer.echo(f"Error: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except typer.Abort:
        sys.exit(130)
    except (AntwoordError, OSError) as error:  # the commands catch these; a safety net for the ones they miss
        message = os_error_message(error) if isinstance(error, OSError) else str(error)
        typer.echo(f"Error: {message}", err=True)
        sys.exit(1)
    except Exception as error:  # a bug: one line by default, the traceback on request
        if os.environ.get("ANTWOORD_DEBUG"):
            raise
        typer.echo(f"Error: unexpected {type(error).__name__}: {error} (run with ANTWOORD_DEBUG=1 for the traceback)", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
