"""Rank the catalogue for ad-hoc interests and/or a CV file, without any account.

    python manage.py match "bilevel optimization for data mixing" --resume cv.pdf --top 10 --json
"""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from applicants.cv import CvError, cv_extract, cv_max_bytes, cv_too_large_message
from matching.catalogue import match_index_current
from matching.ranking import ApplicantQuery
from profiles.dates import paper_date_text


class Command(BaseCommand):
    help = "Rank the researchers in the catalogue against free-text interests and/or a CV."

    def add_arguments(self, parser):
        parser.add_argument("interests", nargs="?", default="", help="Your research interests, in your own words.")
        parser.add_argument("--resume", metavar="FILE", help="A CV (PDF, DOCX or plain text) to rank against too.")
        parser.add_argument("--methods", default="", help="Methods and tools you know (for the method axis).")
        parser.add_argument("--top", type=int, default=10, help="How many researchers to show (default 10).")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args, interests: str, resume: str | None, methods: str, top: int, json: bool, **options):
        if top < 1:
            raise CommandError("--top must be at least 1.")
        text = interests
        if resume:
            text = f"{interests}\n{self._read_resume(Path(resume))}"
        query = ApplicantQuery(interests=text, methods=methods, focus=interests)
        if query.empty:
            raise CommandError('Give some interests ("bilevel optimization …") and/or --resume FILE.')
        ranking = match_index_current().rank(query)
        matches = ranking.top(top)
        not_covered = ranking.not_covered()
        if json:
            self.stdout.write(_json_dumps({"results": [_as_json(m) for m in matches],
                                           "not_covered": not_covered}))
            return
        for phrase in not_covered:
            self.stdout.write(f"Nothing here on {phrase}: no paper in the catalogue covers it.")
        if not matches:
            self.stdout.write("No researcher in the catalogue is close to these interests.")
            return
        for n, m in enumerate(matches, 1):
            axes = "  ".join(f"{k} {v:.2f}" for k, v in m.axes.items())
            self.stdout.write(f"{n:>3}. {m.name} ({m.affiliation or 'no affiliation'})  {m.fit} fit ({m.fit_meaning})"
                              f"  score {m.score:.3f}  [{axes}]")
            if m.no_paper:
                self.stdout.write("     no paper behind this score: only the profile's topics/about match")
            for r in m.reasons:
                self.stdout.write(f"     - {r.title} ({paper_date_text(r.date, r.date_precision)}): {r.snippet[:140]}")
            if m.terms:
                self.stdout.write(f"     shared terms: {', '.join(m.terms)}")

    def _read_resume(self, path: Path) -> str:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise CommandError(f"Cannot read the CV “{path}”: {exc.strerror}. Check the path.") from None
        if size > cv_max_bytes():
            raise CommandError(cv_too_large_message(path.name, size))
        try:
            return cv_extract(data=path.read_bytes(), filename=path.name)
        except CvError as exc:
            raise CommandError(exc.message) from None


def _as_json(m) -> dict:
    return {
        "name": m.name, "fit": m.fit, "score": m.score, "axes": dict(m.axes),
        "reasons": [{"title": r.title, "date": r.date.isoformat() if r.date else None,
                     "date_precision": (r.date_precision or "day") if r.date else None, "snippet": r.snippet}
                    for r in m.reasons],
        "terms": list(m.terms),
    }


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
