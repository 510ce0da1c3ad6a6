"""Researcher writes: find-or-create by name, curator locks, hiding, merging, re-importing."""
from __future__ import annotations

from anyascii import anyascii
from django.db import transaction
from django.utils.text import slugify

from profiles.events import ResearchersMerged, announce
from profiles.importers import name_key, normalize_name
from profiles.models import Authorship, Capture, Paper, Researcher
from profiles.selectors import researcher_find

from .paper_stats import researcher_paper_stats_refresh
from .versions import catalogue_version_bump


class CurationError(Exception):
    """A curator action that cannot be done, with a message saying why and what to do."""


def researcher_get_or_create(*, name: str) -> tuple[Researcher, bool]:
    name = normalize_name(name)[:300]
    found = researcher_find(name=name)
    if found is not None:
        return found, False
    researcher = Researcher(name=name, name_key=name_key(name)[:300], slug=_unique_slug(name))
    researcher.full_clean(validate_unique=False)  # _unique_slug just picked a free slug
    researcher.save()
    return researcher, True


def _unique_slug(name: str) -> str:
    base = slugify(anyascii(name))[:300] or "researcher"
    slug, n = base, 2
    while Researcher.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def field_lock(*, obj: Researcher | Paper, fields: list[str] | set[str]) -> None:
    """Lock fields a curator edited by hand, so later imports leave them alone."""
    allowed = set(type(obj).IMPORTED_FIELDS)
    new = sorted((set(obj.locked_fields) | set(fields)) & allowed)
    if new != sorted(obj.locked_fields):
        obj.locked_fields = new
        type(obj).objects.filter(pk=obj.pk).update(locked_fields=new)


def field_unlock(*, obj: Researcher | Paper, fields: list[str] | set[str]) -> None:
    new = sorted(set(obj.locked_fields) - set(fields))
    obj.locked_fields = new
    type(obj).objects.filter(pk=obj.pk).update(locked_fields=new)


@transaction.atomic
def curated_edit_save(*, obj: Researcher | Paper, changed: set[str], release: set[str]) -> None:
    """Save a curator's edit: every imported field they changed is locked against later
    imports, ticked locks are released, and readers (the match index) see the new version."""
    obj.save()
    edited = changed & set(type(obj).IMPORTED_FIELDS)
    if release - edited:
        field_unlock(obj=obj, fields=release - edited)
    if edited:
        field_lock(obj=obj, fields=edited)
    if isinstance(obj, Paper) and "date" in changed:
        researcher_paper_stats_refresh(researcher_ids=obj.authorships.values_list("researcher_id", flat=True))
    catalogue_version_bump()


@transaction.atomic
def paper_set_hidden(*, paper: Paper, hidden: bool) -> None:
    Paper.objects.filter(pk=paper.pk).update(hidden=hidden)
    paper.hidden = hidden
    researcher_paper_stats_refresh(researcher_ids=paper.authorships.values_list("researcher_id", flat=True))
    catalogue_version_bump()


@transaction.atomic
def researcher_set_hidden(*, researcher: Researcher, hidden: bool) -> None:
    Researcher.objects.filter(pk=researcher.pk).update(hidden=hidden)
    researcher.hidden = hidden
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
    target.locked_fields = sorted(set(target.locked_fields) | set(source.locked_fields))
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
