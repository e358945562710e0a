"""System checks for settings that look fine in development and break a production site.

Run by ``python manage.py check --deploy`` (the systemd units in deploy/ run
it before starting): each has a stable id so it can be looked up or, when a
site knows better, silenced with ``SILENCED_SYSTEM_CHECKS``. The values of
the ``CMS_*`` settings are checked by ``cms.conf_checks`` (``cms.E005`` on).

- ``cms.W001``: debug is off and ``CMS_SITE_URL`` is a local address, so
  canonical links, feeds, the sitemap and the API point at a machine no
  reader can reach.
- ``cms.W002``: HTTPS redirects are on and no proxy header is trusted;
  behind nginx, which talks plain HTTP to gunicorn, every request would be
  redirected again, forever.
- ``cms.E003``: the media storage (the folder or the bucket) cannot be
  written to or reached, so uploads would fail.
- ``cms.E004``: the shared cache (``REDIS_URL``) does not answer.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from cms.conf import conf

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


@register(Tags.compatibility, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    host = (urlsplit(conf.CMS_SITE_URL).hostname or "").lower()
    if settings.DEBUG or (host not in LOCAL_HOSTS and not host.endswith(".localhost")):
        return []
    return [
        Warning(
            f"CMS_SITE_URL is {conf.CMS_SITE_URL}, a local address, while debug is off: "
            "canonical links, feeds, the sitemap and API links will point there.",
            hint="Set CMS_SITE_URL to the site's public address, such as https://digest.example.org/.",
            id="cms.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_ssl_redirect_behind_proxy(app_configs=None, **kwargs):
    if settings.DEBUG or not settings.SECURE_SSL_REDIRECT or settings.SECURE_PROXY_SSL_HEADER:
        return []
    return [
        Warning(
            "SECURE_SSL_REDIRECT is on but no proxy header is trusted: behind a proxy that "
            "ends TLS (nginx in deploy/), every request looks like plain HTTP and is "
            "redirected to HTTPS again, forever.",
            hint="Set DJANGO_BEHIND_TLS_PROXY=1 behind such a proxy, or "
            "DJANGO_SECURE_SSL_REDIRECT=0 if the site is served over plain HTTP on purpose.",
            id="cms.W002",
        )
    ]


@register(Tags.files, deploy=True)
def check_media_storage(app_configs=None, **kwargs):
    from cms.media import is_on_disk, media_storage, s3_media_location

    storage = media_storage()
    if is_on_disk(storage):
        problem = folder_problem(Path(storage.location))
    elif s3_media_location() is not None:
        problem = bucket_problem(storage)
    else:
        return []
    if problem is None:
        return []
    return [
        Error(
            f"The media storage cannot be used: {problem}",
            hint="Uploads would fail. Check DJANGO_MEDIA_ROOT, or DJANGO_MEDIA_BUCKET, "
            "AWS_ENDPOINT_URL and the credentials.",
            id="cms.E003",
        )
    ]


def folder_problem(folder: Path) -> str | None:
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return f"{folder} cannot be written to by this user."
    return None


def bucket_problem(storage) -> str | None:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
    except (BotoCoreError, ClientError) as error:
        return f"bucket {storage.bucket_name}: {error}"
    return None


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    from django.core.cache import caches

    backend = settings.CACHES.get("pages", {}).get("BACKEND", "")
    if not backend.endswith("RedisCache"):
        return []
    try:
        caches["pages"].get("cms-check")
    except Exception as error:  # redis-py's errors; a failing cache must not stop the check
        return [
            Error(
                f"The shared page cache does not answer: {error}",
                hint="Check REDIS_URL and that Redis is running.",
                id="cms.E004",
            )
        ]
    return []
