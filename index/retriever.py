"""LangChain adapter: a BaseRetriever over the Searcher; replies become Documents with citation metadata."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LangChainDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from core.models import Evidence
from index.search import Searcher, SearchFilters


def evidence_to_document(evidence: Evidence) -> LangChainDocument:
    """One retrieved reply as a LangChain Document: page_content is the verbatim reply text."""
    record, document = evidence.record, evidence.document
    metadata = {
        "id": record.id,
        "document_id": record.document_id,
        "document_title": document.title,
        "date": document.date.isoformat() if document.date else None,
        "kind": record.kind.value,
        "faction": record.faction,
        "question": record.question,
        "char_start": record.char_start,
        "char_end": record.char_end,
        "line_start": record.line_start,
        "line_end": record.line_end,
        "score": evidence.score,
        "dense_score": evidence.dense_score,
        "dense_rank": evidence.dense_rank,
        "lexical_rank": evidence.lexical_rank,
        "via": evidence.via,
    }
    return LangChainDocument(page_content=record.text, metadata=metadata, id=record.id)


class AntwoordRetriever(BaseRetriever):
    """Retrieve replies with the hybrid Searcher. Example: AntwoordRetriever(searcher=Searcher.open(s), k=5)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any  # index.search.Searcher (Any: pydantic need not validate it)
    k: int = 5
    filters: SearchFilters | None = None
    mode: str = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LangChainDocument]:
        results = self.searcher.search(query, k=self.k, filters=self.filters, mode=self.mode)
        return [evidence_to_document(evidence) for evidence in results]


def make_retriever(searcher: Searcher, k: int = 5, filters: SearchFilters | None = None, mode: str = "hybrid"):
    """An AntwoordRetriever over an opened Searcher."""
    return AntwoordRetriever(searcher=searcher, k=k, filters=filters, mode=mode)
