"""Live-source tests never wait: no rate-limit gaps, tiny back-offs (each test that checks
waiting uses a fake clock instead)."""
import pytest


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    settings.SOURCES_MIN_INTERVALS = {kind: 0.0 for kind in ("openalex", "arxiv", "s2", "orcid", "dblp")}
    settings.SOURCES_RETRY_BACKOFF_SECONDS = 0.001
    settings.SOURCES_MAX_RETRIES = 2
    settings.SOURCES_CONTACT_EMAIL = "curator@example.org"
