"""`antwoord ui`: the command line it runs and its options (the browser test runs it for real)."""

from __future__ import annotations

import sys

from typer.testing import CliRunner

from ui.cli import app
from ui.cli_ui import APP_PATH, streamlit_command


def test_streamlit_command_is_loopback_headless_without_usage_stats():
    command = streamlit_command(8765)
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert command[4] == str(APP_PATH) and APP_PATH.exists()
    options = dict(zip(command[5::2], command[6::2]))
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.port"] == "8765"
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"


def test_ui_help_names_the_port_option():
    result = CliRunner().invoke(app, ["ui", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "127.0.0.1" in result.output


def test_ui_rejects_a_port_out_of_range():
    result = CliRunner().invoke(app, ["ui", "--port", "70000"])
    assert result.exit_code == 2
