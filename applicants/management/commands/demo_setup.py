"""`manage.py demo_setup`: import the seed captures and make a demo account with a starting
applicant profile (idempotent: a second run keeps the profile as the user left it)."""
from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from applicants.models import ApplicantProfile


class Command(BaseCommand):
    help = "Import seeds/ and create (or reset) the demo account, printing its password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--seeds", default=str(Path(settings.BASE_DIR) / "seeds"))

    def handle(self, *args, **options):
        try:
            call_command("import_profiles", options["seeds"], stdout=self.stdout, stderr=self.stdout)
        except CommandError as error:
            # The Daily Papers seed names no researcher: it waits for a curator, by design.
            self.stdout.write(f"Seeds imported; note: {error}")
        User = get_user_model()
        password = secrets.token_urlsafe(9)
        user, created = User.objects.get_or_create(username=options["username"])
        user.set_password(password)
        user.is_staff = user.is_superuser = True  # the demo user is also the curator
        user.save()
        if not ApplicantProfile.objects.filter(user=user).exists():
            # A profile to match and draft with at once; later runs keep what the user changed.
            call_command(
                "applicant_profile", "--user", user.username, "--full-name", "Demo Applicant",
                "--program", "PhD in Computer Science, Fall 2027",
                "--interests", "randomized numerical linear algebra, optimization for machine learning",
                "--methods", "Python, NumPy, PyTorch", stdout=self.stdout,
            )
        self.stdout.write(self.style.SUCCESS(
            f"Demo account: username {user.username!r}, password {password!r} "
            "(also a curator: /admin/). A new password is printed each run."
        ))
