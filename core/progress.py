"""The one progress bar every long stage shows: rich, on stderr so stdout stays clean for --json."""

from __future__ import annotations

from contextlib import nullcontext

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def progress_bar(enabled: bool):
    """A transient rich progress bar on stderr, or a no-op context (yielding None) when disabled."""
    if not enabled:
        return nullcontext(None)
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )
