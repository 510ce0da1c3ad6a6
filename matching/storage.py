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
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import numpy as np
import scipy.sparse as sp

STORAGE_FORMAT = 1
META = "meta.json"
OBJECTS = "objects.pickle"
# Attributes stored in a form of their own (see PaperTable); the rest is generic.
PAPERS, PAPER_POSITIONS = "papers", "p_index"


class StoredIndexUnreadable(Exception):
    """A stored index is missing parts, damaged or of another format: build a new one."""


class PaperTable:
    """The index's papers as a read-only sequence of dicts (id, title, abstract, date), read from
    memory-mapped arrays: only the rows a page shows are ever decoded."""

    def __init__(self, ids: np.ndarray, dates: np.ndarray, offsets: np.ndarray, text: np.ndarray):
        self.ids, self.dates, self.offsets, self.text = ids, dates, offsets, text

    @classmethod
    def arrays_from(cls, papers) -> dict[str, np.ndarray]:
        ids = np.fromiter((p["id"] for p in papers), dtype=np.int64, count=len(papers))
        dates = np.fromiter((p["date"].toordinal() if p.get("date") else -1 for p in papers),
                            dtype=np.int64, count=len(papers))
        chunks, offsets, at = [], [0], 0
        for p in papers:
            for value in (p.get("title") or "", p.get("abstract") or ""):
                raw = value.encode("utf-8")
                chunks.append(raw)
                at += len(raw)
                offsets.append(at)
        text = np.frombuffer(b"".join(chunks), dtype=np.uint8) if at else np.zeros(0, dtype=np.uint8)
        return {"ids": ids, "dates": dates, "offsets": np.array(offsets, dtype=np.int64), "text": text}

    def _text(self, k: int) -> str:
        start, end = int(self.offsets[k]), int(self.offsets[k + 1])
        return self.text[start:end].tobytes().decode("utf-8")

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: int) -> dict:
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        day = int(self.dates[i])
        return {"id": int(self.ids[i]), "title": self._text(2 * i), "abstract": self._text(2 * i + 1),
                "date": date.fromordinal(day) if day > 0 else None}

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
            if name == PAPERS:
                table = value if isinstance(value, PaperTable) else None
                parts = vars(table) if table else PaperTable.arrays_from(value)
                for part, array in parts.items():
                    if isinstance(array, np.ndarray):
                        arrays[f"{PAPERS}.{part}"] = array
                kinds[name] = "papers"
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
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
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


def index_load(folder: Path, cls):
    """The index stored in ``folder``, its arrays memory-mapped read-only (shared with every
    other process that maps them). Raises ``StoredIndexUnreadable``."""
    try:
        meta = json.loads((folder / META).read_text())
        if meta.get("format") != STORAGE_FORMAT or meta.get("class") != cls.__qualname__:
            raise StoredIndexUnreadable(f"{folder} is format {meta.get('format')} of {meta.get('class')}")
        with (folder / OBJECTS).open("rb") as fh:
            objects = pickle.load(fh)  # written by index_save only, in a private folder

        def array(name):
            return np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)

        index = cls.__new__(cls)
        for name, kind in meta["kinds"].items():
            if kind == "array":
                setattr(index, name, array(name))
            elif kind == "papers":
                setattr(index, name, PaperTable(**{part: array(f"{PAPERS}.{part}")
                                                   for part in ("ids", "dates", "offsets", "text")}))
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
