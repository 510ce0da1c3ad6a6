"""A draft as the applicant's own mail client receives it: an .eml message (To, From, Subject,
the CV attached when the text says it is) and a mailto: link. Nothing is ever sent from here."""
from __future__ import annotations

import mimetypes
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import quote

from .exceptions import OutreachError
from .grounding import cv_claim

_ADDRESS = re.compile(r"(?<![\w.+-])([\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?![\w-])")


def contact_address(researcher) -> str:
    """The address a curator recorded for writing to this researcher: their curated contact
    e-mail; failing that, one written in their contact instructions or as the instructions'
    source (e.g. "mailto:…", from before the field existed); "" when none is known."""
    if researcher.contact_email:
        return researcher.contact_email
    for text in (researcher.contact_instructions or "", researcher.contact_instructions_source or ""):
        m = _ADDRESS.search(text.removeprefix("mailto:"))
        if m:
            return m.group(1).rstrip(".")
    return ""


def _valid(address: str) -> bool:
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError):
        return False
    return bool(address)


def mailto_link(*, to: str, subject: str, body: str) -> str:
    """A mailto: link with the recipient (when known), subject and body filled in."""
    recipient = quote(to, safe="@") if to and _valid(to) else ""
    return f"mailto:{recipient}?subject={quote(subject)}&body={quote(body)}"


def draft_message(*, subject: str, body: str, to: str, sender_name: str, sender_address: str, cv=None,
                  cv_filename: str = "") -> EmailMessage:
    """The .eml for one version of a draft. ``cv`` (a FileField value) is attached when the body
    says a CV is attached. Raises OutreachError when the subject is not a valid header or the
    CV cannot be read."""
    msg = EmailMessage()
    try:
        msg["Subject"] = subject  # the email library refuses a header with a line break
    except ValueError:
        raise OutreachError("This draft's subject is not a valid email header; edit it to one line.") from None
    if to and _valid(to):
        msg["To"] = to
    if sender_address and _valid(sender_address):
        msg["From"] = formataddr((sender_name, sender_address)) if sender_name else sender_address
    msg["X-Unsent"] = "1"  # mail clients open it as a draft to send
    msg.set_content(body)
    if cv and cv_claim(body):
        name = cv_filename or cv.name.rsplit("/", 1)[-1]
        try:
            with cv.open("rb") as handle:
                data = handle.read()
        except OSError:
            raise OutreachError(
                "Your CV file could not be read, so it cannot be attached; upload it again on your profile."
            ) from None
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg
