"""The index on disk: every process memory-maps the same arrays (one copy in memory for all),
it ranks exactly as the index it was built from, arrays added to the index ride along, and a
half-written or damaged folder is never used."""
import mmap
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from matching.catalogue import (
    catalogue_rows,
    catalogue_version,
    index_path,
    match_index_build,
    match_index_current,
    match_index_forget,
)
from matching.index import MatchIndex, paper_vectors_reusing
from matching.ranking import ApplicantQuery
from matching.storage import PaperTable, StoredIndexUnreadable, index_load, index_save
from tests.factories.matching import researcher_with_papers

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
QUERY = ApplicantQuery(interests="bilevel optimization for data mixing", methods="hypergradient")


@pytest.fixture
def catalogue():
    researcher_with_papers([
        ("Bilevel optimization for data mixing", "Bilevel optimization picks data mixing weights. Ünïcode ok.",
         date(2026, 1, 5)),
        ("Hypergradient methods", "Hypergradients for bilevel optimization.", date(2025, 6, 1)),
    ], name="Olga Optimizer", topics=["Optimization"])
    researcher_with_papers([("Data mixing for speech", "", None)], name="Bruno Mixer")


def _mapped(array) -> bool:
    """Whether the array's memory is a mapped file (views of a memmap included)."""
    while array is not None:
        if isinstance(array, (np.memmap, mmap.mmap)):
            return True
        array = getattr(array, "base", None)
    return False


def _same_ranking(a, b):
    ra, rb = a.rank(QUERY), b.rank(QUERY)
    assert [m.name for m in ra.top(10)] == [m.name for m in rb.top(10)]
    assert np.array_equal(ra.overall, rb.overall)
    for ma, mb in zip(ra.top(10), rb.top(10)):
        assert [(r.title, r.snippet, r.date) for r in ma.reasons] == [(r.title, r.snippet, r.date) for r in mb.reasons]


def test_a_stored_index_is_memory_mapped_and_ranks_as_the_one_built(catalogue, tmp_path):
    built = MatchIndex(**catalogue_rows(), version="v1")
    built.extra_scores = np.arange(len(built.papers), dtype=np.float32)  # an array added later rides along
    index_save(built, tmp_path / "v1")
    loaded = index_load(tmp_path / "v1", MatchIndex)
    assert _mapped(loaded.p_recency) and _mapped(loaded.paper_w_codes) and _mapped(loaded.paper_w_low)
    assert _mapped(loaded.extra_scores) and list(loaded.extra_scores) == list(built.extra_scores)
    assert isinstance(loaded.papers, PaperTable) and list(loaded.papers) == built.papers
    assert loaded.p_index[built.papers[1]["id"]] == 1 and built.papers[0]["id"] in loaded.p_index
    assert not loaded.p_recency.flags.writeable  # shared pages: nobody may write them
    _same_ranking(built, loaded)
    # Saving a loaded index again (a copy) keeps the same contents.
    index_save(loaded, tmp_path / "v1-again")
    _same_ranking(built, index_load(tmp_path / "v1-again", MatchIndex))


def test_the_authorship_matrices_are_views_of_the_mapped_index_and_an_older_index_makes_its_own(
        catalogue, tmp_path):
    """The per-researcher sums and the method axis read researchers × papers matrices and their
    papers × researchers transpose: views on the stored arrays, so each web worker holds no copy
    of its own; an index stored before those arrays were makes them, and ranks the same."""
    built = MatchIndex(**catalogue_rows(), version="v1")
    index_save(built, tmp_path / "v1")
    loaded = index_load(tmp_path / "v1", MatchIndex)
    every, newer, older = loaded._authorship_matrices()
    writers = loaded._writers()
    for matrix in (every, newer, older, writers):
        assert _mapped(matrix.data) and _mapped(matrix.indices)
    older_release = MatchIndex(**catalogue_rows(), version="v0")
    older_release.a_newer = older_release.auth_w_newer > 0  # as format 7 stored the halves
    older_release.a_older = older_release.auth_w_older > 0
    for name in ("auth_w_every", "auth_w_newer", "auth_w_older", "writers_indptr", "writers_indices"):
        delattr(older_release, name)
    index_save(older_release, tmp_path / "v0")
    without = index_load(tmp_path / "v0", MatchIndex)
    assert (without._writers() != writers).nnz == 0
    assert all((a != b).nnz == 0 for a, b in zip(without._authorship_matrices(), (every, newer, older)))
    ra, rb = loaded.rank(QUERY), without.rank(QUERY)
    assert np.array_equal(ra.overall, rb.overall) and np.array_equal(ra.axes["method"], rb.axes["method"])


def test_an_index_stored_with_float32_vectors_by_an_older_release_still_ranks_and_lends_its_vectors(
        catalogue, tmp_path):
    """Indexes before int16 paper vectors kept float32 ones and no scale: a node that still has
    one (or pulls one) answers from it while the new one is built, and the rebuild reuses them."""
    built = MatchIndex(**catalogue_rows(), version="v1")
    older = MatchIndex(**catalogue_rows(), version="v0")
    older.p_vec = built.paper_vectors()
    del older.p_vec_scale
    index_save(older, tmp_path / "v0")
    loaded = index_load(tmp_path / "v0", MatchIndex)
    assert loaded.p_vec.dtype == np.float32 and not hasattr(loaded, "p_vec_scale")
    ra, rb = built.rank(QUERY), loaded.rank(QUERY)  # the same, to a float32 rounding
    assert [m.name for m in ra.top(10)] == [m.name for m in rb.top(10)]
    assert np.allclose(ra.overall, rb.overall, atol=1e-5)
    rows = catalogue_rows()
    assert np.allclose(paper_vectors_reusing(rows["papers"], loaded), built.paper_vectors(), atol=1e-5)


def test_the_current_index_is_the_mapped_copy_and_a_rebuild_replaces_the_folder(catalogue, settings):
    first = match_index_build()
    assert _mapped(first.p_recency)
    folders = [p.name for p in Path(settings.MATCH_INDEX_DIR).iterdir()]
    assert folders == [first.version]
    researcher_with_papers([("Graph neural networks", "GNNs.", date(2026, 2, 1))], name="Gina Graph")
    second = match_index_current()
    assert second.version != first.version
    assert sorted(p.name for p in Path(settings.MATCH_INDEX_DIR).iterdir()) == [second.version]


def test_a_half_written_or_damaged_index_is_never_used(catalogue, settings):
    index = match_index_build()
    folder = index_path(index.version)
    (Path(settings.MATCH_INDEX_DIR) / f".{index.version}.123-abcd.tmp").mkdir()  # a writer that died
    victim = folder / "p_recency.npy"
    victim.write_bytes(victim.read_bytes()[:20])
    with pytest.raises(StoredIndexUnreadable):
        index_load(folder, MatchIndex)
    match_index_forget()
    rebuilt = match_index_current()  # unreadable on disk: built again, not crashed
    assert [m.name for m in rebuilt.rank(QUERY).top(5)][0] == "Olga Optimizer"
    assert _mapped(rebuilt.p_recency)


def test_another_process_maps_the_same_files(catalogue, tmp_path):
    built = MatchIndex(**catalogue_rows(), version="v1")
    index_save(built, tmp_path / "v1")
    script = (
        "import os, sys; sys.path.insert(0, sys.argv[2]); os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'\n"
        "import django; django.setup()\n"
        "from pathlib import Path\n"
        "from matching.index import MatchIndex\n"
        "from matching.storage import index_load\n"
        "index = index_load(Path(sys.argv[1]), MatchIndex)\n"
        "maps = open('/proc/self/maps').read()\n"
        "print(sum(1 for line in maps.splitlines() if sys.argv[1] in line and line.endswith('.npy')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "v1"), str(ROOT)], capture_output=True,
                         text=True, check=True).stdout
    assert int(out.strip().splitlines()[-1]) >= 10  # its arrays are the files, mapped, not copies


def test_while_a_worker_rebuilds_requests_share_one_masked_stand_in_then_swap(catalogue, settings):
    settings.MATCH_INDEX_SYNC_MAX_PAPERS = 0  # "large": a request never builds the index itself
    old = match_index_build()
    researcher_with_papers([("Graph neural networks", "GNNs.", date(2026, 2, 1))], name="Gina Graph")
    stand_in = match_index_current()
    # Masked once and reused, under a name of its own: the current version's, not the old index's.
    assert stand_in.version.startswith(catalogue_version()) and stand_in.version != old.version
    assert match_index_current() is stand_in
    built = match_index_build()  # what the worker's rebuild does, in another process
    match_index_forget()  # this process never saw the build: it finds it on disk
    swapped = match_index_current()
    assert swapped.version == built.version != old.version and _mapped(swapped.p_recency)
