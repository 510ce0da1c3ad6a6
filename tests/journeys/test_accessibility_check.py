"""The accessibility check itself: axe-core runs offline in the page and catches what a
screen-reader user would trip on (so a passing journey means something)."""
import pytest

from .accessibility import assert_accessible, serious_violations

pytestmark = pytest.mark.browser


def test_the_check_fails_on_a_nameless_button_and_an_unlabelled_field(page):
    page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                     '<button></button><input type="text"></main></body></html>')
    found = {v["id"] for v in serious_violations(page)}
    assert {"button-name", "label"} <= found
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page, "a broken page")


def test_the_check_passes_a_plain_labelled_page(page):
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><h1>Hi</h1>'
                     '<label>Name <input type="text"></label><button>Save</button></main></body></html>')
    assert serious_violations(page) == []
