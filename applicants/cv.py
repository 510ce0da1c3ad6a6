"""CV text extraction: an uploaded PDF, DOCX or plain-text file in, its text out, or a CvError
saying what is wrong with the file and what to do instead. Pure: bytes in, no ORM, no disk."""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.conf import settings

MAX_TEXT_CHARS = 100_000
MAX_PDF_PAGES = 60
# A DOCX is a zip: refuse archives that expand far beyond any real CV (zip bombs).
MAX_DOCX_EXPANDED = 30 * 1024 * 1024
MAX_DOCX_RATIO = 200
MAX_DOCX_MEMBERS = 2000
MIN_TEXT_CHARS = 20


class CvError(Exception):
    """A CV the app refuses, with a sentence the user can act on."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def cv_max_bytes() -> int:
    return settings.CV_MAX_BYTES


def cv_too_large_message(name: str, size: int | None) -> str:
    """Why a CV over the size limit is refused; ``size`` None when the upload was cut off."""
    limit = cv_max_bytes()
    how_big = f"is {size / 1048576:.1f} MB" if size is not None else "is too large"
    return (f"“{name}” {how_big}; CVs can be at most {limit / 1048576:.0f} MB. Export a smaller PDF "
            "(without images) and try again.")


def _kind_of(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def cv_extract(*, data: bytes, filename: str) -> str:
    """The text of a CV file. Raises CvError for a file that is too large, of a type we do not
    read, pretending to be another type, encrypted, image-only, or a zip bomb."""
    name = PurePath(filename or "cv").name
    ext = PurePath(name.lower()).suffix
    limit = cv_max_bytes()
    if len(data) > limit:
        raise CvError("too_large", cv_too_large_message(name, len(data)))
    if not data.strip():
        raise CvError("empty", f"“{name}” is empty. Choose the file that holds your CV.")
    if ext not in (".pdf", ".docx", ".txt", ".text", ".md", ""):
        raise CvError("type", f"“{name}” is not a PDF, DOCX or plain-text file. Save your CV in one "
                      "of those formats and upload it again.")
    kind = _kind_of(data)
    if ext == ".pdf" and kind != "pdf":
        raise CvError("fake_pdf", f"“{name}” is named .pdf but is not a PDF file (it does not start "
                      "like one). Export the CV as PDF from your editor and upload that file.")
    if ext == ".docx" and kind != "zip":
        raise CvError("fake_docx", f"“{name}” is named .docx but is not a Word document. Save it as "
                      "DOCX from your editor, or upload a PDF instead.")
    if kind == "pdf":
        text = _pdf_text(data, name)
    elif kind == "zip":
        text = _docx_text(data, name)
    elif kind == "binary":
        raise CvError("type", f"“{name}” is a binary file we cannot read as text. Upload a PDF, "
                      "DOCX or plain-text file.")
    else:
        text = _plain_text(data, name)
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if len(text) < MIN_TEXT_CHARS:
        raise CvError("no_text", f"No readable text was found in “{name}”. If it is a scan, export "
                      "a text PDF from your editor, or paste your CV as plain text.")
    return text[:MAX_TEXT_CHARS]


def _plain_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CvError("encoding", f"“{name}” is not UTF-8 text. Save it as UTF-8 (or as PDF) "
                      "and upload it again.") from None


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise CvError("encrypted", f"“{name}” is password-protected. Save an unprotected copy "
                          "(print to PDF) and upload that.")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise CvError("too_many_pages", f"“{name}” has {len(pages)} pages; a CV of at most "
                          f"{MAX_PDF_PAGES} pages is read. Upload a shorter version.")
        return "\n".join((page.extract_text() or "") for page in pages)
    except CvError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError, OSError) as exc:
        raise CvError("unreadable", f"“{name}” could not be read as a PDF ({type(exc).__name__}). "
                      "Export it again from your editor, or upload DOCX or plain text.") from None


def _docx_text(data: bytes, name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CvError("unreadable", f"“{name}” is a damaged Word document. Save it again from "
                      "your editor, or upload a PDF.") from None
    if "word/document.xml" not in {m.filename for m in members}:
        raise CvError("type", f"“{name}” is a zip archive but not a Word (DOCX) document. Upload "
                      "the CV itself as PDF, DOCX or plain text.")
    bomb = CvError("zip_bomb", f"“{name}” expands to far more data than any CV (a “zip bomb”), "
                   "so it was not opened. Save the CV again from your editor and upload that.")
    declared = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if len(members) > MAX_DOCX_MEMBERS or declared > MAX_DOCX_EXPANDED or declared / packed > MAX_DOCX_RATIO:
        raise bomb
    # Sizes in a zip's headers can lie: count what actually comes out, and stop at the limit.
    expanded = 0
    try:
        for member in members:
            with archive.open(member) as fh:
                while chunk := fh.read(1 << 16):
                    expanded += len(chunk)
                    if expanded > MAX_DOCX_EXPANDED:
                        raise bomb
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise CvError("unreadable", f"“{name}” is a damaged or encrypted Word document. Save it "
                      "again without a password, or upload a PDF.") from None
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise CvError("unreadable", f"“{name}” could not be read as a Word document "
                      f"({type(exc).__name__}). Save it again, or upload a PDF.") from None
    except Exception as exc:  # lxml's XMLSyntaxError and friends: a broken document, not a bug here
        if type(exc).__module__.startswith(("lxml", "docx")):
            raise CvError("unreadable", f"“{name}” could not be read as a Word document. Save it "
                          "again, or upload a PDF.") from None
        raise
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)
