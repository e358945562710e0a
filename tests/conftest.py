"""Shared fixtures: plain static storage (no collectstatic needed), a private media root."""

import pytest


@pytest.fixture(autouse=True)
def isolated_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CMS_SITE_URL = "https://digest.example.org/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Each test sees pages as its own data renders them; tests/test_page_cache.py turns it on."""
    settings.CMS_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected once per run with hashed names, as the export needs them."""
    from tests.factories import collect_static

    return collect_static(tmp_path_factory.mktemp("static"))


@pytest.fixture
def hashed_static(settings, collected_static):
    """Production's static storage (hashed names) over the collected files."""
    from tests.factories import MANIFEST_STORAGE

    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    return collected_static


@pytest.fixture
def editor_client(db):
    """A test client logged in as a member of the editor group."""
    from django.test import Client

    from tests.factories import make_member

    client = Client()
    client.force_login(make_member("editor"))
    return client
