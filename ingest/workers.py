"""Parse files in worker processes on a machine with more than one core, results in file order.

Parsing is pure CPU work on one file at a time, so a folder parses about twice as fast on two cores; the store
stays in the main process, which writes each result in file order, so the store and the report are the same as
with one process. Only strings, bytes and numbers cross the process boundary (the parsed records as UTF-8 JSON).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files a pool costs more to start (fork, import state) than the parallel parsing saves.
MIN_FILES_PER_POOL = 16
MAX_WORKERS = 8


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(files: int, requested: int | None = None) -> int:
    """How many processes parse `files` files: `requested` if given, else one per usable core for a big run."""
    if requested is not None:
        return max(1, requested)
    if files < MIN_FILES_PER_POOL or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(usable_cores(), MAX_WORKERS, files // 4))


@contextmanager
def ordered_map(function: Callable[[Item], Result], items: Iterable[Item], workers: int) -> Iterator[Iterator[Result]]:
    """function over items, in order: in this process for one worker, else in a pool of forked processes.

    Open the block before starting threads (a progress bar): forking copies only the calling thread.
    """
    if workers <= 1:
        yield map(function, items)
        return
    items = list(items)
    # The objects that exist now (modules, compiled patterns, the file list) live as long as the run: frozen, the
    # cycle collector of each worker does not walk them again and again, nor copy their pages after the fork.
    gc.freeze()
    pool = None
    try:
        # fork: the workers start in milliseconds with the parsers already imported (spawn re-imports everything).
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
        yield pool.imap(function, items, chunksize=max(1, min(8, len(items) // (workers * 8))))
    except BaseException:
        if pool is not None:
            pool.terminate()
            pool.join()
        raise
    finally:
        gc.unfreeze()
    pool.close()
    pool.join()


# A parsing process collects cycles after this many new container objects rather than Python's 700: parsing a
# seed-sized document makes tens of thousands of short-lived ones (trigram sets, lists, records), hardly any in
# cycles; at the default the collections cost ≈ 1.5 % of the parsing instructions.
WORKER_GC_THRESHOLD = 20000


def _start_worker() -> None:
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
