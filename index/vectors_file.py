"""vectors.npy: the passage vectors, float32 (n, d), written without pickle and appended without rewriting."""

from __future__ import annotations

import os
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


class VectorRows:
    """Rows of vectors.npy read on demand with pread, for a search process.

    Not a memory map: the kernel's readahead made each row touched through np.memmap pull in ~0.5 MB around it,
    so a 1M index's 1.5 GB file showed up in the process's RSS after a few thousand lookups (measured: 3,000
    best_cosine calls, +1.45 GB RSS). pread reads exactly the rows asked for.
    """

    def __init__(self, path: Path):
        with path.open("rb") as handle:
            self.shape, self._offset = _data_offset(handle)
        self._row_bytes = self.shape[1] * 4
        expected = self._offset + self.shape[0] * self._row_bytes
        if path.stat().st_size != expected:  # what np.load(mmap_mode="r") would refuse at open
            raise ValueError(f"{path} has {path.stat().st_size} bytes, its header says {expected}")
        self._fd = os.open(path, os.O_RDONLY)  # stays valid after the index folder is swapped away

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows) -> np.ndarray:
        """(len(rows), d) float32 for a list of row numbers, or (d,) for one row."""
        if isinstance(rows, (int, np.integer)):
            return self[[int(rows)]][0]
        out = np.empty((len(rows), self.shape[1]), dtype="<f4")
        for i, row in enumerate(rows):
            if not 0 <= row < self.shape[0]:
                raise IndexError(f"row {row} outside 0..{self.shape[0] - 1}")
            out[i] = np.frombuffer(os.pread(self._fd, self._row_bytes, self._offset + row * self._row_bytes), "<f4")
        return out

    def __del__(self):
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)
