"""What the research chat reads besides answers: corpus facts for the sidebar, filters, cross-references."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple, Sequence

from assistant.citations import citation_of
from core.models import Citation, Document, Record, about_label, date_label
from core.settings import Settings


class CorpusInfo(NamedTuple):
    """Facts about the ingested corpus that the sidebar shows and filters on."""

    documents: list[Document]
    factions: list[str]
    records: int
    first_date: date | None
    last_date: date | None


def _store(settings: Settings):
    """The record store, or None when nothing was ingested (opening it would create an empty file)."""
    if not settings.store_path.exists():
        return None
    from ingest.store import RecordStore

    return RecordStore(settings.store_path)


def corpus_info(settings: Settings) -> CorpusInfo | None:
    """Documents, factions, record count and date range; None when the store holds no documents."""
    store = _store(settings)
    documents = store.documents() if store is not None else []
    if not documents:
        return None
    records = store.records()
    dates = [d.date for d in documents if d.date is not None]
    factions = sorted({r.faction for r in records if r.faction})
    return CorpusInfo(documents, factions, len(records), min(dates, default=None), max(dates, default=None))


def index_summary(settings: Settings) -> dict | None:
    """The index's status dict (embedder, counts, ...), or None when no index was built."""
    from index.status import index_status

    return index_status(settings)


def document_label(document: Document) -> str:
    """'2025-03-04 · Verslag … · Kamerstuk 32317 nr. 974 · about Kamerstuk …' for pickers: the full title."""
    parts = [date_label(document.date, document.date_estimated), document.title]
    if document.kamerstukken:
        parts.append(f"Kamerstuk {document.kamerstukken[0]}")
    about = getattr(document, "refers_to_kamerstukken", [])
    if about:
        parts.append(about_label(about))
    return " · ".join(parts)


def newest_first(documents: Sequence[Document]) -> list[Document]:
    """Documents by date, newest first; undated ones last, then by id."""
    return sorted(documents, key=lambda d: (d.date is not None, d.date or date.min, d.id), reverse=True)


def document_key(document_id: str) -> str:
    """The session-state key of a document's checkbox in the sidebar."""
    return f"filter_document:{document_id}"


def build_filters(
    document_ids: Sequence[str], dates: Sequence[date], factions: Sequence[str]
) -> Any:
    """index.search.SearchFilters for the sidebar choices, or None when nothing is chosen."""
    since = dates[0] if len(dates) >= 1 else None
    until = dates[1] if len(dates) >= 2 else None
    if not (document_ids or since or until or factions):
        return None
    from index.search import SearchFilters

    return SearchFilters(
        document_ids=list(document_ids) or None, since=since, until=until, factions=list(factions) or None
    )


def describe_filters(document_ids: Sequence[str], dates: Sequence[date], factions: Sequence[str]) -> str | None:
    """A short sentence naming the active filters, None when there are none."""
    parts = []
    if document_ids:
        parts.append(f"{len(document_ids)} document(s)")
    if dates:
        parts.append(" to ".join(d.isoformat() for d in dates))
    if factions:
        parts.append(", ".join(factions))
    return "Filtered: " + "; ".join(parts) if parts else None


def answer_settings(settings: Settings, use_llm: bool) -> Settings:
    """The settings to answer with: without the LLM endpoint when extractive mode is chosen."""
    if use_llm or not settings.llm_configured:
        return settings
    return settings.model_copy(update={"openai_base_url": None, "openai_api_key": None})


def referred_replies(settings: Settings, record_id: str) -> list[tuple[Record, Document]]:
    """The replies a cross-referencing reply points to (Record.refers_to), with their documents."""
    store = _store(settings)
    record = store.record(record_id) if store is not None else None
    if record is None:
        return []
    found = []
    for ref_id in record.refers_to:
        target = store.record(ref_id)
        document = store.document(target.document_id) if target is not None else None
        if document is not None:  # a record is stored with its document; None only if the store changed meanwhile
            found.append((target, document))
    return found


def source_context(settings: Settings, citation: Citation) -> str | None:
    """The source text of the citation's document, or None when it is not in the store any more."""
    store = _store(settings)
    if store is None:
        return None
    record = store.record(citation.id)
    # Record ids start with their document id; the split covers a record re-ingested under a new id.
    document_id = record.document_id if record is not None else citation.id.split(":", 1)[0]
    try:
        return store.source_text(document_id)
    except KeyError:
        return None


def record_citation(record: Record, document: Document, n: int) -> Citation:
    """A Citation built from a stored record, to show a referred-to reply with the same card."""
    return citation_of(record, document, n)
