"""Text normalisation shared by the stages (ingest cleans with it, record ids hash with it)."""

from __future__ import annotations


def squeezed(text: str) -> str:
    """" ".join(text.split()): each whitespace run one space, none at the ends.

    Most lines and cleaned texts nearly are so already: every whitespace character but the space is unprintable,
    so a stripped printable text without double spaces is the answer, told without making a string per word. A
    cleaned text's paragraph breaks ("\\n\\n") each become one space the same way.
    """
    candidate = text.strip()
    if not candidate.isprintable():
        if "\n\n" not in candidate:
            return " ".join(text.split())
        candidate = candidate.replace("\n\n", " ")
        if not candidate.isprintable():
            return " ".join(text.split())
    return " ".join(text.split()) if "  " in candidate else candidate
