"""Researcher and paper writes by curators and imports: find-or-create by name, adding by hand,
curator locks, hiding, deleting, merging."""
from __future__ import annotations

from collections import Counter

from anyascii import anyascii
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from profiles.events import ResearchersMerged, announce
from profiles.importers import name_key, normalize_name
from profiles.models import Authorship, Capture, Paper, Researcher
from profiles.selectors import researcher_find

from .paper_stats import researcher_paper_stats_refresh
from .versions import catalogue_version_bump


class CurationError(Exception):
    """A curator action that cannot be done, with a message saying why and what to do."""


@transaction.atomic
def researcher_get_or_create(*, name: str, proposed_by=None) -> tuple[Researcher, bool]:
    """The catalogue's researcher of that name (see ``researcher_find``), or a new one. A new
    one ``proposed_by`` an applicant (not a curator) waits unpublished until a curator
    publishes it."""
    found = researcher_find(name=normalize_name(name)[:300])
    if found is not None:
        return found, False
    researcher = researcher_insert_named(name=name, proposed_by=proposed_by)
    catalogue_version_bump()
    return researcher, True


def researcher_insert_named(*, name: str, proposed_by=None) -> Researcher:
    """INSERT a new researcher of this name, for a caller that has just looked the name up and
    found nobody (``researcher_get_or_create`` does both). Published unless an applicant
    proposes it. The caller owns the transaction and raises the catalogue version once for all
    it writes: an import raised it twice per new researcher, for nothing."""
    name = normalize_name(name)[:300]
    published = proposed_by is None or proposed_by.is_staff
    researcher = Researcher(name=name, name_key=name_key(name)[:300], published=published, proposed_by=proposed_by)
    _save_new_with_free_slug(researcher)
    return researcher


@transaction.atomic
def researcher_create(*, researcher: Researcher, curated: set[str] = frozenset()) -> Researcher:
    """Add a researcher a curator typed in (the admin's "Add researcher"). The record gets a
    slug of its own (a second "Ana García" becomes ana-garcia-2) and the name key imports
    find them by; the imported fields the curator filled (``curated``) are locked, as an edit
    would lock them. Someone of the same name may already be listed: they may be two people,
    so nothing is joined here (``researcher_possible_duplicates`` shows them for a merge)."""
    researcher.name = normalize_name(researcher.name)[:300]
    if not name_key(researcher.name):
        raise CurationError("Give the researcher's name (with at least one letter).")
    researcher.name_key = name_key(researcher.name)[:300]
    researcher.locked_fields = sorted(set(curated) & set(Researcher.IMPORTED_FIELDS))
    _save_new_with_free_slug(researcher)
    catalogue_version_bump()
    return researcher


def researcher_insert(*, researcher: Researcher, preferred_slug: str = "") -> None:
    """INSERT a new record under ``preferred_slug`` (the address it had on another install)
    when nobody here has it, else under the first free slug of its name. The caller owns the
    transaction and raises the catalogue version once for all it writes."""
    if preferred_slug and not Researcher.objects.filter(slug=preferred_slug).exists():
        researcher.slug = preferred_slug
        researcher.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                researcher.save(force_insert=True)
            return
        except IntegrityError:
            researcher.pk = None  # taken meanwhile: the name's first free slug instead
    _save_new_with_free_slug(researcher)


def _save_new_with_free_slug(researcher: Researcher) -> None:
    """INSERT with the first free slug of the name; a concurrent add that took it first (the
    unique index says so) moves this one to the next."""
    base = slugify(anyascii(researcher.name))[:300] or "researcher"
    # Most names are new: try the name's own slug first and look for a free one only when the
    # unique index refuses it (a lookup before every insert was a query per new researcher).
    slug = base
    for _ in range(20):
        researcher.slug = slug
        researcher.full_clean(validate_unique=False)  # the unique index decides, just below
        try:
            with transaction.atomic():
                researcher.save(force_insert=True)
            return
        except IntegrityError:
            if not Researcher.objects.filter(slug=researcher.slug).exists():
                raise  # another constraint: not ours to retry
            researcher.pk = None
            slug = _free_slug(base)
    raise CurationError(f"Could not find a free web address for {researcher.name!r}; try again.")


def _free_slug(base: str) -> str:
    slug, n = base, 2
    while Researcher.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def field_lock(*, obj: Researcher | Paper, fields: list[str] | set[str]) -> None:
    """Lock fields a curator edited by hand, so later imports leave them alone."""
    allowed = set(type(obj).IMPORTED_FIELDS)
    new = sorted((set(obj.locked_fields) | set(fields)) & allowed)
    if new != sorted(obj.locked_fields):
        obj.locked_fields = new
        type(obj).objects.filter(pk=obj.pk).update(locked_fields=new)
        catalogue_version_bump()


@transaction.atomic
def field_unlock(*, obj: Researcher | Paper, fields: list[str] | set[str]) -> None:
    """Let the next import overwrite these fields again."""
    new = sorted(set(obj.locked_fields) - set(fields))
    if new != sorted(obj.locked_fields):
        obj.locked_fields = new
        type(obj).objects.filter(pk=obj.pk).update(locked_fields=new)
        catalogue_version_bump()


@transaction.atomic
def curated_edit_save(*, obj: Researcher | Paper, changed: set[str], release: set[str]) -> None:
    """Save a curator's edit: every imported field they changed is locked against later
    imports, ticked locks are released, and readers (the match index) see the new version.

    A renamed researcher keeps their name key and slug: the key is how imports and author lists
    find them (the sources still spell them the old way), the slug keeps their links working."""
    if isinstance(obj, Researcher):
        obj.name = normalize_name(obj.name)[:300]
        if not name_key(obj.name):
            raise CurationError("Give the researcher's name (with at least one letter).")
        # A record saved before adding by hand made them (slug ""): give it what it lacks.
        obj.name_key = obj.name_key or name_key(obj.name)[:300]
        if not obj.slug:
            obj.slug = _free_slug(slugify(anyascii(obj.name))[:300] or "researcher")
    obj.save()
    edited = changed & set(type(obj).IMPORTED_FIELDS)
    if release - edited:
        field_unlock(obj=obj, fields=release - edited)
    if edited:
        field_lock(obj=obj, fields=edited)
    if isinstance(obj, Paper) and {"date", "hidden"} & changed:  # the directory's sort keys
        researcher_paper_stats_refresh(researcher_ids=obj.authorships.values_list("researcher_id", flat=True))
    catalogue_version_bump()


@transaction.atomic
def paper_set_hidden(*, paper: Paper, hidden: bool) -> None:
    Paper.objects.filter(pk=paper.pk).update(hidden=hidden)
    paper.hidden = hidden
    researcher_paper_stats_refresh(researcher_ids=paper.authorships.values_list("researcher_id", flat=True))
    catalogue_version_bump()


@transaction.atomic
def paper_delete(*, paper: Paper) -> None:
    """Delete a paper for good (its authorships go with it); its authors' directory sort keys
    are recounted. Hiding (``paper_set_hidden``) is the undoable way to take it off the pages."""
    author_ids = list(paper.authorships.values_list("researcher_id", flat=True))
    Paper.objects.filter(pk=paper.pk).delete()
    researcher_paper_stats_refresh(researcher_ids=author_ids)
    catalogue_version_bump()


@transaction.atomic
def researcher_delete(*, researcher: Researcher) -> None:
    """Delete a researcher for good, with the records merged into them (the same person), the
    papers nobody else wrote and their source links; their captures stay, unassigned, as the
    evidence they are. Refused while applicants have them on a shortlist or in a draft: hiding
    (``researcher_set_hidden``) takes them off the pages and keeps those."""
    person = list(Researcher.objects.select_for_update().filter(pk=researcher.pk))
    if not person:
        return  # deleted already (a second click, another curator)
    records = [researcher.pk, *_merged_into_ids(researcher.pk)]
    paper_ids = set(Authorship.objects.filter(researcher_id__in=records).values_list("paper_id", flat=True))
    try:
        Researcher.objects.filter(pk__in=records).delete()
    except ProtectedError as error:  # raised before anything is deleted
        held = Counter(type(obj)._meta.verbose_name_plural for obj in error.protected_objects)
        raise CurationError(
            f"{researcher.name} cannot be deleted: applicants keep "
            + ", ".join(f"{n} {what}" for what, n in sorted(held.items()))
            + " about them. Hide them instead: hidden researchers leave every public page and the "
            "matches, and applicants keep what they saved.") from error
    # Their papers that nobody else in the catalogue wrote have no page left to show them on;
    # the shared ones stay with their coauthors, whose counts do not change.
    Paper.objects.filter(pk__in=paper_ids, authorships__isnull=True).delete()
    catalogue_version_bump()


def _merged_into_ids(pk: int) -> list[int]:
    """Every record merged into this one, directly or through others."""
    found, frontier = [], [pk]
    while frontier:
        frontier = list(Researcher.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
        found += frontier
    return found


@transaction.atomic
def researcher_set_hidden(*, researcher: Researcher, hidden: bool) -> None:
    Researcher.objects.filter(pk=researcher.pk).update(hidden=hidden)
    researcher.hidden = hidden
    catalogue_version_bump()


@transaction.atomic
def researcher_publish(*, researcher: Researcher) -> None:
    """A curator checked an applicant's proposal: everyone sees it from now on."""
    Researcher.objects.filter(pk=researcher.pk).update(published=True)
    researcher.published = True
    catalogue_version_bump()


@transaction.atomic
def researcher_proposals_release(*, user) -> int:
    """An account is going away: the researchers it proposed stay for the curators to decide
    on, proposed by nobody now. Returns how many. Called in the deletion's transaction; the
    version is raised even for none, as deleting the user writes the researcher table
    (``proposed_by`` set to null) either way."""
    released = Researcher.objects.filter(proposed_by=user).update(proposed_by=None)
    catalogue_version_bump()
    return released


@transaction.atomic
def researcher_reject(*, researcher: Researcher) -> None:
    """A curator turned an applicant's proposal down (not a real researcher, or not one this
    catalogue keeps): it stays unpublished and is hidden, from its proposer too. Nothing is
    deleted; showing it again and publishing it undoes this."""
    if researcher.published:
        raise CurationError(f"{researcher.name} is published; hide them instead.")
    Researcher.objects.filter(pk=researcher.pk).update(hidden=True)
    researcher.hidden = True
    catalogue_version_bump()


@transaction.atomic
def researcher_merge(*, source: Researcher, target: Researcher) -> Researcher:
    """Merge ``source`` into ``target`` (the same person under two records).

    Papers, captures and everything users attached (shortlist entries, drafts) move to the
    target. The source record is kept, pointing at the target, so its old links and name
    still lead somewhere and nothing is lost.
    """
    source = Researcher.objects.select_for_update().get(pk=source.pk)
    target = Researcher.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise CurationError("Pick two different researchers to merge.")
    if source.merged_into_id:
        raise CurationError(f"{source.name} was already merged into {source.merged_into.name}.")
    if target.merged_into_id:
        raise CurationError(
            f"{target.name} was merged into {target.merged_into.name}; merge into that record instead."
        )
    already = set(Authorship.objects.filter(researcher=target).values_list("paper_id", flat=True))
    Authorship.objects.filter(researcher=source, paper_id__in=already).delete()
    Authorship.objects.filter(researcher=source).update(researcher=target)
    Capture.objects.filter(researcher=source).update(researcher=target)
    # Fill the survivor's gaps from the merged record; the survivor's own values win.
    changed = []
    for field_name in Researcher.IMPORTED_FIELDS:
        if getattr(target, field_name) in (None, "", []) and getattr(source, field_name) not in (None, "", []):
            setattr(target, field_name, getattr(source, field_name))
            changed.append(field_name)
    for field_name in ("taking_students", "contact_instructions"):
        if getattr(target, field_name) in ("", "unknown") and getattr(source, field_name) not in ("", "unknown"):
            suffixes = ("", "_source", "_note", "_on") if field_name == "taking_students" else ("", "_source", "_on")
            for suffix in suffixes:
                setattr(target, field_name + suffix, getattr(source, field_name + suffix))
                changed.append(field_name + suffix)
    if not target.contact_email and source.contact_email:
        target.contact_email = source.contact_email
        changed.append("contact_email")
    # A lock says "a curator chose this value": the survivor keeps its own, and takes the
    # merged record's only with the values it takes (its other curated values are not kept).
    target.locked_fields = sorted(set(target.locked_fields) | (set(source.locked_fields) & set(changed)))
    # A published record stays published whichever of the two survives.
    target.published = target.published or source.published
    target.save()
    Researcher.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])

    # What users attached to the merged record (shortlist entries, drafts) moves in this
    # same transaction: the apps that keep it subscribed to this event.
    announce(ResearchersMerged(source=source, target=target))
    researcher_paper_stats_refresh(researcher_ids=[source.pk, target.pk])
    catalogue_version_bump()
    return target
