"""CLI commands: ui (the Streamlit research chat)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from ui.cli_common import handle_errors

APP_PATH = Path(__file__).resolve().parent / "app.py"
DEFAULT_PORT = 8501
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
STOP_GRACE = 10  # seconds the server gets to shut down after a stop signal before it is killed


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
    raise typer.Exit(code=run_until_stopped(streamlit_command(port), env))


def run_until_stopped(command: list[str], env: dict) -> int:
    """Run the server as a child; SIGTERM, SIGINT or SIGHUP of this process stop it too (no orphan keeps the port).

    Returns the child's exit code, or 0 when it was stopped by a forwarded signal.
    """
    child = subprocess.Popen(command, env=env)
    stopping: list[float] = []  # when the first stop signal came

    def forward(signum, frame) -> None:
        stopping.append(time.monotonic())
        if child.poll() is None:
            child.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    previous = {sig: signal.signal(sig, forward) for sig in STOP_SIGNALS}
    try:
        while True:
            try:
                code = child.wait(timeout=1)  # short waits, so a stop signal's grace period is enforced
                break
            except subprocess.TimeoutExpired:
                if stopping and time.monotonic() - stopping[0] > STOP_GRACE:
                    child.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping else code
