"""Researcher writes: find-or-create by name, curator locks, hiding, merging, re-importing."""
from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from anyascii import anyascii

from profiles.importers import loose_name_key, name_key, names_match, normalize_name
from profiles.models import Authorship, Capture, CaptureOutcome, Paper, Researcher


class CurationError(Exception):
    """A curator action that cannot be done, with a message saying why and what to do."""


def researcher_find(*, name: str) -> Researcher | None:
    """The catalogue's researcher of exactly that name (ignoring case, accents and
    punctuation), following merges; None when there is none.

    Middle names are part of the name: "Ana García" and "Ana B. García" may be two people,
    so they are never joined by guesswork (see ``researcher_possible_duplicates``).
    """
    key = name_key(name)
    if not key:
        return None
    found = Researcher.objects.filter(name_key=key).order_by("merged_into_id", "id").first()
    return _survivor(found) if found else None


def researcher_possible_duplicates(*, researcher: Researcher) -> list[Researcher]:
    """Other records whose names could be the same person (a missing middle name, an
    initial): shown to curators, who decide whether to merge."""
    loose = loose_name_key(researcher.name)
    last = loose.split()[-1] if loose else ""
    if not last:
        return []
    candidates = Researcher.objects.filter(
        merged_into__isnull=True, name_key__endswith=" " + last
    ).exclude(pk=researcher.pk)
    return [r for r in candidates if names_match(r.name, researcher.name)]


def _survivor(researcher: Researcher) -> Researcher:
    seen = set()
    while researcher.merged_into_id and researcher.pk not in seen:
        seen.add(researcher.pk)
        researcher = researcher.merged_into
    return researcher


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


def paper_set_hidden(*, paper: Paper, hidden: bool) -> None:
    Paper.objects.filter(pk=paper.pk).update(hidden=hidden)
    paper.hidden = hidden
    _catalogue_changed()


def researcher_set_hidden(*, researcher: Researcher, hidden: bool) -> None:
    Researcher.objects.filter(pk=researcher.pk).update(hidden=hidden)
    researcher.hidden = hidden
    _catalogue_changed()


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
            for suffix in ("", "_source", "_on"):
                setattr(target, field_name + suffix, getattr(source, field_name + suffix))
                changed.append(field_name + suffix)
    target.locked_fields = sorted(set(target.locked_fields) | set(source.locked_fields))
    target.save()
    Researcher.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])

    from outreach.services import drafts_reassign
    from shortlist.services import shortlist_entries_reassign

    shortlist_entries_reassign(source=source, target=target)
    drafts_reassign(source=source, target=target)
    _catalogue_changed()
    return target


def researcher_reimport(*, researcher: Researcher) -> list:
    """Rebuild a researcher from their stored captures, oldest first, so the newest wins.

    Safe to run twice: applying the same captures again writes nothing new.
    """
    from .captures import capture_reapply

    captures = Capture.objects.filter(
        researcher=researcher, outcome=CaptureOutcome.IMPORTED
    ).order_by("captured_on", "id")
    results = [capture_reapply(capture=capture, researcher=researcher) for capture in captures]
    _catalogue_changed()
    return results


def _catalogue_changed() -> None:
    """Tell the match index the catalogue changed (it rebuilds in the background)."""
    try:
        from profiles.matching import match_index_invalidate
    except ImportError:  # the match index is optional for imports and curation
        return
    transaction.on_commit(match_index_invalidate)
