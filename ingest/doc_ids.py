"""Document ids: stable across runs, distinct for same-named files in other folders or with other extensions.

A document whose text states its own full number is named after its official publication identifier, the form
officielebekendmakingen.nl uses: 'kst-32317-974' (Kamerstuk 32317 nr. 974), 'kst-32317-QC' (an Eerste Kamer stuk
with a letter code), 'kst-36600-VI-2' (a budget chapter), 'kst-21501-20-2179' (a sub-dossier), 'ah-tk-20242025-1234'
(Kamervragen answered in the Aanhangsel van de Handelingen; 'ah-ek-…' for the Eerste Kamer). A dossier alone
('32317') holds many documents and names none of them.

Any other file's id is its path relative to the folder it was found in, without the extension ('000_a253…',
'2025/antwoorden'); a file given directly is named by its stem. Only on a collision (with another file of this
run, or with a stored document whose source still exists elsewhere) does the path id grow: by the extension when
the other file differs only in it ('brief.docx'), else by the folder's name ('b/brief'); a digest of the absolute
path settles what is left.

Stability first: a file already stored keeps the id it is stored under (a store made before number ids re-ingests
without new ids or duplicates). The path ids of a run are handed out in file order before parsing. The number is
known only from the text: a parsing process reads the metadata before it makes the records (whose ids start with
the document id; ingest.pipeline.build_document) and names the document after its number; the main process then
settles the number ids in file order: one that another file of the run already holds (the same document as .txt
and .docx) or a stored document of another existing file holds gives the later file its path id (its
records renamed, not parsed again). Ids therefore depend on the files and their order, never on the number of workers.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

# own_kamerstuk's forms: "32317 nr. 974", "36600 VI nr. 2", "21501-20 nr. 2179", "32317 QC", "36600 VI A", "32317".
_NUMBERED = re.compile(r"(?P<dossier>\d+(?:-\d+)?(?: [IVXLC]+)?) nr\. (?P<number>\d+)")
_LETTERED = re.compile(r"(?P<dossier>\d+(?:-\d+)?(?: [IVXLC]+)?) (?P<number>[A-Z]{1,3})")
# "36600 VI" is a budget chapter without a number, not an Eerste Kamer code: the codes run A…Z, AA…, so one of two
# or more Roman letters would be the 500th stuk of a dossier, a budget chapter is common.
_CHAPTER_ONLY = re.compile(r"\d+(?:-\d+)? [IVXLC]{2,6}")


def kamerstuk_id(own: str) -> str | None:
    """'32317 nr. 974' → 'kst-32317-974', '32317 QC' → 'kst-32317-QC'; a dossier alone ('32317') → None."""
    match = _NUMBERED.fullmatch(own) or (None if _CHAPTER_ONLY.fullmatch(own) else _LETTERED.fullmatch(own))
    if match is None:
        return None
    return "kst-" + "-".join([*match.group("dossier").split(" "), match.group("number")])


def number_id(kamerstukken: list[str], aanhangsel_number: str | None) -> str | None:
    """The id after the document's own full number as its metadata holds it (Document.kamerstukken, .aanhangsel)."""
    if aanhangsel_number:
        return aanhangsel_number
    return kamerstuk_id(kamerstukken[0]) if kamerstukken else None


class DocumentIds:
    """Hands out document ids for one ingest run, given the ids already stored with their source paths."""

    def __init__(self, stored: dict[str, str]):
        self.stored = stored
        self.taken: dict[str, Path] = {}
        self._by_path: dict[str, list[str]] | None = None

    def assign(self, path: Path, folder: Path | None) -> str:
        """The id for path (found in folder, or given directly when folder is None): its stored id, else by path."""
        plain = _relative(path, folder).with_suffix("").as_posix()
        chosen = self._stored_id(path, plain)
        if chosen is None:
            other = self._holder(plain, path)
            chosen = plain if other is None else self._fallback(path, folder, plain, other)
        self.taken[chosen] = path
        return chosen

    def claim(self, candidate: str, path: Path) -> bool:
        """Take candidate (a number id) for path unless another file of this run or of the store holds it."""
        if self._holder(candidate, path) is not None:
            return False
        self.taken[candidate] = path
        return True

    def _stored_id(self, path: Path, plain: str) -> str | None:
        """The id the store holds this file under (the path id if it holds it under several), or None."""
        if self.stored.get(plain) == str(path):  # the common case
            return plain
        if not self.stored:
            return None
        # Absolute paths by string rules, no system call: resolving every stored path took 50 ms per 1,000 files.
        # A file stored under another spelling (a symbolic link) that states its number still gets its stored id,
        # as claim() finds the number stored for the same file.
        if self._by_path is None:
            self._by_path = {}
            for document_id, source in sorted(self.stored.items()):
                self._by_path.setdefault(os.path.abspath(source), []).append(document_id)
        held = self._by_path.get(os.path.abspath(path))
        if not held:
            return None
        return plain if plain in held else held[0]

    def _fallback(self, path: Path, folder: Path | None, plain: str, other: Path) -> str:
        """The path id after the plain one collided with other's: with extension or folder name, else digest."""
        # The candidates resolve paths (a system call per path component): made only on a collision.
        with_suffix, with_folder, with_digest = fallback_candidates(path, folder, plain)
        same_stem = _resolved(other).with_suffix("") == _resolved(path).with_suffix("")
        preferred = with_suffix if same_stem else with_folder
        return preferred if self._holder(preferred, path) is None else with_digest

    def _holder(self, candidate: str, path: Path) -> Path | None:
        """The other file that holds candidate as its id (in this run or in the store), or None."""
        if candidate in self.taken:
            other = self.taken[candidate]
            return other if _resolved(other) != _resolved(path) else None
        stored = self.stored.get(candidate)
        if stored is None or _resolved(Path(stored)) == _resolved(path):
            return None
        # A stored document whose file is gone was moved or renamed: its id may be reused.
        return Path(stored) if Path(stored).exists() else None


def _relative(path: Path, folder: Path | None) -> Path:
    """The path relative to the folder it was found in, or the file name for a file given directly."""
    return path.relative_to(folder) if folder is not None else Path(path.name)


def fallback_candidates(path: Path, folder: Path | None, plain: str) -> tuple[str, str, str]:
    """Ids to try after the plain one (relative path without extension) collided: with extension, with folder
    name, with digest."""
    parent = (folder.resolve().name if folder is not None else path.resolve().parent.name) or "root"
    digest = hashlib.sha256(str(_resolved(path)).encode("utf-8")).hexdigest()[:8]
    return _relative(path, folder).as_posix(), f"{parent}/{plain}", f"{plain}~{digest}"


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
