"""The ingest shortcuts give what they stand for: core.text.squeezed is " ".join(text.split()), so record ids
(core.models.make_record_id) stay the ids stored, linked and cited before; and JSON and source text handed to the
store as UTF-8 bytes are stored as the same text."""

from __future__ import annotations

import gc
import hashlib
import random
import re
import sqlite3
import sys

from core.models import make_record_id
from core.text import squeezed
from ingest import crossrefs, letter
from ingest.layout import parse_document
from ingest.loaders import load_source
from ingest.pipeline import build_document, json_bytes
from ingest.store import RecordStore
from ingest.workers import ordered_map
from tests.conftest import CORPUS_DIR, ROOT, corpus_file

# Every whitespace character str.split() knows, a few that it does not, and the paragraph break of cleaned text.
_PIECES = ["a", "b", "é", "’", " ", " ", " ", "\n", "\n\n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85",
           "\xa0", "\u1680", "\u2007", "\u2028", "\u2029", "\u202f", "\u3000", "\u200b", "\ufeff", "-"]


def test_every_whitespace_character_but_the_space_is_unprintable():
    # squeezed relies on it: a printable text holds no whitespace but " ".
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]
    assert all(len(f"a{c}b".split()) == 2 for c in spaces)


def test_squeezed_equals_split_and_join_on_random_texts():
    rng = random.Random(10)
    for _ in range(20000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 14)))
        assert squeezed(text) == " ".join(text.split()), repr(text)


def test_squeezed_on_every_line_of_the_seeds_and_fixtures():
    paths = sorted(CORPUS_DIR.glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "ingest").glob("*.txt"))
    for path in paths:
        for line in path.read_text(encoding="utf-8").split("\n"):
            assert squeezed(line) == " ".join(line.split())


def _record_id_as_before(document_id, kind, faction, question, text):
    """make_record_id as it was written before squeezed: whitespace runs joined by str.split."""
    basis = "\x1f".join([kind, faction or "", " ".join(question.split()), " ".join(text.split())])
    return f"{document_id}:{hashlib.sha256(basis.encode('utf-8')).hexdigest()[:12]}"


def test_record_ids_are_the_ids_of_before():
    rng = random.Random(11)
    for _ in range(2000):
        question = "".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 10)))
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 10)))
        faction = rng.choice([None, "", "PVV", "GroenLinks-PvdA"])
        expected = _record_id_as_before("doc", "reply", faction, question, text)
        assert make_record_id("doc", "reply", faction, question, text) == expected


def test_record_ids_of_the_tweede_kamer_seeds_are_make_record_ids():
    for prefix in ("000", "001", "004"):
        path = corpus_file(prefix)
        records = parse_document(path.read_text(encoding="utf-8"), path.stem).records
        assert len(records) in (54, 71, 23)
        for record in records:
            assert record.id == _record_id_as_before(path.stem, "reply", record.faction, record.question, record.text)


def test_json_bytes_is_model_dump_json_encoded():
    path = corpus_file("001")
    document, records = build_document(path, path.stem, path.read_text(encoding="utf-8"))
    for model in [document, *records]:
        assert json_bytes(model) == model.model_dump_json().encode("utf-8")


def test_store_keeps_utf8_bytes_as_the_text_a_str_gives(tmp_path):
    path = corpus_file("000")
    text = path.read_text(encoding="utf-8")
    document, records = build_document(path, path.stem, text)
    as_str, as_bytes = RecordStore(tmp_path / "a.sqlite"), RecordStore(tmp_path / "b.sqlite")
    as_str.replace_document(document, records, text)
    rows = [(r.id, r.document_id, r.ordinal, json_bytes(r)) for r in records]
    as_bytes.replace_serialised(document.id, document.source_sha256, json_bytes(document), rows, text.encode("utf-8"))
    assert as_bytes.source_text(document.id) == as_str.source_text(document.id) == text
    assert as_bytes.records() == as_str.records() and as_bytes.documents() == as_str.documents()
    for store in (as_str, as_bytes):
        db = sqlite3.connect(store.path)
        assert db.execute("SELECT DISTINCT typeof(json), typeof(source_text) FROM documents").fetchall() == [("text", "text")]
        assert db.execute("SELECT DISTINCT typeof(json) FROM records").fetchall() == [("text",)]
        db.close()


def test_a_plain_utf8_file_is_stored_as_its_own_bytes(tmp_path):
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        source = load_source(path)
        assert source.utf8 == path.read_bytes() == source.text.encode("utf-8")
    text = "Antwoord\r\nHet kabinet – ’t is zo.\r\n"
    for name, data in (("crlf.txt", text.encode("utf-8")), ("bom.txt", b"\xef\xbb\xbf" + b"Antwoord\nJa.\n")):
        (tmp_path / name).write_bytes(data)
        source = load_source(tmp_path / name)
        assert source.utf8 is None and source.text_utf8() == source.text.encode("utf-8")
        assert "\r" not in source.text and not source.text.startswith("\ufeff")


def test_hyphen_breaks_are_the_matches_sub_replaces():
    def shown(match):
        return f"<{match.group(0)}|{match.group(1)}|{match.group(2)}|{match.group(3)}>"

    rng = random.Random(12)
    pieces = ["a", "B", "é", "-", "-", " ", "\t", "\n", "\n", "en", "EU", "1", ".", "\xa0", "  "]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25)))
        parts, done = [], 0
        for match in letter._hyphen_breaks(text):
            parts += [text[done:match.start()], shown(match)]
            done = match.end()
        assert "".join(parts) + text[done:] == letter._HYPHEN_BREAK.sub(shown, text), repr(text)


def test_parsing_processes_leave_the_collector_of_the_caller_as_it_was():
    threshold = gc.get_threshold()
    with ordered_map(abs, range(-20, 0), 2) as results:
        assert list(results) == list(range(20, 0, -1))
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold


def test_sentences_split_where_the_lookbehind_regex_splits():
    lookbehind = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘“'\"(])")
    rng = random.Random(12)
    pieces = ["a", "B", ".", "!", "?", " ", "  ", "\n", "‘", "“", "'", '"', "(", "é", "1"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 16)))
        assert crossrefs.sentences(text) == lookbehind.split(text), repr(text)
    for prefix in ("000", "001", "004"):
        text = corpus_file(prefix).read_text(encoding="utf-8")
        assert crossrefs.sentences(text) == lookbehind.split(text)
