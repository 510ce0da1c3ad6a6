"""`manage.py demo_setup`: import the seed captures and make a demo account with a starting
applicant profile (idempotent: a second run keeps the profile as the user left it). The
account's password stays the same from run to run: DEMO_PASSWORD, else var/demo-password
(made once)."""
from __future__ import annotations

import io
import os
import secrets
import socket
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from applicants.models import ApplicantProfile
from profiles.models import Capture, CaptureOutcome

# How a layout is named to a person reading the summary.
LAYOUT_NAMES = {"hf_papers": "Daily Papers list", "arxiv_listing": "arXiv listing",
                "alphaxiv": "alphaXiv page", "phdfit": "PhdFit profile"}
PASSWORD_FILE = Path(settings.VAR_DIR) / "demo-password"


def demo_password() -> str:
    """DEMO_PASSWORD, else the one kept in var/demo-password (created on first use, owner-only)."""
    if settings.DEMO_PASSWORD:
        return settings.DEMO_PASSWORD
    if PASSWORD_FILE.is_file():
        kept = PASSWORD_FILE.read_text(encoding="utf-8").strip()
        if kept:
            return kept
    PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(9)
    descriptor = os.open(PASSWORD_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def _wait_for_server(address: str, *, timeout: float = 30) -> None:
    """Wait until something listens at ``address`` ("127.0.0.1:8000", "0.0.0.0:80", "8000")."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Command(BaseCommand):
    help = "Import seeds/ and create (or reset) the demo account, printing its username and password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--seeds", default=str(Path(settings.BASE_DIR) / "seeds"))
        parser.add_argument("--wait-for", metavar="HOST:PORT",
                            help="print the account only once a server answers there (make run)")

    def handle(self, *args, **options):
        report = io.StringIO()
        try:
            call_command("import_profiles", options["seeds"], stdout=report, stderr=report)
        except CommandError:
            pass  # the per-outcome summary below says what became of each seed
        if options["verbosity"] > 1:
            self.stdout.write(report.getvalue())
        self.stdout.write(self._seed_summary(report.getvalue(), seeds_dir=Path(options["seeds"])))
        User = get_user_model()
        password = demo_password()
        user, _ = User.objects.get_or_create(username=options["username"])
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
        if options["wait_for"]:
            _wait_for_server(options["wait_for"])
        where = "DEMO_PASSWORD" if settings.DEMO_PASSWORD else os.path.relpath(PASSWORD_FILE, settings.BASE_DIR)
        self.stdout.write("\n".join([
            "",
            "=" * 60,
            self.style.SUCCESS("  Demo account (also a curator: /admin/)"),
            f"    username: {user.username}",
            f"    password: {password}",
            f"  The password stays the same each run (kept in {where}).",
            "=" * 60,
        ]))

    def _seed_summary(self, report: str, *, seeds_dir: Path) -> str:
        """One line: what was imported, what waits for a curator (not an error), what failed."""
        seeds = Capture.objects.filter(filename__in=[p.name for p in seeds_dir.glob("*.txt")])
        imported = seeds.filter(outcome=CaptureOutcome.IMPORTED)
        waiting = seeds.filter(outcome__in=[CaptureOutcome.AWAITING_ASSIGNMENT, CaptureOutcome.AMBIGUOUS])
        researchers = imported.values("researcher").distinct().count()
        parts = [f"Seeds imported: {_plural(imported.count(), 'capture')} ({_plural(researchers, 'researcher')})"]
        for layout in sorted(set(waiting.values_list("layout", flat=True))):
            count = waiting.filter(layout=layout).count()
            name = LAYOUT_NAMES.get(layout, f"{layout} capture")
            parts.append(f"{_plural(count, name)} {'awaits' if count == 1 else 'await'} assignment in the admin "
                         "(Captures → Assign), as expected: it names no single researcher")
        refused = [line for line in report.splitlines() if "NOT IMPORTED" in line and "awaiting_assignment" not in line
                   and "(ambiguous)" not in line]
        summary = "; ".join(parts) + "."
        if refused:
            summary += "\n" + self.style.ERROR("Not imported:\n  " + "\n  ".join(refused))
        return summary
