"""Fixtures for the curators' admin: a logged-in superuser, the seed captures, form data."""
from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from config.celery import app as celery_app
from profiles.services import capture_import


def seed_capture_day(seeds_dir, name: str) -> date:
    manifest = json.loads((seeds_dir / "captures.json").read_text())
    return date.fromisoformat(manifest[name]["captured_on"])


@pytest.fixture
def import_seed(seeds_dir):
    """Import one seed capture by its file-name prefix, e.g. import_seed("000")."""

    def _import(prefix: str, **kwargs):
        path = next(seeds_dir.glob(f"{prefix}_*.txt"))
        return capture_import(raw=path.read_bytes(), captured_on=seed_capture_day(seeds_dir, path.name),
                              filename=path.name, **kwargs)

    return _import


@pytest.fixture
def csrf_client(admin_user) -> Client:
    """A logged-in curator whose client sends no CSRF token unless told to."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    return client


@pytest.fixture
def eager_celery():
    """Run tasks in the calling process, as if a worker had picked them up at once."""
    old = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old


def change_form_data(response) -> dict:
    """The POST data of an admin change page as it was rendered (the curator changes nothing)."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)
            if field.show_hidden_initial and key in data:  # as the browser posts the hidden input
                data[form.add_initial_prefix(name)] = data[key]
    return data
