"""Render one grounded draft from the command line (nothing is sent; --save keeps it)."""
from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from outreach.exceptions import OutreachError
from outreach.sandbox import TemplateProblem
from outreach.selectors import entry_for_researcher
from outreach.services import TemplateSource, default_template, draft_render
from profiles.importers import name_key
from profiles.selectors import researchers_visible


class Command(BaseCommand):
    help = (
        "Render a draft email from USERNAME to a researcher. --template FILE uses FILE's text as "
        "the body template (a first line 'Subject: …' sets the subject template)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username of the applicant")
        parser.add_argument("--researcher", required=True, help="the researcher's full name")
        parser.add_argument("--template", help="a file whose text is the template source")
        parser.add_argument("--json", action="store_true", help="print JSON: subject, body, papers, flags")

    def handle(self, *args, **opts):

        user = get_user_model().objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"No user named “{opts['user']}”.")
        name = opts["researcher"].strip()
        matches = list(researchers_visible().filter(name__iexact=name)[:2])
        if not matches:

            matches = list(researchers_visible().filter(name_key=name_key(name))[:2])
        if not matches:
            raise CommandError(f"No researcher named “{name}” in the catalogue.")
        if len(matches) > 1:
            raise CommandError(f"More than one researcher is named “{name}”; merge or rename them first.")
        researcher = matches[0]
        template = default_template("first_contact")
        body_offset = 0
        if opts["template"]:
            path = Path(opts["template"])
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read the template file {path}: {exc}") from None
            subject = template.subject
            body_offset = 0
            first, _, rest = text.partition("\n")
            if first.lower().startswith("subject:"):
                subject, text, body_offset = first[len("subject:"):].strip(), rest, 1
            template = TemplateSource(key="file", name=path.name, subject=subject, body=text)

        entry = entry_for_researcher(user=user, researcher=researcher)
        try:
            rendered = draft_render(user=user, researcher=researcher, template=template, entry=entry)
        except TemplateProblem as exc:
            if opts["template"] and exc.line:
                # Name the line of the file, not of the part taken from it.
                line = 1 if exc.part == "subject" and body_offset else exc.line + (body_offset if exc.part == "body" else 0)
                raise CommandError(f"{opts['template']}, line {line}: {exc.message}") from None
            raise CommandError(exc.display()) from None
        except OutreachError as exc:
            raise CommandError(exc.message) from None
        flags = [f.message for f in rendered.flags if f.severity != "info" or f.kind == "contact_instructions"]
        if opts["json"]:
            self.stdout.write(json.dumps({
                "subject": rendered.subject,
                "body": rendered.body,
                "papers": [{"title": p.title, "date": p.date.isoformat() if p.date else None} for p in rendered.papers],
                "flags": flags,
                # False while anything must be fixed first (a placeholder, an invented citation …).
                "ready": not any(f.severity == "error" for f in rendered.flags),
            }, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Subject: {rendered.subject}\n\n{rendered.body}")
        self.stdout.write("Papers:")
        for p in rendered.papers:
            self.stdout.write(f"  - {p.title} ({p.date or 'undated'}): {p.reason}")
        if flags:
            self.stdout.write("Flags:")
            for f in flags:
                self.stdout.write(f"  ! {f}")
