"""vectors.npy: the passage vectors, float32 (n, d), written without pickle and appended without rewriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

COPY_BLOCK = 64 * 1024 * 1024


def create_vectors(path: Path, rows: int, dimension: int) -> np.memmap:
    """A new (rows, dimension) float32 .npy file, memory-mapped for writing."""
    return np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(rows, dimension))


def _data_offset(handle) -> tuple[tuple[int, int], int]:
    """(shape, byte offset of the data) of an open .npy file."""
    version = np.lib.format.read_magic(handle)
    read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read_header(handle)
    if fortran or dtype != np.float32 or len(shape) != 2:
        raise ValueError(f"{handle.name} is not a C-ordered float32 matrix; rebuild with `antwoord ingest --rebuild`")
    return shape, handle.tell()


def append_vectors(old: Path, new: Path, rows: np.ndarray) -> np.memmap:
    """Write new = old's vectors followed by rows (m, d) float32: a byte copy, old is never parsed or changed."""
    with old.open("rb") as source:
        (count, dimension), offset = _data_offset(source)
        if rows.shape[1:] != (dimension,):
            raise ValueError(f"appending vectors of shape {rows.shape} to {old} of dimension {dimension}")
        with new.open("wb") as target:
            header = {"descr": "<f4", "fortran_order": False, "shape": (count + len(rows), dimension)}
            np.lib.format.write_array_header_2_0(target, header)
            source.seek(offset)
            shutil.copyfileobj(source, target, COPY_BLOCK)
            target.write(np.ascontiguousarray(rows, dtype="<f4").tobytes())
    return np.load(new, mmap_mode="r", allow_pickle=False)
