"""LangChain adapter: the chat model, the answer chain (streamed) and the condense chain.

The only assistant module that imports LangChain; every failure leaves it as an LLMError whose message names
the endpoint and the kind of failure, never the API key or the server's own error text.
"""

from __future__ import annotations

from typing import Callable, Sequence
from urllib.parse import urlsplit, urlunsplit

import httpx
import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from assistant import prompts
from core.errors import LLMError
from core.models import Evidence, date_label
from core.settings import Settings

CONDENSE_MAX_TOKENS = 96


def make_chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI for the configured endpoint: temperature 0, bounded time, tokens and retries."""
    from langchain_openai import ChatOpenAI  # imported here: it is slow to import and only needed with an LLM

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    # ChatOpenAI sends the limit as max_completion_tokens; self-hosted OpenAI-compatible servers
    # (llama.cpp, older vLLM) only read max_tokens and would otherwise generate up to the context size.
    extra_body = {"max_tokens": settings.llm_max_tokens} if settings.openai_base_url else None
    return ChatOpenAI(
        model=settings.llm_model,
        api_key=key,
        base_url=settings.openai_base_url,
        temperature=0,
        timeout=settings.llm_timeout,
        max_tokens=settings.llm_max_tokens,
        max_retries=1,
        extra_body=extra_body,
    )


def source_header(evidence: Evidence) -> str:
    """'Faction: X | Date: Y | Document: Z (Kamerstuk K)': the metadata the model sees for one source."""
    document, record = evidence.document, evidence.record
    kamerstuk = f" (Kamerstuk {document.kamerstukken[0]})" if document.kamerstukken else ""
    date = date_label(document.date, document.date_estimated)
    return f"Faction: {record.faction or 'n/a'} | Date: {date} | Document: {document.title}{kamerstuk}"


def format_sources(sources: Sequence[Evidence]) -> str:
    """The numbered sources block of the answer prompt."""
    blocks = []
    per_source = min(prompts.MAX_SOURCE_CHARS, prompts.MAX_ALL_SOURCES_CHARS // max(len(sources), 1))
    for n, evidence in enumerate(sources, start=1):
        record = evidence.record
        blocks.append(
            prompts.SOURCE_TEMPLATE.format(
                n=n,
                header=source_header(evidence),
                question=_cut(record.question or "n/a", prompts.MAX_QUESTION_CHARS),
                reply=_cut(record.text, per_source),
            )
        )
    return "\n\n".join(blocks)


def _cut(text: str, limit: int) -> str:
    """Text shortened to limit characters, marked with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def answer_prompt() -> ChatPromptTemplate:
    """System rules + numbered sources + question."""
    return ChatPromptTemplate.from_messages([("system", prompts.ANSWER_SYSTEM), ("human", prompts.ANSWER_HUMAN)])


def condense_prompt() -> ChatPromptTemplate:
    """Conversation + follow-up -> standalone question."""
    return ChatPromptTemplate.from_messages([("system", prompts.CONDENSE_SYSTEM), ("human", prompts.CONDENSE_HUMAN)])


def generate_answer(
    model: BaseChatModel,
    question: str,
    sources: Sequence[Evidence],
    settings: Settings,
    on_token: Callable[[str], None] | None = None,
) -> str:
    """Stream the model's answer over the numbered sources; every token goes to on_token as it arrives."""
    chain = answer_prompt() | model | StrOutputParser()
    chunks: list[str] = []
    try:
        for chunk in chain.stream({"sources": format_sources(sources), "question": question}):
            chunks.append(chunk)
            if on_token is not None:
                on_token(chunk)
    except Exception as error:  # noqa: BLE001 - any failure of the endpoint means: fall back to extractive
        raise LLMError(describe_failure(error, settings)) from None
    return "".join(chunks)


def condense_question(model: BaseChatModel, history: Sequence[tuple[str, str]], question: str, settings: Settings) -> str:
    """Ask the model to rewrite a follow-up as a standalone question (raw model text)."""
    turns = "\n\n".join(prompts.HISTORY_TURN.format(question=q, answer=_cut(a, 600)) for q, a in history)
    limits: dict = {"max_tokens": CONDENSE_MAX_TOKENS}
    if settings.openai_base_url:  # see make_chat_model: self-hosted servers read max_tokens from the body
        limits["extra_body"] = {"max_tokens": CONDENSE_MAX_TOKENS}
    chain = condense_prompt() | model.bind(**limits) | StrOutputParser()
    try:
        return chain.invoke({"history": turns, "question": question})
    except Exception as error:  # noqa: BLE001 - same policy as generate_answer
        raise LLMError(describe_failure(error, settings)) from None


def describe_failure(error: Exception, settings: Settings) -> str:
    """One line naming the endpoint and what went wrong, without the key or the server's error body."""
    where = public_url(settings.openai_base_url) or "the OpenAI API"
    if isinstance(error, (openai.APITimeoutError, httpx.TimeoutException)):
        problem = f"no answer within {settings.llm_timeout:g} s (timeout)"
    elif isinstance(error, (openai.APIConnectionError, httpx.ConnectError, ConnectionError)):
        problem = "could not connect (is the server running?)"
    elif isinstance(error, openai.AuthenticationError):
        problem = "the API key was refused (HTTP 401)"
    elif isinstance(error, openai.APIStatusError):
        problem = f"the server returned HTTP {error.status_code}"
    else:
        problem = f"unusable response ({type(error).__name__})"
    return scrub(f"LLM endpoint {where}: {problem}", settings)


def public_url(url: str | None) -> str | None:
    """The URL without user:password@ and query string, safe to print."""
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def scrub(text: str, settings: Settings) -> str:
    """Replace the API key with *** should it ever appear in a message."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    return text.replace(key, "***") if key else text
