"""The gold file: format validation with file:line errors, its make-up, and every snippet naming one reply."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from core.settings import Settings
from eval.gold import BLIND2_FILE, BLIND_FILE, DEV_FILE, GOLD_FILE, GoldFileError, Kind, load_gold, normalize, split_name
from ingest.store import RecordStore
from tests.conftest import CORPUS_DIR

GOOD = {
    "id": "x1", "question": "Wat zegt het kabinet?", "lang": "nl", "kind": "position",
    "answer_snippets": ["een twee drie vier vijf zes zeven acht"], "notes": "",
}


def write_lines(tmp_path, *rows) -> str:
    """A gold file with one JSON object (or raw string) a line."""
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "not valid JSON"),
        ({**GOOD, "kind": ""}, "kind"),
        ({**GOOD, "lang": ""}, "lang"),
        ({**GOOD, "kind": 3}, "kind"),
        ({**GOOD, "answer_snippets": ["te kort"]}, "expected 8-20"),
        ({**GOOD, "kind": "unanswerable"}, "must have no answer_snippets"),
        ({**GOOD, "question": ""}, "question"),
        ({k: v for k, v in GOOD.items() if k != "id"}, "id"),
    ],
)
def test_a_bad_line_names_the_file_and_line(tmp_path, bad, message):
    path = write_lines(tmp_path, GOOD | {"id": "ok"}, bad)
    with pytest.raises(GoldFileError, match=message) as caught:
        load_gold(path)
    assert f"{path}:2" in str(caught.value)


def test_any_kind_and_language_label_is_accepted_and_no_snippets_means_unanswerable(tmp_path):
    items = load_gold(write_lines(
        tmp_path, GOOD | {"id": "a", "kind": "procedure", "lang": "de"},
        GOOD | {"id": "b", "kind": "out-of-scope", "answer_snippets": []},
        GOOD | {"id": "c", "kind": "broad", "answer_snippets": GOOD["answer_snippets"] * 2},
    ))
    assert [(i.kind, i.lang, i.answerable) for i in items] == [
        ("procedure", "de", True), ("out-of-scope", "nl", False), ("broad", "nl", True)
    ]


def test_split_names_label_the_bundled_files_and_otherwise_the_stem(tmp_path):
    assert split_name(GOLD_FILE) == "tuned" and split_name(BLIND_FILE) == "blind"
    assert split_name(DEV_FILE) == "dev" and split_name(BLIND2_FILE) == "blind2"
    assert split_name(tmp_path / "mine.jsonl") == "mine"


def test_duplicate_ids_missing_files_and_empty_files_are_errors(tmp_path):
    with pytest.raises(GoldFileError, match=r":2: duplicate id 'x1'"):
        load_gold(write_lines(tmp_path, GOOD, GOOD))
    with pytest.raises(GoldFileError, match="cannot read gold file"):
        load_gold(tmp_path / "missing.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match="no gold questions"):
        load_gold(empty)


def test_the_bundled_gold_set_has_the_promised_make_up():
    items = load_gold(GOLD_FILE)
    kinds = Counter(item.kind for item in items)
    langs = Counter(item.lang for item in items)
    assert len(items) >= 100
    assert set(kinds) == {"factual", "position", "crossref", "multi", "letter", "unanswerable"}
    assert kinds[Kind.UNANSWERABLE.value] >= 10
    assert 0.5 <= langs["en"] / len(items) <= 0.7, langs
    assert all(len(item.answer_snippets) >= 2 for item in items if item.kind == Kind.MULTI.value)


@pytest.fixture(scope="module")
def corpus_records(tmp_path_factory):
    """Every record of the bundled corpus, ingested without an index (fast), with its normalized text."""
    from ingest.pipeline import ingest_paths

    settings = Settings(home=tmp_path_factory.mktemp("gold_home"))
    report = ingest_paths([CORPUS_DIR], settings, progress=False)
    assert not report.errors, report.errors
    return [(record, normalize(record.text)) for record in RecordStore(settings.store_path).records()]


def records_with(snippet: str, corpus_records) -> list:
    """The records whose text contains the snippet after normalizing."""
    needle = normalize(snippet)
    return [record for record, text in corpus_records if needle in text]


@pytest.mark.parametrize("gold_file", [GOLD_FILE, BLIND_FILE, DEV_FILE, BLIND2_FILE], ids=["tuned", "blind", "dev", "blind2"])
def test_every_snippet_occurs_in_exactly_one_reply_or_its_duplicates(corpus_records, gold_file):
    if not gold_file.exists():
        pytest.skip(f"{gold_file} is not there")
    problems = []
    for item in load_gold(gold_file):
        for snippet in item.answer_snippets:
            hits = records_with(snippet, corpus_records)
            ids = {record.id for record in hits}
            if len(hits) == 1 or any(ids - {h.id} <= set(h.duplicates_of) for h in hits):
                continue
            # ids only: the blind split's snippets are not to be read while working on retrieval
            problems.append(f"{item.id}: snippet {item.answer_snippets.index(snippet)} is in {len(hits)} records")
    assert not problems, "\n".join(problems)


def test_multi_snippets_name_different_replies(corpus_records):
    for item in load_gold(GOLD_FILE):
        if item.kind == Kind.MULTI.value:
            owners = [records_with(snippet, corpus_records)[0].id for snippet in item.answer_snippets]
            assert len(set(owners)) == len(owners), item.id


def test_gold_replies_cover_every_document_and_every_faction(corpus_records):
    documents, factions = set(), set()
    for item in load_gold(GOLD_FILE):
        for snippet in item.answer_snippets:
            for record in records_with(snippet, corpus_records):
                documents.add(record.document_id)
                factions.add(record.faction)
    all_documents = {record.document_id for record, _ in corpus_records}
    all_factions = {record.faction for record, _ in corpus_records}
    assert documents == all_documents
    assert factions == all_factions


def test_the_blind_split_is_apart_from_the_tuned_one_and_has_the_promised_make_up():
    if not BLIND_FILE.exists():
        pytest.skip(f"{BLIND_FILE} is not there")
    blind, tuned = load_gold(BLIND_FILE), load_gold(GOLD_FILE)
    langs = Counter(item.lang for item in blind)
    assert len(blind) >= 150
    assert langs["en"] >= len(blind) / 2
    assert sum(not item.answerable for item in blind) >= 25
    tuned_questions = {normalize(item.question) for item in tuned + load_gold(DEV_FILE)}
    repeated = [item.id for item in blind if normalize(item.question) in tuned_questions]  # ids only, never text
    assert not repeated, f"blind questions also in a tuning split (tuned or dev): {repeated}"


def test_the_second_blind_split_is_apart_from_the_tuning_splits():
    if not BLIND2_FILE.exists():
        pytest.skip(f"{BLIND2_FILE} is not there")
    blind2 = load_gold(BLIND2_FILE)
    assert len(blind2) >= 60 and sum(not item.answerable for item in blind2) >= 20
    tuning = {normalize(item.question) for item in load_gold(GOLD_FILE) + load_gold(DEV_FILE)}
    repeated = [item.id for item in blind2 if normalize(item.question) in tuning]  # ids only, never text
    assert not repeated, f"blind2 questions also in a tuning split (tuned or dev): {repeated}"
