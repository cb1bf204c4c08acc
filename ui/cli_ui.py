"""CLI commands: ui (the Streamlit research chat)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import typer

from ui.cli_common import handle_errors

APP_PATH = Path(__file__).resolve().parent / "app.py"
DEFAULT_PORT = 8501


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("ui")(ui)


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The `streamlit run` command line for the app: loopback, headless, no usage statistics."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.address", address,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",  # a research tool: no "Deploy" or developer menu
    ]  # fmt: skip


@handle_errors
def ui(
    port: int = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Port to listen on (127.0.0.1 only)."),
    home: Optional[Path] = typer.Option(
        None, "--home", envvar="ANTWOORD_HOME", help="Data folder (default ./.antwoord)."
    ),
) -> None:
    """Start the research chat in the browser at http://127.0.0.1:PORT. Example: antwoord ui --port 8501"""
    env = dict(os.environ)
    if home is not None:
        env["ANTWOORD_HOME"] = str(home.resolve())
    typer.echo(f"Research chat on http://127.0.0.1:{port} (Ctrl+C stops it)", err=True)
    try:
        completed = subprocess.run(streamlit_command(port), env=env, check=False)
    except KeyboardInterrupt:
        raise typer.Exit(code=0)
    raise typer.Exit(code=completed.returncode)
