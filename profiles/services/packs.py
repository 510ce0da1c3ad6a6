"""Importing a catalogue pack (what `export_profiles` writes) into this install: researchers,
papers, authorships with their grounds, captures with their bytes, live-source links, merged
records and curation, all in one transaction.

A researcher already here is linked, not duplicated: the same capture (sha256), the same
source profile, or the same name key with nothing contradicting it (another affiliation, another
profile at the same source). Over a record that exists, the pack's curated values arrive with
their locks (a field locked here too keeps this install's value), unlocked fields fill gaps or
take the pack's value when its captures are newer, papers fold in as listings do (the fuller
value wins), and hiding travels but un-hiding does not: a pack never shows again what a curator
here or there hid. The captures are stored as given, not replayed: the pack's records are what
its curators saw, and a later re-import here replays the captures under the locks it brought.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from profiles.catalogue_pack import Pack, PackCapture, PackError, PackPaper, PackResearcher, pack_read
from profiles.events import PapersAdded, announce_on_commit
from profiles.importers import name_key, title_key
from profiles.models import (
    Authorship,
    Capture,
    CaptureOutcome,
    Paper,
    Researcher,
    SourceLink,
    TakingStudents,
)
from profiles.selectors import researcher_find, researcher_survivor

from .captures import capture_import_task
from .paper_stats import researcher_paper_stats_refresh
from .papers import paper_find_same, paper_fold
from .researchers import researcher_insert
from .versions import catalogue_version_bump

_WAITING = (CaptureOutcome.AWAITING_ASSIGNMENT, CaptureOutcome.AMBIGUOUS, CaptureOutcome.NEEDS_REVIEW,
            CaptureOutcome.FAILED)
_EMPTY = (None, "", [])


@dataclass
class PackImportResult:
    """What importing a pack did (or, in a dry run, would do), counted and per researcher."""

    dry_run: bool = False
    researchers_added: int = 0
    researchers_changed: int = 0
    researchers_unchanged: int = 0
    merged_records_added: int = 0
    papers_added: int = 0
    papers_changed: int = 0
    authorships_added: int = 0
    authorships_changed: int = 0
    captures_added: int = 0
    captures_changed: int = 0
    source_links_added: int = 0
    # {"name", "slug", "outcome": added|changed|unchanged, "matched_by", "changed": [fields]}
    researchers: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return (self.researchers_added + self.merged_records_added + self.papers_added + self.authorships_added
                + self.captures_added + self.source_links_added)

    @property
    def changed(self) -> int:
        return self.researchers_changed + self.papers_changed + self.authorships_changed + self.captures_changed

    def summary(self) -> str:
        """One line: the totals first ("0 added, 0 changed" when the pack was here already)."""
        would = "would be " if self.dry_run else ""
        return (f"{self.added} {would}added, {self.changed} {would}changed: researchers {self.researchers_added} added, "
                f"{self.researchers_changed} changed, {self.researchers_unchanged} unchanged; "
                f"papers {self.papers_added} added, {self.papers_changed} changed; "
                f"authorships {self.authorships_added} added, {self.authorships_changed} changed; "
                f"captures {self.captures_added} added, {self.captures_changed} changed; "
                f"source links {self.source_links_added} added; merged records {self.merged_records_added} added")

    def as_json(self) -> dict:
        counts = {name: getattr(self, name) for name in (
            "added", "changed", "researchers_added", "researchers_changed", "researchers_unchanged",
            "merged_records_added", "papers_added", "papers_changed", "authorships_added", "authorships_changed",
            "captures_added", "captures_changed", "source_links_added")}
        return {"dry_run": self.dry_run, **counts, "researchers": self.researchers, "notes": self.notes}


class _DryRun(Exception):
    """Rolls a dry run's transaction back once it has counted everything."""


def catalogue_pack_import(*, raw: bytes, dry_run: bool = False) -> PackImportResult:
    """Import a catalogue pack; with ``dry_run`` do all of it and roll it back, reporting what
    it would do. A bad pack raises ``PackError`` (what, where, how to fix) and writes nothing."""
    pack = pack_read(raw, max_bytes=settings.CATALOGUE_PACK_MAX_BYTES,
                     capture_max_bytes=settings.CAPTURE_MAX_BYTES)
    result = PackImportResult(dry_run=dry_run)
    try:
        with transaction.atomic():
            _PackImport(pack, result).run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except IntegrityError:
        # Another import stored one of the same captures, papers or addresses between our
        # lookups and our writes; this one is rolled back whole and finds them on a second run.
        raise PackError("Another import wrote some of the same records while this pack was being imported; "
                        "nothing of the pack was written. Run the import again: it links to them.") from None
    return result


class _PackImport:
    def __init__(self, pack: Pack, result: PackImportResult):
        self.pack, self.result = pack, result
        self.local_captures = {c.sha256: c for c in Capture.objects.filter(
            sha256__in=[c.sha256 for c in pack.captures]).defer("raw")}
        self.by_slug: dict[str, Researcher] = {}  # pack slug (merged records' too) -> survivor here
        self.claimed: set[int] = set()
        self.touched: set[int] = set()
        self.new_papers: dict[int, list[int]] = {}  # researchers linked (not added) -> papers new to them
        self.now = timezone.now()

    def run(self) -> None:
        for person in self.pack.researchers:
            self._researcher(person)
        for capture in self.pack.captures:
            self._capture(capture)
        for person in self.pack.researchers:
            local = self.by_slug[person.slug]
            for paper in person.papers:
                self._paper(paper, local)
        if self.result.added or self.result.changed:
            # The pack's researchers, and every author of a paper it changed (a date, hiding).
            researcher_paper_stats_refresh(researcher_ids=self.touched)
            catalogue_version_bump()
            for researcher_id, paper_ids in self.new_papers.items():
                if paper_ids:  # their shortlists hear of it, as after a capture import
                    announce_on_commit(PapersAdded(researcher_id=researcher_id, paper_ids=tuple(sorted(paper_ids))))

    # --- researchers ---------------------------------------------------------------------

    def _researcher(self, person: PackResearcher) -> None:
        local, matched_by = self._match(person)
        entry = {"name": person.values["name"], "slug": None, "outcome": "", "matched_by": matched_by, "changed": []}
        if local is None:
            local = Researcher(**person.values, **person.curated, name_key=(person.name_key or name_key(
                person.values["name"]))[:300], locked_fields=person.locked_fields, hidden=person.hidden,
                published=person.published)
            self._save(lambda: researcher_insert(researcher=local, preferred_slug=person.slug), person.where)
            self.result.researchers_added += 1
            entry["outcome"] = "added"
        else:
            self.claimed.add(local.pk)
            entry["changed"] = self._update_researcher(local, person)
            if entry["changed"]:
                self.result.researchers_changed += 1
                entry["outcome"] = "changed"
            else:
                self.result.researchers_unchanged += 1
                entry["outcome"] = "unchanged"
            self.new_papers[local.pk] = []
        entry["slug"] = local.slug
        self.result.researchers.append(entry)
        self.by_slug[person.slug] = local
        self.touched.add(local.pk)
        for link in person.source_links:
            self._source_link(link, local, person)
        for record in person.merged_records:
            self.by_slug[record["slug"]] = local
            self._merged_record(record, local, person)

    def _match(self, person: PackResearcher) -> tuple[Researcher | None, str | None]:
        """The record here that is this person, and how it was told."""
        own = [c.sha256 for c in self.pack.captures if c.researcher == person.slug]
        for sha in own:
            capture = self.local_captures.get(sha)
            if capture is not None and capture.researcher_id:
                found = researcher_survivor(capture.researcher)
                if found.pk not in self.claimed:
                    return found, "capture"
        for link in person.source_links:
            here = SourceLink.objects.filter(kind=link["kind"], external_id=link["external_id"]).select_related(
                "researcher").first()
            if here is not None:
                found = researcher_survivor(here.researcher)
                if found.pk not in self.claimed:
                    return found, "source link"
        keys = [k for k in (person.name_key, name_key(person.values["name"])) if k]
        found = next((r for r in (self._by_name_key(k) for k in keys) if r is not None), None)
        if found is None or found.pk in self.claimed:
            return None, None
        contradiction = self._contradiction(found, person)
        if contradiction:
            self.result.notes.append(f"{person.where} {person.values['name']!r} was added as a new record, not "
                                     f"linked to {found.name!r} here ({found.slug}): {contradiction}. If they are "
                                     "one person, merge them in the admin.")
            return None, None
        return found, "name"

    @staticmethod
    def _by_name_key(key: str) -> Researcher | None:
        found = Researcher.objects.filter(name_key=key[:300]).order_by("merged_into_id", "id").first()
        return researcher_survivor(found) if found else researcher_find(name=key)

    @staticmethod
    def _contradiction(local: Researcher, person: PackResearcher) -> str:
        theirs, ours = person.values["affiliation"], local.affiliation
        if theirs and ours and _letters(theirs) != _letters(ours):
            return f"another affiliation ({theirs!r} in the pack, {ours!r} here)"
        here = {(k, i) for k, i in SourceLink.objects.filter(researcher=local).values_list("kind", "external_id")}
        for link in person.source_links:
            other = next((i for k, i in here if k == link["kind"] and i != link["external_id"]), None)
            if other is not None:
                return f"another {link['kind']} profile ({link['external_id']} in the pack, {other} here)"
        return ""

    def _update_researcher(self, local: Researcher, person: PackResearcher) -> list[str]:
        """Bring the pack's values to a record here under the rules above; the fields changed."""
        newest_here = Capture.objects.filter(researcher=local, outcome=CaptureOutcome.IMPORTED).aggregate(
            day=Max("captured_on"))["day"]
        days = [c.fields["captured_on"] for c in self.pack.captures
                if c.researcher == person.slug and c.fields["outcome"] == CaptureOutcome.IMPORTED]
        pack_is_newer = bool(days) and (newest_here is None or max(days) > newest_here)
        changed = self._apply_locked(local, person.values, person.locked_fields, person.where)
        for name in Researcher.IMPORTED_FIELDS:
            value, current = person.values[name], getattr(local, name)
            if name in local.locked_fields or value in _EMPTY or value == current:
                continue
            if pack_is_newer or current in _EMPTY:
                setattr(local, name, value)
                changed.append(name)
        changed += self._apply_curated(local, person.curated)
        if person.hidden and not local.hidden:
            local.hidden = True
            changed.append("hidden")
        if changed:
            self._save(lambda: (local.full_clean(validate_unique=False, validate_constraints=False),
                                local.save(update_fields=sorted(set(changed)) + ["updated_at"])), person.where)
        return sorted(set(changed))

    def _apply_locked(self, obj: Researcher | Paper, values: dict, locks: list[str], where: str) -> list[str]:
        """The pack's curated values of an existing record, each with its lock; a field a curator
        here locked keeps this install's value (said in the notes when they differ)."""
        changed = []
        for name in locks:
            if name in obj.locked_fields:
                if getattr(obj, name) != values[name]:
                    self.result.notes.append(f"{where}.{name}: kept this install's curated value (locked here too).")
                continue
            if getattr(obj, name) != values[name]:
                setattr(obj, name, values[name])
            obj.locked_fields = sorted(set(obj.locked_fields) | {name})
            changed += [name, "locked_fields"]
        return changed

    @staticmethod
    def _apply_curated(local: Researcher, curated: dict) -> list[str]:
        """Curator-only fields: the pack fills what is unknown here, or replaces what it says
        more recently (their dates); a checked address here is never replaced."""
        changed = []
        groups = (("taking_students", ("_source", "_note", "_on"), TakingStudents.UNKNOWN),
                  ("contact_instructions", ("_source", "_on"), ""))
        for name, suffixes, unknown in groups:
            theirs, ours = curated[name], getattr(local, name)
            said_later = (curated[name + "_on"] and getattr(local, name + "_on")
                          and curated[name + "_on"] > getattr(local, name + "_on"))
            if theirs != unknown and (ours == unknown or said_later):
                for full in (name,) + tuple(name + s for s in suffixes):
                    if getattr(local, full) != curated[full]:
                        setattr(local, full, curated[full])
                        changed.append(full)
        if curated["contact_email"] and not local.contact_email:
            local.contact_email = curated["contact_email"]
            changed.append("contact_email")
        return changed

    def _merged_record(self, record: dict, survivor: Researcher, person: PackResearcher) -> None:
        merged_here = Researcher.objects.filter(merged_into=survivor)
        if merged_here.filter(slug=record["slug"]).exists() or (
                record["name_key"] and merged_here.filter(name_key=record["name_key"][:300]).exists()):
            return
        kept = Researcher(name=record["name"][:300], name_key=(record["name_key"] or name_key(record["name"]))[:300],
                          merged_into=survivor)
        self._save(lambda: researcher_insert(researcher=kept, preferred_slug=record["slug"]),
                   f"{person.where}.merged_records")
        self.result.merged_records_added += 1

    def _source_link(self, link: dict, local: Researcher, person: PackResearcher) -> None:
        here = SourceLink.objects.filter(kind=link["kind"], external_id=link["external_id"]).select_related(
            "researcher").first()
        if here is None:
            SourceLink.objects.create(researcher=local, kind=link["kind"], external_id=link["external_id"][:300],
                                      validators=link["validators"])
            self.result.source_links_added += 1
        elif researcher_survivor(here.researcher).pk != local.pk:
            self.result.notes.append(f"{person.where}: the {link['kind']} profile {link['external_id']} is "
                                     f"{here.researcher.name!r}'s here; left with them.")

    # --- captures --------------------------------------------------------------------------

    def _capture(self, item: PackCapture) -> None:
        owner = self.by_slug.get(item.researcher) if item.researcher else None
        local = self.local_captures.get(item.sha256)
        if local is None:
            capture = Capture(sha256=item.sha256, raw=item.raw, researcher=owner, **item.fields,
                              imported_at=None if item.fields["outcome"] == CaptureOutcome.QUEUED else self.now)
            # A capture still queued there has no layout or encoding yet: its import finds them.
            self._save(lambda: (capture.full_clean(exclude=["raw", "researcher", "uploaded_by", "layout", "encoding"],
                                                   validate_unique=False), capture.save()), item.where)
            self.local_captures[item.sha256] = capture
            self.result.captures_added += 1
            if capture.outcome == CaptureOutcome.QUEUED:  # its import had not run there: run it here
                capture_import_task.enqueue_on_commit(capture.pk)
        elif owner is not None and local.researcher_id is None and local.outcome in _WAITING \
                and item.fields["outcome"] == CaptureOutcome.IMPORTED:
            # Waiting here for someone to say whose it is; the pack's curators said.
            for name in ("outcome", "outcome_detail", "parsed_name", "candidates", "warnings",
                         "confirmed_entries", "review_accepted"):
                setattr(local, name, item.fields[name])
            local.researcher = owner
            local.imported_at = self.now
            local.save(update_fields=["researcher", "outcome", "outcome_detail", "parsed_name", "candidates",
                                      "warnings", "confirmed_entries", "review_accepted", "imported_at"])
            self.result.captures_changed += 1

    # --- papers ------------------------------------------------------------------------------

    def _paper(self, item: PackPaper, local_researcher: Researcher) -> None:
        values = item.values
        paper = Paper.objects.filter(identity_key=item.identity_key).first() if item.identity_key else None
        if paper is None:
            paper = paper_find_same(title=values["title"], arxiv_id=values["arxiv_id"], doi=values["doi"])
        if paper is None:
            paper = Paper(**values, title_key=title_key(values["title"])[:500], identity_key=item.identity_key,
                          locked_fields=item.locked_fields, hidden=item.hidden)
            self._save(lambda: (paper.full_clean(validate_unique=False), paper.save(force_insert=True)), item.where)
            self.result.papers_added += 1
        else:
            changed = self._apply_locked(paper, values, item.locked_fields, item.where)
            changed += paper_fold(paper=paper, values=values)
            if item.hidden and not paper.hidden:
                paper.hidden = True
                changed.append("hidden")
            if changed:
                fields = sorted(set(changed))
                self._save(lambda: paper.full_clean(validate_unique=False, exclude=["identity_key"]), item.where)
                Paper.objects.filter(pk=paper.pk).update(updated_at=self.now, **{f: getattr(paper, f) for f in fields})
                self.result.papers_changed += 1
                self.touched.update(paper.authorships.values_list("researcher_id", flat=True))
        source = self.local_captures.get(item.source) if item.source else None
        authorship = Authorship.objects.filter(researcher=local_researcher, paper=paper).first()
        if authorship is None:
            Authorship.objects.create(researcher=local_researcher, paper=paper, basis=item.basis,
                                      source=source if source is not None and source.pk else None)
            self.result.authorships_added += 1
            if local_researcher.pk in self.new_papers:
                self.new_papers[local_researcher.pk].append(paper.pk)
        elif item.basis and not authorship.basis:  # checked there; attached before the check here
            Authorship.objects.filter(pk=authorship.pk).update(basis=item.basis)
            self.result.authorships_changed += 1

    @staticmethod
    def _save(write, where: str) -> None:
        """Run a write, turning the model's own checks into a message naming the pack's place."""
        try:
            write()
        except ValidationError as error:
            problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()) \
                if hasattr(error, "error_dict") else " ".join(error.messages)
            raise PackError(f"{where}: {problems} Export it again with `manage.py export_profiles`.") from None


def _letters(text: str) -> str:
    return "".join(ch for ch in anyascii(text).lower() if ch.isalnum())
