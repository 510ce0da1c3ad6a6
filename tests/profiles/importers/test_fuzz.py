"""Mangled captures never crash the importers: they parse, or are refused with CaptureError."""
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles.importers import (
    CaptureError,
    ParsedCapture,
    alphaxiv,
    arxiv_listing,
    decode_capture,
    detect_layout,
    hf_papers,
    parse_capture,
    phdfit,
)

from .seeds import SEED_PREFIXES, seed_date, seed_text

SEEDS = {prefix: seed_text(prefix) for prefix in SEED_PREFIXES}
LAYOUT_PARSERS = (phdfit.parse, alphaxiv.parse, hf_papers.parse, arxiv_listing.parse)
# CAPTURE_FUZZ_EXAMPLES=5000 for a deeper hunt; the default keeps the suite quick.
FUZZ = settings(
    max_examples=int(os.environ.get("CAPTURE_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ODD_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80
) | st.sampled_from([
    "·", "•", "  • 3 authors", "-", "Authors:", "Abstract:", "▽ More", "△ Less", "Submitted 4 May, 2025;",
    "Submitted ;", "v1 submitted", "LGFeb 30Code", "99.9CLMar 1", "h-index", "Novelty%", "Selected publications",
    "Frequent coauthors", "- 3 shared", "Awards & honors", "- 2020", "Education", "Verified", "· Verified",
    "Active 2020–", "preprintOpen access", "Feb 29", "Jan 32, 2025", "9999-99-99", "0000-00-00", "<html>",
    "\x00", "\ufeff", "\u2010", "et al. ·", " · ", ",,,,", "Daily Papers", "Apr 20 99999999",
])


def check(text: str, captured_on: date) -> None:
    """Each layout parser returns a capture; parse_capture returns one or refuses cleanly."""
    for parse in LAYOUT_PARSERS:
        assert isinstance(parse(text, captured_on=captured_on), ParsedCapture)
    for layout in ("auto", "phdfit", "alphaxiv", "hf_papers", "arxiv_listing"):
        try:
            parse_capture(text, captured_on=captured_on, layout=layout)
        except CaptureError as error:
            # "unreadable" is the safety net for parser bugs: it must never be needed.
            assert error.reason in ("unknown_layout", "no_entries"), error.reason


@st.composite
def mangled_capture(draw):
    prefix = draw(st.sampled_from(SEED_PREFIXES))
    lines = SEEDS[prefix].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        operation = draw(st.sampled_from(["slice", "delete", "duplicate", "shuffle", "insert", "join", "cut"]))
        start = draw(st.integers(0, len(lines) - 1))
        stop = draw(st.integers(start, min(len(lines), start + 40)))
        if operation == "slice":
            lines = lines[start:stop] or lines[:1]
        elif operation == "delete":
            del lines[start:stop]
        elif operation == "duplicate":
            lines[start:start] = lines[start:stop]
        elif operation == "shuffle":
            window = lines[start:stop]
            lines[start:stop] = draw(st.permutations(window)) if len(window) < 12 else window[::-1]
        elif operation == "insert":
            lines[start:start] = draw(st.lists(ODD_TEXT, min_size=1, max_size=5))
        elif operation == "join":
            other = SEEDS[draw(st.sampled_from(SEED_PREFIXES))].split("\n")
            lines = lines[:stop] + other[start:]
        else:
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].split("\n")
    return "\n".join(lines), seed_date(prefix)


@FUZZ
@given(mangled_capture())
def test_mangled_captures_parse_or_are_refused(capture):
    text, captured_on = capture
    check(text, captured_on)


@FUZZ
@given(prefix=st.sampled_from(SEED_PREFIXES), data=st.data())
def test_random_unicode_inside_lines(prefix, data):
    text = SEEDS[prefix]
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(ODD_TEXT) + text[at:]
    check(text, seed_date(prefix))


@FUZZ
@given(st.text(max_size=2000), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
def test_arbitrary_text(text, captured_on):
    check(text, captured_on)


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_decode_or_are_refused(raw):
    try:
        text, encoding = decode_capture(raw, max_bytes=3000)
    except CaptureError as error:
        assert error.reason in ("too_large", "empty", "binary", "html", "unknown_layout")
    else:
        assert detect_layout(text)
        assert encoding


@FUZZ
@given(prefix=st.sampled_from(SEED_PREFIXES), data=st.data())
def test_seed_bytes_with_noise_decode_or_are_refused(prefix, data):
    raw = bytearray(SEEDS[prefix].encode(data.draw(st.sampled_from(["utf-8", "utf-16", "utf-16-be"]))))
    for _ in range(data.draw(st.integers(0, 8))):
        raw.insert(data.draw(st.integers(0, len(raw))), data.draw(st.integers(0, 255)))
    raw = raw[: data.draw(st.integers(0, len(raw)))]
    try:
        text, _ = decode_capture(bytes(raw), max_bytes=10 * 1024 * 1024)
    except CaptureError:
        return
    check(text, seed_date(prefix))


# What clipboards do to a page's whitespace, line by line: none of it changes what the page says.
LINE_MANGLES = {
    "nbsp": lambda line: line.replace(" ", "\u00a0"),
    "thin_spaces": lambda line: line.replace(" ", "\u2009"),
    "indent": lambda line: "\t " + line,
    "trailing": lambda line: line + " \t",
    "zero_width_end": lambda line: line + "\u200b",
    "zero_width_start": lambda line: "\u2060" + line,
    "bom_start": lambda line: "\ufeff" + line,
}
# Mixed within a text too, but never a lone CR before an LF: that pair is one CRLF line end.
LINE_BREAKS = [["\n"], ["\r\n"], ["\r"], ["\u2028"], ["\u2029"], ["\n", "\r\n", "\u2028"], ["\r", "\u2029"]]


@pytest.fixture(scope="module")
def clean_parses():
    return {prefix: parse_capture(SEEDS[prefix], captured_on=seed_date(prefix)) for prefix in SEED_PREFIXES}


@settings(FUZZ, max_examples=max(1, FUZZ.max_examples // 3))  # each example parses a whole seed
@given(prefix=st.sampled_from(SEED_PREFIXES), data=st.data())
def test_whitespace_mangled_captures_parse_like_the_clean_page(clean_parses, prefix, data):
    lines = SEEDS[prefix].split("\n")
    mangles = data.draw(st.lists(st.sampled_from(sorted(LINE_MANGLES)), min_size=1, max_size=3))
    share = data.draw(st.floats(0.05, 1.0))
    random = data.draw(st.randoms(use_true_random=False))
    mangled = [
        LINE_MANGLES[random.choice(mangles)](line) if random.random() < share else line for line in lines
    ]
    breaks = data.draw(st.sampled_from(LINE_BREAKS))
    text = "".join(line + random.choice(breaks) for line in mangled)
    raw = text.encode(data.draw(st.sampled_from(["utf-8", "utf-16"])))
    decoded, _ = decode_capture(raw, max_bytes=10 * 1024 * 1024)
    assert parse_capture(decoded, captured_on=seed_date(prefix)) == clean_parses[prefix]


PATHOLOGICAL = {
    "long_line": "a" * 300_000,
    "middle_dots": "·" * 100_000,
    "dashes": "- " * 100_000,
    "commas": ", " * 100_000 + "et al.",
    "categories": "LG" * 50_000 + "Jul 7, 2022",
    "authors": "Authors:\n" + "x,\n" * 20_000,
    "publications": "\n".join(["Selected publications"] + ["Title", "Venue · 2020-01-01"] * 5_000),
    "abstract": "Abstract:\n" + "word " * 200_000 + "▽ More",
    "digits": "9" * 200_000 + " shared",
    "verified": "Verified" * 50_000,
    "spaces_in_title_line": "Ada\n· Professor" + " " * 200_000 + "x\nSelected publications\n",
    "many_topics": "Ada\n· P\nResearch topics\n" + "".join(f"- topic {n}\n" for n in range(20_000)),
    "same_title_many_venues": "Ada\n· P\nSelected publications\n"
    + "".join(f"Same title\nVenue {n} · 2020-01-01\narticleText.\n" for n in range(10_000)),
    "one_family_many_people": "\n".join(
        f"-\nPaper {k}\nAuthors:\n" + ",\n".join(f"Given{n} Zhang" for n in range(3_000))
        + "\nAbstract:\nText.\nSubmitted 4 May, 2025;" for k in range(2)
    ),
    "collaboration": "-\nBig paper\nAuthors:\n" + ",\n".join(f"Person{n} Family{n}" for n in range(20_000))
    + "\nAbstract:\nText.\nSubmitted 4 May, 2025;",
    # Canonical reordering of one long run of combining marks is quadratic: runs are capped.
    "zalgo": "Selected publications\nA" + "\u0301\u0316" * 100_000 + "\n2020\n" + "- 2 shared\nB" + "\u0316\u0301" * 50_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_inputs_finish(name):
    check(PATHOLOGICAL[name], date(2026, 1, 1))
    try:
        decode_capture(PATHOLOGICAL[name].encode("utf-8"), max_bytes=10 * 1024 * 1024)
    except CaptureError:
        pass
