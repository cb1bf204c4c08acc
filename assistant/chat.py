"""Multi-turn chat: keeps the history and lets answer() turn follow-ups into standalone questions."""

from __future__ import annotations

from typing import Any, Callable

from assistant.answer import answer
from core.models import Answer
from core.settings import Settings


class ChatSession:
    """A conversation over the indexed replies; each ask() sees the previous turns until new_topic()."""

    def __init__(self, settings: Settings, filters: Any = None, searcher: Any = None, chat_model: Any = None):
        self.settings = settings
        self.filters = filters
        self.searcher = searcher
        self.chat_model = chat_model
        self.history: list[Answer] = []

    def ask(self, question: str, on_token: Callable[[str], None] | None = None) -> Answer:
        """Answer one turn and remember it."""
        if self.searcher is None:
            from index.search import Searcher  # opened once: every turn reuses the loaded index

            self.searcher = Searcher.open(self.settings)
        result = answer(
            question,
            self.settings,
            filters=self.filters,
            history=self.history,
            on_token=on_token,
            searcher=self.searcher,
            chat_model=self.chat_model,
        )
        self.history.append(result)
        return result

    def new_topic(self) -> None:
        """Forget the conversation: the next question is read on its own."""
        self.history.clear()

    reset = new_topic


def understood_as(result: Answer, had_history: bool) -> str | None:
    """One line saying how a turn was read: as a follow-up (and searched how) or as a new question."""
    if result.standalone_question:
        return f"Understood as a follow-up: {result.standalone_question}"
    if had_history:
        return "Understood as a new question (it names its own subject)."
    return None
