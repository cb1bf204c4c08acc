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
        plain = _relative(path, folder).with_suffix("").as_posix()
        other = self._holder(plain, path)
        if other is None:
            chosen = plain
        else:
            with_suffix, with_folder, with_digest = fallback_candidates(path, folder, plain)
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
