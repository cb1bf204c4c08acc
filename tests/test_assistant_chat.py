"""Multi-turn chat: follow-ups become standalone questions, with and without a model."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.chat import ChatSession
from assistant.condense import clean_condensed, combine_with_previous, history_pairs, looks_like_follow_up
from core.models import Answer
from tests.test_assistant_support import ScriptedSearcher, uganda_sources

FIRST = "What did the cabinet say about return hubs?"


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("and Uganda?", True),
        ("En Oeganda?", True),
        ("What about the children?", True),
        ("Hoe zit het met Rwanda en de terugkeerhubs in Afrika?", True),
        ("Which safeguards apply?", True),
        ("What did the minister say about sanctions on Syria?", False),
        ("Wat zegt het kabinet over de terugkeerverordening?", False),
        ("Andorra is not in the EU, is it part of Schengen?", False),
    ],
)
def test_looks_like_follow_up(question, follow_up):
    assert looks_like_follow_up(question) is follow_up


def test_combine_appends_to_the_last_topic_question():
    pairs = [(FIRST, "..."), ("and Uganda?", "...")]
    assert combine_with_previous("and Rwanda?", pairs) == f"{FIRST} and Rwanda?"
    assert combine_with_previous("What did the minister say about Syria?", pairs) == "What did the minister say about Syria?"
    assert combine_with_previous("and Uganda?", []) == "and Uganda?"


def test_history_accepts_answers_pairs_and_dicts():
    previous = Answer(question=FIRST, answer="A [1]", mode="extractive")
    pairs = history_pairs([previous, ("Q2", "A2"), {"question": "Q3", "answer": "A3"}])
    assert pairs == [(FIRST, "A [1]"), ("Q2", "A2"), ("Q3", "A3")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("What did the cabinet say about return hubs in Uganda?", "What did the cabinet say about return hubs in Uganda?"),
        ("Standalone question: \"What about Uganda's return hub?\"\nExtra", "What about Uganda's return hub?"),
        ("", None),
        ("<start_of_turn>model\nThe weather is nice today.", None),
        ("Uganda " * 100, None),
    ],
)
def test_clean_condensed(raw, expected):
    assert clean_condensed(raw, "and Uganda?") == expected


def test_extractive_chat_combines_follow_ups(settings):
    searcher = ScriptedSearcher(uganda_sources())
    session = ChatSession(settings, searcher=searcher)
    first = session.ask(FIRST)
    second = session.ask("and Uganda?")
    assert searcher.queries == [FIRST, f"{FIRST} and Uganda?"]
    assert first.standalone_question is None and second.standalone_question == f"{FIRST} and Uganda?"
    assert second.mode == "extractive" and len(session.history) == 2


def test_llm_chat_uses_the_condensed_question(settings):
    searcher = ScriptedSearcher(uganda_sources())
    model = FakeListChatModel(responses=["Return hubs exist [1].", "What did the cabinet say about a return hub in Uganda?",
                                         "A declaration was signed [1]."])
    session = ChatSession(settings, searcher=searcher, chat_model=model)
    session.ask(FIRST)
    second = session.ask("and Uganda?")
    assert searcher.queries[-1] == "What did the cabinet say about a return hub in Uganda?"
    assert second.mode == "llm" and second.citations[0].id == uganda_sources()[1].record.id


def test_unusable_condensed_question_falls_back_to_combining(settings):
    searcher = ScriptedSearcher(uganda_sources())
    model = FakeListChatModel(responses=["Return hubs exist [1].", "I like turtles.", "Signed [1]."])
    session = ChatSession(settings, searcher=searcher, chat_model=model)
    session.ask(FIRST)
    second = session.ask("and Uganda?")
    assert searcher.queries[-1] == f"{FIRST} and Uganda?"
    assert "combined with the previous question" in second.notice
