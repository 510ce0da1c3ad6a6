"""With DEBUG off, errors show the site's own pages: no traceback, settings or paths."""
from django.test import RequestFactory
from django.views.defaults import server_error


def _directory_crashes(client, monkeypatch):
    """The directory view raises an error whose text must not reach the visitor."""
    import importlib

    directory_views = importlib.import_module("profiles.views.directory")

    def boom(**kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(directory_views, "directory_result_ids", boom)
    client.raise_request_exception = False


def test_page_not_found_is_the_sites_own_page(client, db, settings):
    settings.DEBUG = False
    response = client.get("/researchers/nobody-by-this-name/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "directory" in body
    assert "Traceback" not in body and "URLconf" not in body and "settings" not in body


def test_server_error_renders_without_a_request_context(settings):
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "Traceback" not in body and "SECRET_KEY" not in body


def test_a_crashing_view_answers_with_the_500_page(client, db, settings, monkeypatch):
    settings.DEBUG = False
    _directory_crashes(client, monkeypatch)
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body and "hunter2" not in body


def test_a_deployment_without_collected_static_files_still_shows_the_500_page(client, db, settings, monkeypatch,
                                                                              tmp_path):
    # Production serves hashed names from the manifest collectstatic writes; without it the
    # 500 page's stylesheet link raised inside the error handler and the answer was empty.
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "never-collected"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    _directory_crashes(client, monkeypatch)
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body and "Back to the directory" in body
    assert "hunter2" not in body and "Traceback" not in body
