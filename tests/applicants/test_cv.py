"""CV extraction: PDF, DOCX and text in; every file we refuse, refused with a message."""
import io
import zipfile

import docx
import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from applicants.cv import CvError, cv_extract

CV_LINE = "Research interests: bilevel optimization and language model calibration"


def pdf_with_text(text: str = CV_LINE, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_only_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_zip_bomb() -> bytes:
    """A real DOCX with one extra member of 40 MB of zeros, which deflates to ~40 KB."""
    out = io.BytesIO(docx_bytes(CV_LINE))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * (40 * 1024 * 1024))
    return out.getvalue()


def test_pdf_text_is_extracted():
    assert "bilevel optimization" in cv_extract(data=pdf_with_text(), filename="cv.pdf")


def test_docx_paragraphs_are_extracted():
    text = cv_extract(data=docx_bytes("Jane Doe", CV_LINE), filename="Jane CV.docx")
    assert "Jane Doe" in text and "language model calibration" in text


def test_plain_text_is_read_as_utf8():
    text = cv_extract(data=f"Zoë Müller\n{CV_LINE}\n".encode(), filename="cv.txt")
    assert text.startswith("Zoë Müller")


def test_encrypted_pdf_is_refused():
    with pytest.raises(CvError) as exc:
        cv_extract(data=pdf_with_text(password="secret"), filename="cv.pdf")
    assert exc.value.reason == "encrypted" and "password" in exc.value.message


def test_image_only_pdf_is_refused_as_having_no_text():
    with pytest.raises(CvError) as exc:
        cv_extract(data=image_only_pdf(), filename="scan.pdf")
    assert exc.value.reason == "no_text" and "scan.pdf" in exc.value.message


def test_file_named_pdf_that_is_not_a_pdf_is_refused():
    with pytest.raises(CvError) as exc:
        cv_extract(data=b"MZ\x90\x00 this is an executable really", filename="cv.pdf")
    assert exc.value.reason == "fake_pdf" and "not a PDF" in exc.value.message


def test_damaged_pdf_is_refused_not_crashed():
    with pytest.raises(CvError) as exc:
        cv_extract(data=b"%PDF-1.7\n" + b"garbage " * 50, filename="cv.pdf")
    assert exc.value.reason in {"unreadable", "no_text"}


def test_docx_zip_bomb_is_refused():
    with pytest.raises(CvError) as exc:
        cv_extract(data=docx_zip_bomb(), filename="cv.docx")
    assert exc.value.reason == "zip_bomb"


def test_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", CV_LINE)
    with pytest.raises(CvError) as exc:
        cv_extract(data=out.getvalue(), filename="cv.docx")
    assert exc.value.reason == "type"


def test_file_over_the_size_limit_is_refused(settings):
    settings.CV_MAX_BYTES = 1000
    with pytest.raises(CvError) as exc:
        cv_extract(data=b"a" * 1001, filename="cv.txt")
    assert exc.value.reason == "too_large" and "at most" in exc.value.message


def test_other_file_types_are_refused():
    with pytest.raises(CvError) as exc:
        cv_extract(data=b"\x89PNG\r\n\x1a\n....", filename="photo.png")
    assert exc.value.reason == "type"
