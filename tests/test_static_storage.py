"""Production's static storage gives each URL once, and a new collection is never stale."""

import os
import time

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command

from tests.factories import MANIFEST_STORAGE


@pytest.fixture
def hashed_source(settings, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "site.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return source


def test_url_is_the_hashed_name_from_the_manifest(hashed_source):
    url = staticfiles_storage.url("site.css")
    assert url.startswith("/static/site.") and url.endswith(".css") and url != "/static/site.css"
    assert staticfiles_storage.url("site.css") == url


def test_collecting_changed_files_again_gives_the_new_hashed_name(hashed_source, settings):
    before = staticfiles_storage.url("site.css")
    css = hashed_source / "site.css"
    css.write_text("body { color: navy; }")
    later = time.time() + 60
    os.utime(css, (later, later))
    call_command("collectstatic", interactive=False, verbosity=0)
    after = staticfiles_storage.url("site.css")
    assert after != before
    assert (settings.STATIC_ROOT / after.removeprefix("/static/")).is_file()


def test_debug_gives_the_unhashed_name_after_a_hashed_one(hashed_source, settings):
    staticfiles_storage.url("site.css")
    settings.DEBUG = True
    assert staticfiles_storage.url("site.css") == "/static/site.css"
