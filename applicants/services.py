"""Applicant writes: create and update the profile, keep the CV privately."""
from __future__ import annotations

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction

from .models import ApplicantProfile
from .weights import weights_clean

EDITABLE_FIELDS = frozenset({"full_name", "program", "interests", "methods", "keywords", "background",
                             "preferred_fields", "preferred_institutions", "cv_text"})
CV_SUFFIXES = (".pdf", ".docx", ".txt", ".md")
CV_FIELDS = frozenset({"cv_file", "cv_filename", "cv_text"})


def applicant_profile_get_or_create(*, user) -> ApplicantProfile:
    """The user's applicant profile, created empty on first use."""
    profile, _ = ApplicantProfile.objects.get_or_create(user=user)
    return profile


def applicant_profile_update(*, profile: ApplicantProfile, fields: dict, weights: dict) -> ApplicantProfile:
    """Save the profile's own words and its axis weights."""
    with transaction.atomic():
        for name, value in fields.items():
            if name in EDITABLE_FIELDS:
                setattr(profile, name, value)
        profile.match_weights = weights_clean(weights)
        profile.full_clean()
        profile.save()
    return profile


def applicant_cv_store(*, profile: ApplicantProfile, filename: str, data: bytes, text: str) -> ApplicantProfile:
    """Keep the uploaded CV privately (under MEDIA_ROOT, served only to its owner) and put its
    extracted text in the profile for the applicant to correct."""
    old = profile.cv_file.name if profile.cv_file else ""
    suffix = PurePath(filename.lower()).suffix
    ext = suffix if suffix in CV_SUFFIXES else ".txt"
    # A random stored name: the user's file name never reaches the file system.
    profile.cv_file.save(f"{secrets.token_hex(16)}{ext}", ContentFile(data), save=False)
    profile.cv_filename = PurePath(filename).name[:300]
    profile.cv_text = text
    try:
        with transaction.atomic():
            # What this writes: a profile saved before the text caps may hold longer words, which
            # the profile form asks to shorten; reading a CV must not fail on them.
            profile.full_clean(exclude=[f.name for f in profile._meta.fields if f.name not in CV_FIELDS])
            profile.save()
    except (ValidationError, DatabaseError):
        profile.cv_file.storage.delete(profile.cv_file.name)  # nothing half-written
        raise
    if old and old != profile.cv_file.name:
        storage = profile.cv_file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return profile


def applicant_profile_set(*, user, fields: dict, cv: tuple[str, bytes, str] | None = None) -> tuple[ApplicantProfile, bool]:
    """Create or update ``user``'s profile in one go (scripted set-ups): the given fields, and a
    CV as (file name, bytes, extracted text). All or nothing. Returns (profile, created)."""
    with transaction.atomic():
        profile, created = ApplicantProfile.objects.get_or_create(user=user)
        applicant_profile_update(profile=profile, fields=fields, weights=profile.match_weights)
        if cv is not None:
            filename, data, text = cv
            applicant_cv_store(profile=profile, filename=filename, data=data, text=text)
    return profile, created
