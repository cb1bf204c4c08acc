"""Word (.docx) files and the official-publication HTML of Kamervragen answers, turned into parser text.

Both become the same text the plain-text parsers read, so records, spans and lines work alike; the store
keeps that text, so a citation's offsets point into it. Word: one paragraph per block with a blank line
between, a bold label that opens a paragraph ("Antwoord 1" + text) on its own line, footnotes as the
`[footnoteRef:n]` markers and `[n: text]` definitions that ingest.footnotes reads. Official HTML: the
`div.vraag` / `div.antwoord` blocks get a "Vraag n" / "Antwoord n" label line from their `h2` or
`p.nummer`, and the head's metadata (identifier, dates) is returned beside the text.
"""

from __future__ import annotations

import io
import re

from core.errors import IngestError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LABEL = re.compile(r"(?:Vraag|Vragen|Antwoord(?:en)?|Reactie|Beantwoording)\b[^:]{0,40}?:?", re.I)
_NUMBER_ONLY = re.compile(r"\s*(?:nr\.?\s*)?(\d{1,3}(?:\s*(?:,|en|t/m|-)\s*\d{1,3})*)\s*[.:]?\s*")
# Head metadata of officielebekendmakingen.nl pages, by the names they use.
_META_NAMES = {
    "identifier": ("dcterms.identifier", "dc.identifier", "overheidop.identifier"),
    "received": ("overheidop.datumontvangst",),
    "submitted": ("overheidop.datumindiening",),
    "issued": ("dcterms.issued", "dc.date", "overheidop.datumpublicatie"),
    "title": ("dcterms.title", "dc.title"),
}


def docx_text(path, data: bytes) -> str:
    """Paragraphs (and table cells) of a Word file as text: blank line between paragraphs, footnotes inline."""
    from docx import Document as WordDocument

    try:
        word = WordDocument(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a damaged or non-Word zip
        raise IngestError(str(path), f"not a readable Word file ({type(error).__name__}: {error})") from error
    footnotes = _docx_footnotes(word)
    blocks: list[str] = []
    for element in word.element.body.iterchildren():
        if element.tag == f"{_W}p":
            blocks.extend(_paragraph_blocks(element, footnotes))
        elif element.tag == f"{_W}tbl":
            for paragraph in element.iter(f"{_W}p"):
                blocks.extend(_paragraph_blocks(paragraph, footnotes))
    return "\n\n".join(blocks) + "\n"


def _docx_footnotes(word) -> dict[str, str]:
    """Footnote id → text from word/footnotes.xml (python-docx has no footnote API)."""
    from lxml import etree

    for part in word.part.package.parts:
        if str(part.partname) == "/word/footnotes.xml":
            root = etree.fromstring(part.blob)
            return {
                note.get(f"{_W}id"): " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
                for note in root.iter(f"{_W}footnote")
                if note.get(f"{_W}type") is None  # separators are typed, real notes are not
            }
    return {}


def _paragraph_blocks(paragraph, footnotes: dict[str, str]) -> list[str]:
    """One paragraph as one block, or two when it opens with a bold label; its footnote definitions after it."""
    runs: list[tuple[str, bool]] = []
    notes: list[str] = []
    for run in paragraph.iter(f"{_W}r"):
        reference = run.find(f"{_W}footnoteReference")
        if reference is not None:
            number = reference.get(f"{_W}id")
            runs.append((f"[footnoteRef:{number}]", False))
            if number in footnotes:
                notes.append(f"[{number}: {footnotes[number]} ]")
            continue
        text = "".join(node.text or "" for node in run if node.tag in (f"{_W}t", f"{_W}tab"))
        text += "\n" * sum(1 for node in run if node.tag == f"{_W}br")
        bold = run.find(f"{_W}rPr/{_W}b") is not None
        runs.append((text, bold))
    text = "".join(piece for piece, _ in runs).strip()
    if not text:
        return []
    bold_head = "".join(piece for piece, _ in _leading_bold(runs)).strip()
    rest = text[len(bold_head):].strip() if text.startswith(bold_head) else ""
    if bold_head and rest and _LABEL.fullmatch(bold_head):
        return [bold_head, rest, *notes]
    return [text, *notes]


def _leading_bold(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    head = []
    for piece, bold in runs:
        if not bold:
            break
        head.append((piece, bold))
    return head


def is_official_kamervragen(soup) -> bool:
    """The officielebekendmakingen.nl HTML of Kamervragen answers: div.vraag and div.antwoord blocks."""
    return soup.find("div", class_="vraag") is not None and soup.find("div", class_="antwoord") is not None


def label_official_blocks(soup) -> None:
    """Give every div.vraag / div.antwoord a 'Vraag n' / 'Antwoord n' label paragraph in place of its number."""
    for kind, word in (("vraag", "Vraag"), ("antwoord", "Antwoord")):
        for block in soup.find_all("div", class_=kind):
            holder = block.find(["h2", "h3"]) or block.find("p", class_="nummer")
            number = _NUMBER_ONLY.fullmatch(holder.get_text(" ")) if holder else None
            label = soup.new_tag("p")
            if holder is not None and number is None:
                continue  # the heading already reads "Vraag 2, 3": it is the label
            label.string = f"{word} {number.group(1)}" if number else word
            if holder is not None:
                holder.replace_with(label)
            else:
                block.insert(0, label)


def head_metadata(soup) -> dict[str, str]:
    """Identifier, dates and title from the page's <meta> tags, under the keys of _META_NAMES."""
    found: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        content = (meta.get("content") or "").strip()
        for key, names in _META_NAMES.items():
            if name in names and content and key not in found:
                found[key] = content
    return found
