"""The match index on disk, shared by every process: its numpy arrays as .npy files that each
process memory-maps (read-only), so the two gunicorn workers and the Celery worker share one copy
in the page cache instead of holding 1.2 GB each; the rest (researchers, vocabulary) pickled.

Generic: every numpy array an index holds is stored as an array, whatever its name, so arrays
added to ``MatchIndex`` later ride along. Sparse matrices are kept as their three arrays. The
papers (ids, titles, abstracts) are the bulk of the text: they are stored as arrays too, one
UTF-8 blob with offsets, and read back as ``PaperTable`` rows on demand.

Written atomically: everything goes to a temporary folder beside the target, renamed into place
in one step, so a reader sees a whole index or none.
"""
from __future__ import annotations

import json
import os
import pickle
import secrets
import shutil
import threading
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import numpy as np
import scipy.sparse as sp

STORAGE_FORMAT = 2
META = "meta.json"
OBJECTS = "objects.pickle"
# Attributes stored in a form of their own (see PaperTable); the rest is generic.
PAPERS, PAPER_POSITIONS = "papers", "p_index"


class StoredIndexUnreadable(Exception):
    """A stored index is missing parts, damaged or of another format: build a new one."""


class StoredText:
    """A stored UTF-8 blob (the ``.npy`` of a text column) read with ``pread``, not mapped.

    Mapping it cost each worker most of the file: the page cache holds it in large folios
    (written whole by the build), and a fault maps a whole folio, so the few reason papers a
    ranking explains mapped ~1 MB each, 240 MB of abstracts per worker after 30 rankings. Read
    this way, rows come from the page cache that every process shares, and count in no one's
    memory."""

    def __init__(self, path: Path):
        self.path = path
        # Opened now, as a mapping would be: a rebuild may delete the folder while this index
        # still answers. A pread moves no shared position, so threads and forked workers share it.
        self._fd = os.open(path, os.O_RDONLY)
        with os.fdopen(os.dup(self._fd), "rb") as fh:
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
            else:
                raise ValueError(f"{path}: .npy format {version}")
            if dtype != np.uint8 or len(shape) != 1:
                raise ValueError(f"{path} is not a text blob")
            self.start, self.size = fh.tell(), shape[0]

    def __del__(self):
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)

    def read(self, begin: int, end: int) -> bytes:
        return os.pread(self._fd, end - begin, self.start + begin)

    def __len__(self) -> int:
        return self.size

    def __array__(self, dtype=None, copy=None):
        """The whole blob (only to store a loaded index again)."""
        return np.fromfile(self.path, dtype=np.uint8, count=self.size, offset=self.start)


class PaperTable:
    """The index's papers as a read-only sequence of dicts (the same keys the index was built
    with), read from memory-mapped column arrays and text blobs read row by row (StoredText):
    only the rows a page shows are ever decoded.

    Columns by kind: ``int`` (int64), ``date`` (ordinal, -1 for none) and ``text`` (one UTF-8
    blob with offsets, and which rows were None)."""

    def __init__(self, columns: dict[str, str], arrays: dict[str, np.ndarray]):
        self.columns, self.arrays = columns, arrays
        self.ids = arrays["id"]

    @staticmethod
    def _kind(values) -> str:
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, date) for v in present):
            return "date"
        if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present) and len(present) == len(values):
            return "int"
        return "text"

    @classmethod
    def columns_from(cls, papers) -> tuple[dict[str, str], dict[str, np.ndarray]]:
        """The columns and arrays that store ``papers`` (a list of dicts with one set of keys)."""
        names = list(papers[0]) if papers else ["id", "title", "abstract", "date"]
        columns, arrays = {}, {}
        for name in names:
            values = [p.get(name) for p in papers]
            kind = columns[name] = "int" if name == "id" else cls._kind(values)
            if kind == "int":
                arrays[name] = np.array(values, dtype=np.int64)
            elif kind == "date":
                arrays[name] = np.array([v.toordinal() if v else -1 for v in values], dtype=np.int64)
            else:
                raw = [("" if v is None else str(v)).encode("utf-8") for v in values]
                arrays[f"{name}.offsets"] = np.concatenate(([0], np.cumsum([len(r) for r in raw]))).astype(np.int64)
                blob = b"".join(raw)
                arrays[f"{name}.text"] = np.frombuffer(blob, dtype=np.uint8) if blob else np.zeros(0, dtype=np.uint8)
                arrays[f"{name}.none"] = np.array([v is None for v in values], dtype=bool)
        return columns, arrays

    def _value(self, name: str, i: int):
        kind = self.columns[name]
        if kind == "int":
            return int(self.arrays[name][i])
        if kind == "date":
            day = int(self.arrays[name][i])
            return date.fromordinal(day) if day > 0 else None
        if self.arrays[f"{name}.none"][i]:
            return None
        offsets, text = self.arrays[f"{name}.offsets"], self.arrays[f"{name}.text"]
        begin, end = int(offsets[i]), int(offsets[i + 1])
        raw = text.read(begin, end) if isinstance(text, StoredText) else text[begin:end].tobytes()
        return raw.decode("utf-8")

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: int) -> dict:
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return {name: self._value(name, i) for name in self.columns}

    def __iter__(self) -> Iterator[dict]:
        return (self[i] for i in range(len(self)))


class PaperPositions(Mapping):
    """Paper id -> position, from the sorted ids array (a dict of 400,000 ids per process is
    tens of megabytes; a binary search is a microsecond)."""

    def __init__(self, ids: np.ndarray):
        self.ids = ids
        self.sorted = bool(len(ids) < 2 or np.all(ids[1:] > ids[:-1]))
        self.order = None if self.sorted else np.argsort(ids, kind="stable")

    def __getitem__(self, paper_id: int) -> int:
        ids = self.ids if self.sorted else self.ids[self.order]
        k = int(np.searchsorted(ids, paper_id))
        if k < len(ids) and ids[k] == paper_id:
            return k if self.sorted else int(self.order[k])
        raise KeyError(paper_id)

    def __iter__(self):
        return (int(i) for i in self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def index_save(index, folder: Path) -> Path:
    """Write ``index`` as ``folder`` (atomically: a temporary folder beside it, then a rename).
    When another process got there first with the same version, theirs stays."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".{folder.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    tmp.mkdir()
    try:
        arrays, objects, kinds = {}, {}, {}
        for name, value in vars(index).items():
            if name.startswith("_") and name.endswith("_cache"):
                continue  # made again from the stored arrays by each process that needs it
            if name == PAPERS:
                if isinstance(value, PaperTable):
                    columns, parts = value.columns, value.arrays
                else:
                    columns, parts = PaperTable.columns_from(value)
                for part, array in parts.items():
                    arrays[f"{PAPERS}.{part}"] = array
                kinds[name] = {"papers": columns}
            elif name == PAPER_POSITIONS:
                kinds[name] = "paper_positions"  # rebuilt from the papers' ids
            elif isinstance(value, np.ndarray) and value.dtype != object:
                arrays[name] = value
                kinds[name] = "array"
            elif sp.issparse(value):
                matrix = value.tocsc()
                for part in ("data", "indices", "indptr"):
                    arrays[f"{name}.{part}"] = getattr(matrix, part)
                kinds[name] = {"sparse": "csc", "shape": list(matrix.shape)}
            else:
                objects[name] = value
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(np.asarray(array)), allow_pickle=False)
        with (tmp / OBJECTS).open("wb") as fh:
            pickle.dump(objects, fh, protocol=pickle.HIGHEST_PROTOCOL)
        (tmp / META).write_text(json.dumps({"format": STORAGE_FORMAT, "class": type(index).__qualname__,
                                            "kinds": kinds}))
        try:
            tmp.rename(folder)
        except OSError:
            if not (folder / META).exists():
                raise
            # Built by another process meanwhile: the same catalogue version, so the same index.
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


# numpy reads each .npy header with ast.literal_eval, and CPython 3.11 keeps the AST builder's
# recursion count per interpreter, not per thread: two threads loading an index at once (a
# request and the copy of a published version, or a worker thread beside the test's) could fail
# with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905). Loads
# are rare and take milliseconds, so they take turns.
_load_lock = threading.Lock()


def index_load(folder: Path, cls):
    """The index stored in ``folder``, its arrays memory-mapped read-only (shared with every
    other process that maps them). Raises ``StoredIndexUnreadable``."""
    with _load_lock:
        return _index_load(folder, cls)


def _index_load(folder: Path, cls):
    try:
        meta = json.loads((folder / META).read_text())
        if meta.get("format") != STORAGE_FORMAT or meta.get("class") != cls.__qualname__:
            raise StoredIndexUnreadable(f"{folder} is format {meta.get('format')} of {meta.get('class')}")
        with (folder / OBJECTS).open("rb") as fh:
            objects = pickle.load(fh)  # written by index_save only, in a private folder

        def array(name):
            # A plain ndarray view of the mapping: np.memmap's Python-level __getitem__ and
            # __array_finalize__ ran on every element read and slice (6% of a ranking).
            return np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)

        index = cls.__new__(cls)
        for name, kind in meta["kinds"].items():
            if kind == "array":
                setattr(index, name, array(name))
            elif isinstance(kind, dict) and "papers" in kind:
                columns = kind["papers"]
                parts = {}
                for column, column_kind in columns.items():
                    suffixes = [""] if column_kind in ("int", "date") else [".offsets", ".text", ".none"]
                    for suffix in suffixes:
                        stored = f"{PAPERS}.{column}{suffix}"
                        parts[column + suffix] = (StoredText(folder / f"{stored}.npy") if suffix == ".text"
                                                  else array(stored))
                setattr(index, name, PaperTable(columns, parts))
            elif isinstance(kind, dict) and kind.get("sparse") == "csc":
                parts = (array(f"{name}.data"), array(f"{name}.indices"), array(f"{name}.indptr"))
                setattr(index, name, sp.csc_matrix(parts, shape=tuple(kind["shape"]), copy=False))
        if meta["kinds"].get(PAPER_POSITIONS) and PAPERS in meta["kinds"]:
            setattr(index, PAPER_POSITIONS, PaperPositions(index.papers.ids))
        for name, value in objects.items():
            setattr(index, name, value)
    # ImportError: objects pickled by an older release whose modules have moved since.
    except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError, AttributeError, ImportError) as exc:
        raise StoredIndexUnreadable(f"{folder}: {exc}") from exc
    return index
