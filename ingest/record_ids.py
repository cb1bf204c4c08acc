"""Record ids as core.models.make_record_id makes them, without a string per word of every reply.

make_record_id hashes the question and the text with each whitespace run as one space (" ".join(text.split())).
The parsers' texts are cleaned already (single spaces, paragraph breaks), so linescan.squeezed tells that form
by a few scans in C; on a long report the splitting cost ≈ 5 % of parsing. tests/test_ingest_record_ids.py pins
the equality with make_record_id.
"""

from __future__ import annotations

import hashlib

from ingest.linescan import squeezed


def record_id(document_id: str, kind: str, faction: str | None, question: str, text: str) -> str:
    """make_record_id(document_id, kind, faction, question, text): the same id."""
    basis = "\x1f".join([kind, faction or "", squeezed(question), squeezed(text)])
    return f"{document_id}:{hashlib.sha256(basis.encode('utf-8')).hexdigest()[:12]}"
