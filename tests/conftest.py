"""Shared fixtures: the bundled corpus, an isolated ANTWOORD_HOME, and the corpus ingested and indexed once."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "data" / "corpus"
IN_CI = os.environ.get("CI", "").lower() == "true"


def corpus_file(prefix: str) -> Path:
    """The bundled corpus file whose name starts with prefix, e.g. '000'."""
    (path,) = sorted(CORPUS_DIR.glob(f"{prefix}_*"))
    return path


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """Every test gets its own ANTWOORD_HOME and no LLM endpoint unless it sets one."""
    monkeypatch.setenv("ANTWOORD_HOME", str(tmp_path / "home"))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTWOORD_LLM_MODEL", "ANTWOORD_EMBEDDER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings pointing at this test's empty ANTWOORD_HOME."""
    return Settings(home=tmp_path / "home")


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory) -> Settings:
    """Settings of a home holding the bundled corpus, ingested and indexed with the real default embedder.

    Built once per test session; tests must not modify it (copy it with `copy_home` first).
    """
    from ingest.pipeline import ingest_paths
    from index.build import update_index

    home = tmp_path_factory.mktemp("corpus_home")
    settings = Settings(home=home)
    report = ingest_paths([CORPUS_DIR], settings, progress=False)
    assert not report.errors, report.errors
    update_index(settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def small_indexed_settings(tmp_path_factory) -> Settings:
    """Settings of a home holding the small hand-made store (tests/test_index_fixtures.py), indexed once with the real
    default embedder. Tests must not modify it: they copy it (shutil.copytree) before changing anything."""
    from index.build import update_index
    from tests.test_index_fixtures import fill_store

    settings = Settings(home=tmp_path_factory.mktemp("small_indexed_home"))
    fill_store(settings)
    summary = update_index(settings, progress=False)
    assert summary["records"] == 6 and summary["embedded"] == summary["passages"] > 6
    return settings


@pytest.fixture(scope="module")
def llama_server():
    """A real llama.cpp server on 127.0.0.1; fails under CI=true when it cannot start, skips elsewhere."""
    from tests.llm_server import ServerUnavailable, start_server

    started = time.monotonic()
    try:
        server = start_server()
    except ServerUnavailable as error:
        if IN_CI:
            pytest.fail(f"llama.cpp server could not start (mandatory under CI=true): {error}")
        pytest.skip(f"llama.cpp server could not start: {error}")
    print(f"llama.cpp server ready in {time.monotonic() - started:.1f} s at {server.base_url}")
    yield server
    server.stop()
