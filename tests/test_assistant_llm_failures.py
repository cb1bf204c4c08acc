"""Real HTTP endpoints that are down, slow, refuse the key or return garbage: extractive answer + notice, no key."""

from __future__ import annotations

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.answer import answer
from assistant.llm import public_url
from core.settings import Settings
from tests.llm_server import free_port
from tests.test_assistant_support import ScriptedSearcher, uganda_sources

KEY = "sk-antwoord-test-7f3c9e1d2b-unique-key"


def _handler(behaviour: str):
    """A request handler that misbehaves in the named way."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if behaviour == "slow":
                time.sleep(3)
            if behaviour == "unauthorised":
                # a server that echoes the key back must not get it printed
                body = json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}"}}).encode()
                self.send_response(401)
            elif behaviour == "server_error":
                body, _ = f"internal error for {self.headers.get('Authorization')}".encode(), self.send_response(500)
            else:
                body = b"<html>this is not an OpenAI-compatible server</html>"
                self.send_response(200)
            self.send_header("Content-Type", "application/json" if behaviour == "unauthorised" else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def endpoint(request):
    """Base URL of a local server with the behaviour given by indirect parametrisation."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(request.param))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def _ask(base_url: str, tmp_path, **overrides):
    """answer() against base_url with the unique key set."""
    settings = Settings(home=tmp_path / "home", openai_base_url=base_url, openai_api_key=KEY, llm_timeout=1.0,
                        **overrides)
    return answer("What about the return hub in Uganda?", settings, searcher=ScriptedSearcher(uganda_sources()))


def _assert_extractive_without_key(result, caplog, capsys, expected: str):
    """Extractive answer with both citations, a notice containing expected, and no trace of the key."""
    assert result.mode == "extractive" and len(result.citations) == 2
    assert expected in result.notice
    out, err = capsys.readouterr()
    everything = json.dumps(result.model_dump(mode="json")) + out + err + caplog.text
    assert KEY not in everything and KEY[-12:] not in everything


def test_closed_port(tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    result = _ask(f"http://127.0.0.1:{free_port()}/v1", tmp_path)
    _assert_extractive_without_key(result, caplog, capsys, "could not connect")


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("slow", "timeout"),
        ("garbage", "unusable response"),
        ("unauthorised", "API key was refused"),
        ("server_error", "HTTP 500"),
    ],
    indirect=["endpoint"],
)
def test_misbehaving_endpoint(endpoint, expected, tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    result = _ask(endpoint, tmp_path)
    assert time.monotonic() - started < 15
    _assert_extractive_without_key(result, caplog, capsys, expected)


def test_public_url_drops_credentials():
    assert public_url("https://user:secret@llm.example:8443/v1?key=abc") == "https://llm.example:8443/v1"
    assert public_url(None) is None
