"""`antwoord ui`: the command line it runs and its options (the browser test runs it for real)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from typer.testing import CliRunner

from ui.cli import app
from tests.llm_server import free_port
from tests.test_ui_browser import ui_command, wait_healthy
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


def _port_is_free(port: int) -> bool:
    """True when a socket can bind 127.0.0.1:port (nothing listens on it)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_sigterm_of_antwoord_ui_stops_the_server_and_frees_the_port(tmp_path):
    port = free_port()
    log = tmp_path / "ui.log"
    env = {**os.environ, "ANTWOORD_HOME": str(tmp_path / "home")}
    with log.open("w") as out:  # its own session, so a leftover server could be cleaned up by group below
        process = subprocess.Popen(ui_command(port), env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        wait_healthy(port, process, log)
        process.send_signal(signal.SIGTERM)  # the command only, as `kill -TERM <pid>` does; not its group
        assert process.wait(timeout=60) == 0, log.read_text()
        assert _port_is_free(port), f"the Streamlit server still holds port {port}:\n{log.read_text()}"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group, should the test fail
        except ProcessLookupError:
            pass
