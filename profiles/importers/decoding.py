"""Turn the bytes a user uploaded into capture text, or refuse them with a reason.

Captures come from browsers and clipboards: UTF-8 with or without a BOM, UTF-16 (Windows
Notepad, sometimes without a BOM), Latin-1/cp1252, CRLF line ends, trailing spaces. Saved
HTML, PDFs, images and archives are refused with a message saying what to do instead.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

from .base import CaptureError
from .detection import detect_layout

_BINARY_SIGNATURES = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"\x1f\x8b",  # gzip
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # old Office documents
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"\x00\x00\x01\x00",  # icon
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in copied page text (tab, LF, CR and FF excluded).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")
_SAMPLE = 16_384  # binaries and HTML give themselves away in their first few KB
_HTML_ROOT = re.compile(r"<html[\s>]")
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|span|meta|link|script|style|p|a|li|ul|table|tr|td)\b[^<>]{0,300}>",
    re.IGNORECASE,
)
_HTML_STRUCTURE = re.compile(r"<(?:head|body|div|meta)[\s>/]", re.IGNORECASE)


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit in every other byte, as UTF-16 text has."""
    sample = raw[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _decode_utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        # A file cut inside its last multi-byte character is still UTF-8.
        if error.start >= len(raw) - 3 and error.reason == "unexpected end of data":
            return raw[: error.start].decode("utf-8", errors="replace")
        return None


def _decode(raw: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            if encoding == "utf-8":
                text = _decode_utf8(body)
                if text is not None:
                    return text, "utf-8-sig"
                return body.decode("utf-8", errors="replace"), "utf-8-sig"
            return body.decode(encoding, errors="replace"), encoding
    guessed = _utf16_without_bom(raw)
    if guessed:
        return raw.decode(guessed, errors="replace"), guessed
    text = _decode_utf8(raw)
    if text is not None:
        return text, "utf-8"
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


# No script stacks more combining marks than this on one letter; "Zalgo" text does, and
# putting a long run in canonical order takes time quadratic in its length.
_MAX_COMBINING_RUN = 16


@cache
def _long_combining_runs() -> re.Pattern:
    marks = [code for code in range(0x300, 0x20000) if unicodedata.combining(chr(code))]
    ranges: list[list[int]] = []
    for code in marks:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    mark = "[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges) + "]"
    return re.compile(f"({mark}{{{_MAX_COMBINING_RUN}}}){mark}+")


def nfc(text: str) -> str:
    """Unicode NFC, in time linear in the text (overlong runs of combining marks are cut)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", _long_combining_runs().sub(r"\1", text))


# What clipboards do to a page's whitespace: non-breaking and other Unicode spaces and tabs
# where the page had spaces, invisible zero-width characters (and soft hyphens) inside words
# and at line ends, Unicode line and paragraph separators where it had line breaks.
_ODD_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLES = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_ODD_BREAKS = "\r\u2028\u2029\u0085\x0b\x0c"
_ODD_SPACE = re.compile(f"[{_ODD_SPACES}]")
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")
_ODD_BREAK = re.compile(f"\r\n?|[{_ODD_BREAKS}]")


def _plain_whitespace(text: str) -> str:
    """LF line ends, plain spaces, no invisible characters, each line stripped."""
    # Substring tests run at memory speed; the substitutions only when they have work to do.
    if any(character in text for character in _ODD_BREAKS):
        text = _ODD_BREAK.sub("\n", text)
    if any(character in text for character in _ODD_SPACES):
        text = _ODD_SPACE.sub(" ", text)
    if any(character in text for character in _INVISIBLES):
        text = _INVISIBLE.sub("", text)
    if " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " ":
        text = "\n".join([line.strip() for line in text.split("\n")])
    return text


def normalize_text(text: str) -> str:
    """LF line ends, plain spaces, lines stripped, NFC: the one form every parser reads."""
    return nfc(_plain_whitespace(text))


def prepare_text(text: str) -> str:
    """``normalize_text``, for text that may not have come through ``decode_capture``."""
    return nfc(_plain_whitespace(text))


def _empty_error() -> CaptureError:
    return CaptureError("empty", "This capture is empty. Paste the text of the page and try again.")


def _binary_error() -> CaptureError:
    return CaptureError(
        "binary",
        "This file is not text (it looks like a PDF, an image or an archive). Open the page in "
        "your browser, select all its text, and paste it or save it as a .txt file.",
    )


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    return controls > max(4, len(sample) // 100)


def _looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    if "<!doctype html" in head or (_HTML_ROOT.search(head) and _HTML_STRUCTURE.search(head)):
        return True
    sample = text[:_SAMPLE]
    if not _HTML_STRUCTURE.search(sample):
        return False
    # Captures may quote a tag or two as text (a title with "<script>"); pages are made of them.
    return len(_HTML_TAG.findall(sample)) >= 20


def decode_capture(raw: bytes, *, max_bytes: int) -> tuple[str, str]:
    """The text of an uploaded capture and the encoding it was read in.

    Refuses (CaptureError) files over ``max_bytes`` (``too_large``), empty ones (``empty``),
    binaries (``binary``), saved HTML (``html``) and text in no known layout
    (``unknown_layout``).
    """
    size = len(raw)
    if size > max_bytes:
        raise CaptureError(
            "too_large",
            f"This capture is {_human_size(size)}; the limit is {_human_size(max_bytes)}. "
            "Capture a shorter page (fewer papers) or split it into several captures.",
        )
    raw = bytes(raw)
    if not raw.strip():
        raise _empty_error()
    if raw.startswith(_BINARY_SIGNATURES):
        raise _binary_error()
    text, encoding = _decode(raw)
    if _looks_binary(text):
        raise _binary_error()
    text = normalize_text(text)
    if not text.strip():
        raise _empty_error()
    if _looks_like_html(text):
        raise CaptureError(
            "html",
            "This is the page's HTML source, not its text. Open the page in your browser, "
            "select all (Ctrl+A), copy, and paste the text instead of saving the HTML.",
        )
    detect_layout(text)
    return text, encoding
