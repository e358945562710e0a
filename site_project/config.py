"""What ``settings.py`` builds its settings with: typed environment values and a few structures.

Only ``settings.py`` calls these; the rest of the project reads settings,
never the environment. A value that cannot work stops the start with
``ImproperlyConfigured`` naming the variable, which ``manage.py`` and the
WSGI entry point print as one line (``site_project.load_settings_or_exit``).
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language_info

TRUE = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return value in TRUE if value else default


def env_list(name: str, default: str = "") -> list[str]:
    """Comma-separated items, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name: str, default: float, kind: type = int):
    """The variable as ``kind`` (``int`` or ``float``), or ``default`` when unset or empty."""
    value = os.environ.get(name, "").strip()
    try:
        return kind(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} is {value!r}; write a number.") from None


def own_name(code: str) -> str:
    """The language's name for itself, capitalised ("Français", "简体中文"); else its code."""
    try:
        name = get_language_info(code)["name_local"]
    except KeyError:
        return code  # the system check cms.E005 reports it
    return name[:1].upper() + name[1:]


def language_names(codes: list[str]) -> list[tuple[str, str]]:
    """``LANGUAGES`` for ``codes``."""
    return [(code, own_name(code)) for code in codes]


def storages(media: str, bucket: str, prefix: str) -> dict[str, dict]:
    """``STORAGES``: hashed static files, and media on disk or (``media="s3"``) in ``bucket``.

    In a bucket, media keeps its ``/media/…`` addresses: Django serves them
    from the bucket (``cms.media``, ``cms.media_s3``), and nginx caches them.
    """
    kind = media.strip().lower() or "filesystem"
    if kind not in ("filesystem", "s3"):
        raise ImproperlyConfigured(
            f"DJANGO_MEDIA_STORAGE is {kind!r}; use filesystem (the default) or s3."
        )
    if kind == "s3" and not bucket:
        raise ImproperlyConfigured("Set DJANGO_MEDIA_BUCKET when DJANGO_MEDIA_STORAGE is s3.")
    default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind == "s3":
        options = {"bucket_name": bucket, "location": prefix.strip("/"), "file_overwrite": False}
        default = {"BACKEND": "cms.media_s3.SiteMediaS3Storage", "OPTIONS": options}
    static = {"BACKEND": "cms.static_storage.SiteStaticFilesStorage"}
    return {"default": default, "staticfiles": static}


def caches(redis_url: str, page_entries: int) -> dict[str, dict]:
    """``CACHES``: ``default`` and ``pages`` (rendered pages), in one Redis when there is one.

    Redis shares both between every worker and machine; without it each
    process keeps its own, ``page_entries`` pages at most.
    """
    if redis_url:
        backend = "django.core.cache.backends.redis.RedisCache"
        return {
            alias: {"BACKEND": backend, "LOCATION": redis_url, "KEY_PREFIX": f"digest-{alias}"}
            for alias in ("default", "pages")
        }
    backend = "django.core.cache.backends.locmem.LocMemCache"
    return {
        "default": {"BACKEND": backend},
        "pages": {
            "BACKEND": backend,
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": page_entries},
        },
    }
