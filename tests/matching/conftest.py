"""Match fixtures: a private folder for built indexes, no background queue in unit tests, no
index carried over from one test to the next, and a count of the rankings made."""
import pytest

from matching.catalogue import match_index_forget
from matching.index import MatchIndex


@pytest.fixture(autouse=True)
def _match_index_private(settings, tmp_path):
    settings.MATCH_INDEX_DIR = tmp_path / "match_index"
    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False
    settings.MATCH_INDEX_PULL_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path / "media"
    match_index_forget()
    yield
    match_index_forget()


@pytest.fixture
def rank_calls(monkeypatch):
    """The interests of every ranking made in this process, a worker's thread included (the real
    ranking still runs: this only counts)."""
    calls = []
    real = MatchIndex.rank

    def counted(self, query):
        calls.append(query.interests)
        return real(self, query)

    monkeypatch.setattr(MatchIndex, "rank", counted)
    return calls
