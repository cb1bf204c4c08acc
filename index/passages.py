"""Records -> passages: long replies split into chunks that keep the reply id, embedded with their context."""

from __future__ import annotations

import hashlib

from langchain_text_splitters import RecursiveCharacterTextSplitter
from pydantic import BaseModel, Field

from core.models import Document, Record


class Chunking(BaseModel):
    """How replies are cut and how much context goes with each chunk (recorded in the manifest)."""

    chunk_size: int = Field(default=900, description="Maximum characters of reply text per passage.")
    chunk_overlap: int = Field(default=150, description="Characters shared by consecutive passages.")
    question_chars: int = Field(default=600, description="Characters of the members' question embedded as context.")
    title_chars: int = Field(default=160, description="Characters of the document title embedded as context.")


class Passage(BaseModel):
    """One retrieval unit: a chunk of a record's verbatim text plus the text that was embedded for it."""

    row: int = Field(description="Row of this passage in the FAISS index and vectors.npy, from 0.")
    record_id: str = Field(description="Id of the record (reply) this passage belongs to; the unit of citation.")
    ordinal: int = Field(description="Position of the passage within its record, from 0.")
    text: str = Field(description="The verbatim chunk of Record.text (what may be quoted).")
    char_start: int = Field(description="Offset of the chunk within Record.text.")
    char_end: int = Field(description="Offset just after the chunk within Record.text.")
    embed_text: str = Field(description="Context + chunk: the text given to the embedder (never cited).")
    lexical_text: str = Field(description="Faction + question + chunk: the text BM25 indexes.")
    embed_hash: str = Field(description="SHA-256 of embed_text; vectors are reused while it is unchanged.")


def text_hash(text: str) -> str:
    """SHA-256 hex digest of a text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clip(text: str, limit: int) -> str:
    """Collapse whitespace and cut to at most limit characters, at a word boundary when possible."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + " …"


def context_lines(record: Record, document: Document, chunking: Chunking) -> list[str]:
    """Title, faction and question (or heading) that make a chunk findable by a paraphrased question."""
    lines = [_clip(document.title, chunking.title_chars)]
    if record.faction:
        lines.append(f"Fractie: {record.faction}")
    if record.heading:
        lines.append(f"Kop: {_clip(record.heading, chunking.title_chars)}")
    if record.question.strip():
        lines.append(f"Vraag: {_clip(record.question, chunking.question_chars)}")
    return lines


def _splitter(chunking: Chunking) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=chunking.chunk_size, chunk_overlap=chunking.chunk_overlap,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""], keep_separator="end", add_start_index=True,
    )


def split_record(record: Record, chunking: Chunking) -> list[tuple[int, int, str]]:
    """(char_start, char_end, chunk) for each chunk of the record's text; one chunk when it is short."""
    text = record.text
    if len(text) <= chunking.chunk_size:
        return [(0, len(text), text)]
    chunks = []
    for piece in _splitter(chunking).create_documents([text]):
        start = int(piece.metadata["start_index"])
        chunks.append((start, start + len(piece.page_content), piece.page_content))
    return chunks or [(0, len(text), text)]


def build_passages(records: list[Record], documents: dict[str, Document], chunking: Chunking) -> list[Passage]:
    """All passages of all records, rows numbered in record order (store order: document, ordinal)."""
    passages: list[Passage] = []
    for record in records:
        document = documents[record.document_id]
        context = context_lines(record, document, chunking)
        for ordinal, (start, end, chunk) in enumerate(split_record(record, chunking)):
            embed_text = "\n".join([*context, f"Antwoord: {chunk}"])
            lexical_text = "\n".join([record.faction or "", record.heading or "", record.question, chunk])
            passages.append(
                Passage(
                    row=len(passages), record_id=record.id, ordinal=ordinal, text=chunk,
                    char_start=start, char_end=end, embed_text=embed_text, lexical_text=lexical_text,
                    embed_hash=text_hash(embed_text),
                )
            )
    return passages
