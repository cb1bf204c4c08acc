"""Document ids: stable across runs, distinct for same-named files in other folders or with other extensions.

A file's id is its path relative to the folder it was found in, without the extension ('000_a253…',
'2025/antwoorden'); a file given directly is named by its stem. Only on a collision (with another file of
this run, or with a stored document whose source still exists elsewhere) does the id grow: by the extension
when the other file differs only in it ('brief.docx'), else by the folder's name ('b/brief'); a digest of the
absolute path settles what is left.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


class DocumentIds:
    """Hands out document ids for one ingest run, given the ids already stored with their source paths."""

    def __init__(self, stored: dict[str, str]):
        self.stored = stored
        self.taken: dict[str, Path] = {}

    def assign(self, path: Path, folder: Path | None) -> str:
        """The id for path (found in folder, or given directly when folder is None)."""
        # The other candidates resolve paths (a system call per path component): made only on a collision.
        plain = _plain(path, folder)
        other = self._holder(plain, path)
        if other is None:
            chosen = plain
        else:
            _, with_suffix, with_folder, with_digest = candidates(path, folder)
            same_stem = _resolved(other).with_suffix("") == _resolved(path).with_suffix("")
            preferred = with_suffix if same_stem else with_folder
            chosen = preferred if self._holder(preferred, path) is None else with_digest
        self.taken[chosen] = path
        return chosen

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


def _plain(path: Path, folder: Path | None) -> str:
    """The first candidate: the path relative to the folder (or the file name), without extension."""
    return (path.relative_to(folder) if folder is not None else Path(path.name)).with_suffix("").as_posix()


def candidates(path: Path, folder: Path | None) -> tuple[str, str, str, str]:
    """Ids to try in order: relative path without extension, with extension, with folder name, with digest."""
    relative = path.relative_to(folder) if folder is not None else Path(path.name)
    plain = relative.with_suffix("").as_posix()
    with_suffix = relative.as_posix()
    parent = (folder.resolve().name if folder is not None else path.resolve().parent.name) or "root"
    digest = hashlib.sha256(str(_resolved(path)).encode("utf-8")).hexdigest()[:8]
    return plain, with_suffix, f"{parent}/{plain}", f"{plain}~{digest}"


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
