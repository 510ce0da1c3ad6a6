"""Fixtures shared by the catalogue's tests."""
import pytest

from tests.fixtures.sources import source_bytes
from tests.fixtures.sources.openalex_fake import FakeOpenAlex


@pytest.fixture
def fake_openalex(settings):
    """A local OpenAlex serving the recorded Bangor University authors (and one author's works),
    unpaced, with the app pointed at it: the department import's tests, from the service to
    the command, the site's page and the admin's."""
    settings.SOURCES_MIN_INTERVALS = {kind: 0.0 for kind in ("openalex", "arxiv", "s2", "orcid", "dblp")}
    fake = FakeOpenAlex(works={"A5017898742": source_bytes("openalex_works_joseph_mearman.json")}, per_second=1000)
    server, url = fake.serve()
    settings.OPENALEX_URL = url
    yield fake
    server.shutdown()
    server.server_close()
