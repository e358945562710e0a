"""System checks with ids for settings that break a production site (``check --deploy``)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks


def ids():
    return {message.id for message in run_checks(include_deployment_checks=True)}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CMS_SITE_URL = "https://digest.example.org/"
    return settings


def test_a_production_configuration_passes(production):
    assert not {"cms.W001", "cms.W002", "cms.E003", "cms.E004"} & ids()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/", "http://localhost:9000/", "http://0.0.0.0/"]
)
def test_a_local_site_url_with_debug_off_is_a_warning(production, url):
    production.CMS_SITE_URL = url
    assert "cms.W001" in ids()


def test_a_local_site_url_in_development_is_fine(production):
    production.DEBUG = True
    production.CMS_SITE_URL = "http://127.0.0.1:8000/"
    assert "cms.W001" not in ids()


def test_ssl_redirect_without_a_trusted_proxy_header_is_a_warning(production):
    production.SECURE_PROXY_SSL_HEADER = None
    assert "cms.W002" in ids()
    production.SECURE_SSL_REDIRECT = False
    assert "cms.W002" not in ids()


def test_a_media_folder_that_cannot_be_made_is_an_error(production, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    production.MEDIA_ROOT = tmp_path / "a-file" / "media"
    assert "cms.E003" in ids()
    production.MEDIA_ROOT = tmp_path / "new" / "media"
    assert "cms.E003" not in ids()


def test_an_unreachable_media_bucket_is_an_error(production, s3_bucket):
    storage = {
        "BACKEND": "cms.media_s3.SiteMediaS3Storage",
        "OPTIONS": {"bucket_name": s3_bucket, "location": "media"},
    }
    production.STORAGES = {**production.STORAGES, "default": storage}
    assert "cms.E003" not in ids()
    missing = {**storage, "OPTIONS": {"bucket_name": "no-such-media-bucket"}}
    production.STORAGES = {**production.STORAGES, "default": missing}
    assert "cms.E003" in ids()


def test_a_shared_cache_that_does_not_answer_is_an_error(production):
    production.CACHES = {
        **production.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    assert "cms.E004" in ids()


def test_debug_off_without_a_secret_key_says_so_in_one_line():
    environment = {**os.environ, "DJANGO_DEBUG": "0"}
    environment.pop("DJANGO_SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 1
    assert (
        done.stderr == "Digest CMS cannot start: Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.\n"
    )
