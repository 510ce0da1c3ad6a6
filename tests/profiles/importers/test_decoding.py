import codecs
import time

import pytest

from profiles.importers import CaptureError, decode_capture, parse_capture

from .seeds import SEED_PREFIXES, seed_date, seed_path, seed_text

MAX = 5 * 1024 * 1024


def parsed(raw: bytes, prefix: str):
    text, _ = decode_capture(raw, max_bytes=MAX)
    return parse_capture(text, captured_on=seed_date(prefix))


@pytest.fixture(scope="module")
def clean():
    return {prefix: parsed(seed_path(prefix).read_bytes(), prefix) for prefix in SEED_PREFIXES}


VARIANTS = {
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "utf8_bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf16_bom": lambda text: text.encode("utf-16"),
    "utf16_le_no_bom": lambda text: text.encode("utf-16-le"),
    "utf16_be_no_bom": lambda text: text.encode("utf-16-be"),
    "trailing_spaces": lambda text: text.replace("\n", "  \t\n").encode("utf-8"),
    "crlf_bom_trailing": lambda text: codecs.BOM_UTF8 + text.replace("\n", " \r\n").encode("utf-8"),
    "nfd": lambda text: __import__("unicodedata").normalize("NFD", text).encode("utf-8"),
    # What copy/paste does to whitespace: non-breaking spaces, indentation, zero-width
    # characters at line ends and starts, Unicode line separators.
    "nbsp": lambda text: text.replace(" ", "\u00a0").encode("utf-8"),
    "indented": lambda text: text.replace("\n", "\n\t ").encode("utf-8"),
    "zero_width_at_line_ends": lambda text: text.replace("\n", "\u200b\n\u2060").encode("utf-8"),
    "line_separators": lambda text: text.replace("\n", "\u2028").encode("utf-8"),
}


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_encodings_and_line_ends_parse_like_the_clean_seed(clean, prefix, variant):
    assert parsed(VARIANTS[variant](seed_text(prefix)), prefix) == clean[prefix]


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_cp1252_capture_parses_like_utf8(prefix):
    # Seeds hold characters cp1252 lacks (Greek, U+2010): compare on what it can hold.
    text = seed_text(prefix).encode("cp1252", errors="replace").decode("cp1252")
    expected = parse_capture(text, captured_on=seed_date(prefix))
    decoded, encoding = decode_capture(text.encode("cp1252"), max_bytes=MAX)
    assert encoding in ("cp1252", "utf-8")
    assert parse_capture(decoded, captured_on=seed_date(prefix)) == expected


def test_latin1_names_are_read_back():
    text = seed_text("004").replace("Michael W. Mahoney", "Jürgen Müller")
    decoded, encoding = decode_capture(text.encode("latin-1", errors="replace"), max_bytes=MAX)
    assert encoding in ("cp1252", "latin-1")
    capture = parse_capture(decoded, captured_on=seed_date("004"))
    assert capture.researcher_name == "Jürgen Müller"


def test_reports_the_encoding_it_used():
    text = seed_text("002")
    assert decode_capture(text.encode("utf-8"), max_bytes=MAX)[1] == "utf-8"
    assert decode_capture(codecs.BOM_UTF8 + text.encode("utf-8"), max_bytes=MAX)[1] == "utf-8-sig"
    assert decode_capture(text.encode("utf-16-le"), max_bytes=MAX)[1] == "utf-16-le"


def test_utf8_cut_inside_a_character_is_still_utf8():
    raw = seed_text("004").encode("utf-8")
    cut = raw.index("Bélair".encode()) + 2  # inside the two bytes of "é"
    text, encoding = decode_capture(raw[:cut], max_bytes=MAX)
    assert encoding == "utf-8"
    assert text.endswith("Quenneville-B")


def refusal(raw: bytes, max_bytes: int = MAX) -> CaptureError:
    with pytest.raises(CaptureError) as refused:
        decode_capture(raw, max_bytes=max_bytes)
    assert str(refused.value)
    return refused.value


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n  ", "\n \n".encode("utf-16")])
def test_empty_capture_is_refused(raw):
    assert refusal(raw).reason == "empty"


@pytest.mark.parametrize("raw", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x78\x9c\x01\x02",
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(40)),
    b"\xff\xd8\xff\xe0\x00\x10JFIF",
    bytes(range(256)) * 8,
])
def test_binary_files_are_refused(raw):
    error = refusal(raw)
    assert error.reason == "binary"
    assert "text" in str(error)


def test_saved_html_is_refused_with_advice_to_copy_the_text():
    html = "<!DOCTYPE html><html><head><title>Vahab Mirrokni</title></head><body>" + (
        "<div class='paper'><span>LGJul 7, 2022</span></div>" * 30) + "</body></html>"
    error = refusal(html.encode("utf-8"))
    assert error.reason == "html"
    assert "copy" in str(error).lower() and "text" in str(error).lower()


def test_html_without_doctype_is_refused_too():
    html = "\n<div class=\"x\">" + "<p><a href='/p'>h-index117</a></p>\n" * 30 + "</div>"
    assert refusal(html.encode("utf-8")).reason == "html"


def test_a_title_quoting_a_tag_is_not_html():
    text = seed_text("002").replace("ReLU Strikes Back", "<script>ReLU</script> Strikes Back")
    decoded, _ = decode_capture(text.encode("utf-8"), max_bytes=MAX)
    capture = parse_capture(decoded, captured_on=seed_date("002"))
    assert capture.papers[0].title.startswith("<script>ReLU</script> Strikes Back")


@pytest.mark.parametrize("raw", [
    b"Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor.\n",
    "Grocery list\n- milk\n- eggs\n- bread\n".encode("utf-8"),
    b"{\"json\": true, \"values\": [1, 2, 3]}",
])
def test_text_in_no_known_layout_is_refused_naming_the_layouts(raw):
    error = refusal(raw)
    assert error.reason == "unknown_layout"
    for name in ("PhdFit", "alphaXiv", "Daily Papers", "arXiv"):
        assert name in str(error)


def test_over_size_capture_is_refused_at_once_with_size_and_limit():
    raw = b"a" * (50 * 1024 * 1024)
    started = time.perf_counter()
    error = refusal(raw, max_bytes=2 * 1024 * 1024)
    assert time.perf_counter() - started < 0.5
    assert error.reason == "too_large"
    assert "50.0 MB" in str(error) and "2.0 MB" in str(error)


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_parse_capture_reads_raw_crlf_text_with_trailing_spaces_too(clean, prefix):
    text = seed_text(prefix).replace("\n", " \r\n")
    assert parse_capture(text, captured_on=seed_date(prefix)) == clean[prefix]


def test_saved_page_with_a_leading_comment_is_html():
    page = ("<!-- saved from url=(0040)https://example.org/author -->\n<html lang='en'>\n<head><meta charset='utf-8'>"
            "</head>\n<body><pre>" + seed_text("002") + "</pre></body></html>")
    assert refusal(page.encode("utf-8")).reason == "html"


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_a_page_pasted_twice_in_one_file_parses_like_the_page(clean, prefix):
    # The second copy's header (name, metrics, the list's own header) is not the abstract
    # of the first copy's last entry, nor a paper of its own.
    text = seed_text(prefix)
    twice = parsed((text + "\n" + text).encode("utf-8"), prefix)
    once = clean[prefix]
    assert [(p.title, p.date, p.abstract, p.authors, p.venues, p.author_count) for p in twice.papers] == [
        (p.title, p.date, p.abstract, p.authors, p.venues, p.author_count) for p in once.papers
    ]
    assert (twice.researcher_name, twice.metrics, twice.topics) == (once.researcher_name, once.metrics, once.topics)
