"""Multi-turn chat: follow-ups are recognised from what they say and become standalone questions."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.chat import ChatSession, understood_as
from assistant.condense import (
    clean_condensed,
    combine_with_previous,
    history_pairs,
    looks_like_follow_up,
    read_turn,
    rewrite_follow_up,
)
from core.models import Answer
from tests.test_assistant_support import ScriptedSearcher, uganda_sources

FIRST = "What did the cabinet say about return hubs?"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("and Uganda?", "ellipsis"),
        ("and what about Uganda?", "ellipsis"),
        ("En Oeganda?", "ellipsis"),
        ("en voor Syrië?", "ellipsis"),
        ("What about the children?", "ellipsis"),
        ("Hoe zit het met Rwanda?", "ellipsis"),
        ("Uganda?", "ellipsis"),
        ("Why did they stop it?", "pointer"),
        ("What does that mean for Syrians?", "pointer"),
        ("Wat zegt het kabinet daarover?", "pointer"),
        ("Wat betekent dat?", "pointer"),
        ("en daarover?", "pointer"),
        # a turn with its own subject stands alone, however short, even after "and"
        ("Hoeveel Syriërs zijn teruggekeerd?", "new"),
        ("Which safeguards apply?", "new"),
        ("And what did the minister say about sanctions on Syria?", "new"),
        ("En wat zegt het kabinet over de terugkeerverordening?", "new"),
        ("What did the minister say about sanctions on Syria?", "new"),
        ("Is it true that Uganda signed a declaration?", "new"),
        ("Andorra is not in the EU, is it part of Schengen?", "new"),
    ],
)
def test_read_turn_decides_from_what_the_turn_says(question, kind):
    assert read_turn(question).kind == kind
    assert looks_like_follow_up(question) is (kind != "new")


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        (FIRST, "and what about Uganda?", "What did the cabinet say about Uganda?"),
        ("What did the cabinet say about Uganda?", "and for Syria?", "What did the cabinet say about Syria?"),
        ("Wat zegt het kabinet over terugkeerhubs?", "En Oeganda?", "Wat zegt het kabinet over Oeganda?"),
        ("Wat zegt het kabinet over Oeganda?", "hoe zit het met Syrië?", "Wat zegt het kabinet over Syrië?"),
        (FIRST, "Wat zegt het kabinet daarover?", "Wat zegt het kabinet over return hubs?"),
        (FIRST, "Why did they stop it?", "Why did they stop return hubs?"),
        (FIRST, "en daarover?", FIRST),
        ("Hoeveel Syriërs zijn teruggekeerd?", "En Afghanen?", "Hoeveel Syriërs zijn teruggekeerd: Afghanen?"),
        (FIRST, "Hoeveel Syriërs zijn teruggekeerd?", "Hoeveel Syriërs zijn teruggekeerd?"),
    ],
)
def test_follow_up_replaces_the_previous_topic_instead_of_concatenating(previous, question, expected):
    assert rewrite_follow_up(question, previous) == expected


def test_a_pointer_after_a_question_without_a_topic_phrase_takes_the_last_topic():
    earlier = ["What did the cabinet say about Uganda?", FIRST]
    assert rewrite_follow_up("wat vindt het kabinet daarvan?", "when will the pilot start?", earlier) == (
        "wat vindt het kabinet van Uganda?"
    )
    # nothing earlier: the previous question's own words, without its question words
    assert rewrite_follow_up("wat vindt het kabinet daarvan?", "When will the pilot start?") == (
        "wat vindt het kabinet van the pilot start?"
    )


def test_combine_rewrites_against_the_last_question():
    pairs = [(FIRST, "..."), ("What did the cabinet say about Uganda?", "...")]
    assert combine_with_previous("and Rwanda?", pairs) == "What did the cabinet say about Rwanda?"
    assert combine_with_previous("What did the minister say about Syria?", pairs) == "What did the minister say about Syria?"
    assert combine_with_previous("and Uganda?", []) == "and Uganda?"


def searched(answers) -> list[str]:
    """The question each turn was searched as (answer() may add lexical queries of its own to the searcher)."""
    return [a.standalone_question or a.question for a in answers]


def test_scripted_conversation_in_english(settings):
    """The issue's cases: a follow-up replaces the topic, chains on the rewritten question, and /new resets."""
    searcher = ScriptedSearcher(uganda_sources())
    session = ChatSession(settings, searcher=searcher)
    first = session.ask(FIRST)
    uganda = session.ask("and what about Uganda?")
    syria = session.ask("and for Syria?")
    alone = session.ask("How many Syrians have returned?")
    session.new_topic()
    fresh = session.ask("and what about Uganda?")
    assert searched([first, uganda, syria, alone, fresh]) == [
        FIRST, "What did the cabinet say about Uganda?", "What did the cabinet say about Syria?",
        "How many Syrians have returned?", "and what about Uganda?",
    ]
    assert "What did the cabinet say about Syria?" in searcher.queries, "the rewritten question is what is searched"
    assert understood_as(first, had_history=False) is None
    assert understood_as(uganda, had_history=True) == "Understood as a follow-up: What did the cabinet say about Uganda?"
    assert alone.standalone_question is None and fresh.standalone_question is None
    assert len(session.history) == 1, "/new forgot the earlier turns"


def test_scripted_conversation_in_dutch(settings):
    searcher = ScriptedSearcher(uganda_sources())
    session = ChatSession(settings, searcher=searcher)
    turns = [
        session.ask(q)
        for q in (
            "Wat zegt het kabinet over terugkeerhubs?", "En Oeganda?", "Hoeveel Syriërs zijn teruggekeerd?",
            "Wat zegt het kabinet over Syrië?", "en hoe zit het met Afghanistan?",
        )
    ]
    assert searched(turns) == [
        "Wat zegt het kabinet over terugkeerhubs?", "Wat zegt het kabinet over Oeganda?",
        "Hoeveel Syriërs zijn teruggekeerd?", "Wat zegt het kabinet over Syrië?",
        "Wat zegt het kabinet over Afghanistan?",
    ]
    assert understood_as(turns[2], had_history=True).startswith("Understood as a new question")


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


def test_llm_chat_uses_the_condensed_question(settings):
    searcher = ScriptedSearcher(uganda_sources())
    model = FakeListChatModel(responses=["Return hubs exist [1].", "What did the cabinet say about a return hub in Uganda?",
                                         "A declaration was signed [1]."])
    session = ChatSession(settings, searcher=searcher, chat_model=model)
    session.ask(FIRST)
    second = session.ask("and Uganda?")
    assert second.standalone_question == "What did the cabinet say about a return hub in Uganda?"
    assert second.standalone_question in searcher.queries
    assert second.mode == "llm" and second.citations[0].id == uganda_sources()[1].record.id


def test_unusable_condensed_question_falls_back_to_the_rewrite(settings):
    searcher = ScriptedSearcher(uganda_sources())
    model = FakeListChatModel(responses=["Return hubs exist [1].", "I like turtles.", "Signed [1]."])
    session = ChatSession(settings, searcher=searcher, chat_model=model)
    session.ask(FIRST)
    second = session.ask("and Uganda?")
    assert second.standalone_question == "What did the cabinet say about Uganda?"
    assert "rewritten from the previous question" in second.notice
