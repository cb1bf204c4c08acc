"""The one record model shared by every stage: documents, records, evidence, citations, answers."""

from __future__ import annotations

import hashlib
import datetime as dt
from enum import Enum

from pydantic import BaseModel, Field

from core.text import squeezed


class DocumentKind(str, Enum):
    """What sort of parliamentary document a source file is."""

    SO_TWEEDE_KAMER = "so_tweede_kamer"  # written consultation (schriftelijk overleg), Tweede Kamer
    SO_EERSTE_KAMER = "so_eerste_kamer"  # written consultation, Eerste Kamer
    LETTER = "letter"
    KAMERVRAGEN = "kamervragen"  # answers to written questions (Aanhangsel van de Handelingen)
    LIJST_VRAGEN_ANTWOORDEN = "lijst_vragen_antwoorden"  # a committee's numbered list of questions and answers
    UNKNOWN = "unknown"

    @classmethod
    def _missing_(cls, value: object) -> DocumentKind | None:
        """The values stores and indexes written before the rename hold still read as today's kinds."""
        return _FORMER_KIND_VALUES.get(value) if isinstance(value, str) else None


_FORMER_KIND_VALUES = {
    "schriftelijk_overleg_tk": DocumentKind.SO_TWEEDE_KAMER,
    "schriftelijk_overleg_ek": DocumentKind.SO_EERSTE_KAMER,
}


class RecordKind(str, Enum):
    """The unit a record stands for."""

    REPLY = "reply"
    LETTER_SECTION = "letter_section"
    PARAGRAPH = "paragraph"  # fallback for layouts the parser does not know


class Footnote(BaseModel):
    """A footnote cut out of the running text and kept on the record."""

    number: str = Field(description="The footnote's marker as printed, e.g. '2' or '8'.")
    text: str = Field(description="The footnote's cleaned text.")


class Document(BaseModel):
    """One source file: a written consultation report or a government letter."""

    id: str = Field(
        description="Stable id: the own number the text states ('kst-32317-974', 'ah-tk-20242025-1234'), else the "
        "path relative to the ingested folder without extension, e.g. '000_a253e434b74c966f' or '2025/antwoorden'; "
        "grown only on a collision (see ingest/doc_ids.py)."
    )
    title: str = Field(description="Human-readable title, e.g. 'Verslag van een schriftelijk overleg ...'.")
    kind: DocumentKind = Field(description="Tweede Kamer / Eerste Kamer written consultation, or letter.")
    date: dt.date | None = Field(
        default=None, description="Date the document was adopted or sent; estimated when it does not state one."
    )
    date_estimated: bool = Field(
        default=False,
        description="True when the document states no date and `date` is the latest meeting date its opening names.",
    )
    kamerstukken: list[str] = Field(
        default_factory=list,
        description="The document's own kamerstuk number from its heading, e.g. ['32317 nr. 974']; empty when unknown.",
    )
    refers_to_kamerstukken: list[str] = Field(
        default_factory=list,
        description="Kamerstukken the document only mentions (the agenda it discusses, footnotes), in order.",
    )
    aanhangsel: str | None = Field(
        default=None, description="Own Aanhangsel van de Handelingen number of Kamervragen, e.g. 'ah-tk-20242025-1234'."
    )
    committee: str | None = Field(default=None, description="The committee that asked, where stated.")
    sender: str | None = Field(default=None, description="The minister or sender that answered, where stated.")
    source_path: str = Field(description="Path of the source file as given to ingest.")
    source_sha256: str = Field(description="SHA-256 of the source file's bytes.")
    layout: str = Field(description="Name of the parser layout that read the file, e.g. 'tk_antwoord'.")
    parser_version: str = Field(
        default="", description="Version of the parsers that read the file; a newer version re-reads it on ingest."
    )
    warnings: list[str] = Field(default_factory=list, description="Problems the parser noticed but survived.")


class Record(BaseModel):
    """One citable unit: a minister reply, a headed section of a letter, or a fallback paragraph."""

    id: str = Field(description="Stable id: document id + content hash; same document + same reply gives same id.")
    document_id: str = Field(description="Id of the Document this record comes from.")
    kind: RecordKind = Field(description="reply, letter_section or paragraph.")
    ordinal: int = Field(description="Position of the record within its document, from 0.")
    faction: str | None = Field(default=None, description="Faction whose question this replies to, e.g. 'PVV'.")
    question: str = Field(default="", description="The members' question(s) this reply answers, cleaned.")
    heading: str | None = Field(default=None, description="Section heading (letters) or question number (EK).")
    members: list[str] = Field(
        default_factory=list,
        description="Who asked: Kamervragen members as printed, e.g. ['Van Dijk (VVD)'], or the committee of a list.",
    )
    question_numbers: list[str] = Field(
        default_factory=list, description="Numbers of the questions this reply answers, e.g. ['4', '5'], where numbered."
    )
    text: str = Field(description="The cleaned verbatim reply text that is cited.")
    footnotes: list[Footnote] = Field(default_factory=list, description="Footnotes cut out of the reply text.")
    refers_to: list[str] = Field(default_factory=list, description="Ids of replies this reply points to.")
    unresolved_refs: list[str] = Field(
        default_factory=list, description="Reference phrases that could not be resolved to a reply (flagged)."
    )
    duplicates_of: list[str] = Field(
        default_factory=list, description="Ids of near-identical replies given to other factions."
    )
    char_start: int = Field(description="Offset in the source text where the reply starts.")
    char_end: int = Field(description="Offset in the source text just after the reply ends.")
    line_start: int = Field(description="1-based line of the source text where the reply starts.")
    line_end: int = Field(description="1-based line of the source text where the reply ends.")


class Evidence(BaseModel):
    """A retrieved record with its score and how it was found."""

    record: Record = Field(description="The retrieved record.")
    document: Document = Field(description="The record's document.")
    score: float = Field(description="Fused relevance score; higher is better.")
    dense_score: float | None = Field(default=None, description="Cosine similarity of the best passage, if any.")
    dense_rank: int | None = Field(default=None, description="1-based rank in the dense ranking, if ranked.")
    lexical_rank: int | None = Field(default=None, description="1-based rank in the BM25 ranking, if ranked.")
    via: str | None = Field(default=None, description="Id of the referring reply that brought this one along.")


class Citation(BaseModel):
    """A numbered reference from an answer to one record."""

    n: int = Field(description="The number used in the answer text, [n].")
    id: str = Field(description="Record id.")
    document_title: str = Field(description="Title of the record's document.")
    date: dt.date | None = Field(default=None, description="Date of the document.")
    date_estimated: bool = Field(default=False, description="True when the document's date is an estimate.")
    kamerstuk: str | None = Field(default=None, description="The document's own kamerstuk reference.")
    refers_to_kamerstukken: list[str] = Field(
        default_factory=list, description="Kamerstukken the document only mentions, shown as 'about Kamerstuk …'."
    )
    kind: RecordKind = Field(
        default=RecordKind.REPLY, description="reply, letter_section or paragraph (a passage, not a minister reply)."
    )
    faction: str | None = Field(default=None, description="Faction the reply answers.")
    question: str = Field(default="", description="The members' question.")
    reply: str = Field(description="The full reply text.")
    char_start: int = Field(description="Offset of the reply in the source text.")
    char_end: int = Field(description="End offset of the reply in the source text.")
    line_start: int = Field(description="First line of the reply in the source.")
    line_end: int = Field(description="Last line of the reply in the source.")
    score: float | None = Field(default=None, description="Retrieval score of the record.")
    quotes: list[str] = Field(default_factory=list, description="Verified verbatim quotes the answer takes from it.")


class Position(BaseModel):
    """One document block of an answer: where the cabinet took a position, and the citations quoting it."""

    document_id: str = Field(description="Id of the document.")
    document_title: str = Field(description="Title of the document.")
    date: dt.date | None = Field(default=None, description="Date of the document.")
    date_estimated: bool = Field(default=False, description="True when the document's date is an estimate.")
    kamerstuk: str | None = Field(default=None, description="The document's own kamerstuk reference.")
    citations: list[int] = Field(default_factory=list, description="Numbers [n] of the citations in this block.")
    also_asked_by: list[str] = Field(
        default_factory=list, description="Factions whose replies point to (or repeat) a cited reply of this block."
    )


class Answer(BaseModel):
    """What the assistant returns for one question."""

    question: str = Field(description="The question as asked.")
    standalone_question: str | None = Field(default=None, description="The question rewritten using chat history.")
    answer: str = Field(description="Answer text with [n] citation markers.")
    mode: str = Field(description="'llm' or 'extractive'.")
    abstained: bool = Field(default=False, description="True when the documents do not answer the question.")
    notice: str | None = Field(default=None, description="Why the answer is extractive or what was removed.")
    citations: list[Citation] = Field(default_factory=list, description="The references, numbered from 1.")
    nearest: list[Citation] = Field(
        default_factory=list, description="When abstaining: the closest replies, 'nearest, not an answer'."
    )
    settings: dict = Field(default_factory=dict, description="Settings used: embedder, model, k, threshold.")
    positions: list[Position] = Field(
        default_factory=list, description="The answer's document blocks, newest first: which citations each holds."
    )
    more: list[str] = Field(
        default_factory=list, description="Ids of further replies on the topic that the overview's budget left out."
    )


def date_label(value: dt.date | None, estimated: bool = False) -> str:
    """How a document date is shown: '2025-10-08', 'c. 2025-12-09 (estimated)' or 'undated'."""
    if value is None:
        return "undated"
    return f"c. {value.isoformat()} (estimated)" if estimated else value.isoformat()


ABOUT_SHOWN = 3  # a report discusses many earlier documents; a one-line label names the first few


def about_label(kamerstukken: list[str]) -> str:
    """'about Kamerstuk 32317 nr. 932, 32317 nr. 931, 32317 nr. 929 and 10 more': the documents a document discusses,
    the first few in one line (the JSON keeps them all)."""
    shown = ", ".join(kamerstukken[:ABOUT_SHOWN])
    rest = len(kamerstukken) - ABOUT_SHOWN
    return f"about Kamerstuk {shown}" + (f" and {rest} more" if rest > 0 else "")


def make_record_id(document_id: str, kind: str, faction: str | None, question: str, text: str) -> str:
    """Return a content-hash id so re-ingesting an unchanged reply gives the same id.

    Whitespace runs count as one space (core.text.squeezed: " ".join(text.split()) without a string per word when
    the text is single-spaced already, as the parsers' cleaned texts are).
    """
    basis = "\x1f".join([kind, faction or "", squeezed(question), squeezed(text)])
    digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]
    return f"{document_id}:{digest}"


def moved_to_document(record: Record, document_id: str) -> Record:
    """The record as parsing its document under document_id would have made it: its id and its links to replies of
    the same document take the new document id; the content hash (and a '-2' suffix) after the ':' stays."""
    old = f"{record.document_id}:"

    def moved(record_id: str) -> str:
        return f"{document_id}:{record_id[len(old):]}" if record_id.startswith(old) else record_id

    return record.model_copy(update={
        "id": moved(record.id), "document_id": document_id,
        "refers_to": [moved(i) for i in record.refers_to], "duplicates_of": [moved(i) for i in record.duplicates_of],
    })
