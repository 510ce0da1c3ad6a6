import pytest

from .seeds import SEED_PREFIXES, seed_date, seed_text


@pytest.fixture(params=SEED_PREFIXES)
def seed(request):
    """(prefix, text, captured_on) of each real seed capture."""
    return request.param, seed_text(request.param), seed_date(request.param)
