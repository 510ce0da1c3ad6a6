"""The match index rebuild on a real worker (embedded broker and Redis): a change to the
catalogue is picked up by the worker, and web requests then load what it built."""
from datetime import date

import pytest

from matching.catalogue import (
    catalogue_version,
    index_path,
    match_index_current,
    match_index_invalidate,
)
from matching.ranking import ApplicantQuery
from tests.factories.matching import researcher_with_papers
from tests.worker import wait_until


@pytest.mark.broker
def test_worker_rebuilds_after_a_change_and_requests_load_its_index(celery_worker, settings, monkeypatch):
    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = True
    settings.MATCH_INDEX_REBUILD_DELAY = 0
    researcher_with_papers([("Bilevel optimization for data mixing", "Bilevel optimization.", date(2026, 1, 5))],
                           name="Olga Optimizer")
    match_index_invalidate()
    version = catalogue_version()
    wait_until(lambda: index_path(version).exists(), timeout=60, what="the worker to build the index")

    from matching import catalogue

    def no_build_in_request(**kwargs):
        raise AssertionError("the request built the index instead of loading the worker's")

    monkeypatch.setattr(catalogue, "match_index_build", no_build_in_request)
    index = match_index_current()
    assert index.version == version
    assert index.rank(ApplicantQuery(interests="bilevel optimization")).top(1)[0].name == "Olga Optimizer"
    # The worker's index carries the paper vectors of the hybrid match: a request never computes them.
    assert index.p_vec.shape == (len(index.papers), index.p_vec.shape[1]) and len(index.papers) == 1
    assert abs(float((index.paper_vectors([0])[0] ** 2).sum()) - 1.0) < 1e-4
