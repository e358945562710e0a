"""Settings from the environment: typed values, and one line naming a value that cannot work."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from site_project.config import caches, language_names, storages


def manage_check(**environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR, env={**os.environ, **environment}, capture_output=True, text=True,
    )  # fmt: skip


def test_a_number_that_is_not_a_number_stops_the_start_in_one_line():
    done = manage_check(CMS_ENTRIES_PER_PAGE="ten")
    assert done.returncode == 1
    assert done.stderr == (
        "Digest CMS cannot start: CMS_ENTRIES_PER_PAGE is 'ten'; write a number.\n"
    )


def test_a_number_out_of_range_is_named_by_its_system_check():
    done = manage_check(CMS_ENTRIES_PER_PAGE="0", CMS_LANGUAGES="en,xx-klingon")
    assert done.returncode == 1
    assert "(cms.E005) The site language 'xx-klingon'" in done.stderr
    assert "(cms.E006) CMS_ENTRIES_PER_PAGE is 0; it must be a whole number, 1 or more." in (
        done.stderr
    )


def test_languages_are_named_as_they_name_themselves():
    assert language_names(["en", "zh-hans", "fr", "xx-klingon"]) == [
        ("en", "English"),
        ("zh-hans", "简体中文"),
        ("fr", "Français"),
        ("xx-klingon", "xx-klingon"),
    ]


def test_media_in_a_bucket_needs_the_bucket_and_keeps_its_prefix():
    bucket = storages("S3", bucket="digest-media", prefix="/media/")["default"]
    assert bucket == {
        "BACKEND": "cms.media_s3.SiteMediaS3Storage",
        "OPTIONS": {"bucket_name": "digest-media", "location": "media", "file_overwrite": False},
    }
    with pytest.raises(ImproperlyConfigured, match="Set DJANGO_MEDIA_BUCKET"):
        storages("s3", bucket="", prefix="media")
    with pytest.raises(ImproperlyConfigured, match="use filesystem .the default. or s3"):
        storages("ftp", bucket="", prefix="media")


def test_redis_holds_both_caches_when_given():
    shared = caches("redis://127.0.0.1:6379/0", page_entries=5)
    assert {alias: cache["KEY_PREFIX"] for alias, cache in shared.items()} == {
        "default": "digest-default",
        "pages": "digest-pages",
    }
    assert caches("", page_entries=5)["pages"]["OPTIONS"] == {"MAX_ENTRIES": 5}
