"""Shared fixtures: plain static storage (no collectstatic needed), a private media root."""

import pytest
from django.utils import translation


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
def default_language():
    """Each test starts in the default language: a request the test client sent to a Chinese
    page leaves Chinese active in the thread (LocaleMiddleware activates, nothing resets), and
    a later test's messages would come out in Chinese."""
    translation.deactivate()
    yield
    translation.deactivate()


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


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on a free port of 127.0.0.1, for the whole run: real HTTP, no internet."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, monkeypatch, request):
    """A new, empty bucket; boto3 finds the endpoint and credentials in the environment."""
    import re

    import boto3

    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    name = re.sub(r"[^a-z0-9-]", "-", request.node.name.lower())[:50].strip("-") + "-bucket"
    boto3.client("s3").create_bucket(Bucket=name)
    return name
