"""The CMS's own settings (``CMS_*``) with their defaults, read from Django's settings on every use.

``conf.CMS_ENTRIES_PER_PAGE`` looks the setting up each time it is read, as
django-cors-headers' ``conf`` does, so ``override_settings`` in tests and
the export's temporary base URL take effect at once, and a project that
leaves a setting out (or sets it to ``None``) gets the default here.
``site_project/settings.py`` fills them from the environment;
``cms/checks.py`` reports values that cannot work, each under its own id.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Generic, TypeVar, overload

from django.conf import settings

T = TypeVar("T")


class Setting(Generic[T]):
    """One ``CMS_*`` setting; ``default`` may be a function of the conf (a setting's default)."""

    def __init__(self, default: T | Callable[[Conf], T]) -> None:
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, instance: Conf, owner: type) -> T: ...
    def __get__(self, instance: Conf | None, owner: type) -> T | Setting[T]:
        if instance is None:
            return self
        value = getattr(settings, self.name, None)
        if value is not None:
            return value
        if callable(self.default):
            return self.default(instance)
        return copy.copy(self.default)  # a list default is never shared with a caller


class Conf:
    # The public site.
    CMS_SITE_URL: Setting[str] = Setting("http://127.0.0.1:8000/")  # feeds, sitemap, API, export
    CMS_SITE_NAME: Setting[str] = Setting("Digest")
    CMS_ENTRIES_PER_PAGE: Setting[int] = Setting(10)
    CMS_SITEMAP_PAGE_SIZE: Setting[int] = Setting(1000)  # entries per sitemap file
    CMS_PREVIEW_MAX_AGE: Setting[int] = Setting(3 * 24 * 3600)  # seconds a preview link works
    # Caching: seconds a browser or CDN keeps a public page, and the server its rendering.
    CMS_PAGE_MAX_AGE: Setting[int] = Setting(300)
    CMS_PAGE_CACHE_SECONDS: Setting[int] = Setting(0)
    # Media and uploads.
    CMS_SERVE_MEDIA: Setting[bool] = Setting(False)  # Django serves /media/ itself
    CMS_UPLOAD_MAX_BYTES: Setting[int] = Setting(5 * 1024 * 1024)
    CMS_UPLOAD_MAX_PIXELS: Setting[int] = Setting(40_000_000)
    CMS_UPLOAD_MAX_FRAMES: Setting[int] = Setting(1000)
    # Importers.
    CMS_IMPORT_MAX_BYTES: Setting[int] = Setting(10 * 1024 * 1024)
    CMS_ARXIV_API_URL: Setting[str] = Setting("https://export.arxiv.org/api/query")
    CMS_ARXIV_DELAY_SECONDS: Setting[float] = Setting(3.0)
    CMS_ARXIV_RETRIES: Setting[int] = Setting(3)
    CMS_PINYIN_SLUGS: Setting[bool] = Setting(True)
    # The static export: paths to render besides those it finds by crawling.
    CMS_EXPORT_EXTRA_URLS: Setting[list[str]] = Setting([])
    # Days an output may go unexported and still be planned from the change journal.
    CMS_JOURNAL_KEEP_DAYS: Setting[float] = Setting(30)
    # The JSON API.
    CMS_API_PAGE_SIZE: Setting[int] = Setting(20)
    CMS_API_MAX_PAGE_SIZE: Setting[int] = Setting(100)  # the largest ?page_size= allowed
    CMS_API_ANON_RATE: Setting[str] = Setting("120/minute")
    CMS_API_USER_RATE: Setting[str] = Setting("600/minute")
    # Search.
    CMS_SEARCH_MAX_QUERY_LENGTH: Setting[int] = Setting(200)  # longer queries are cut
    CMS_SEARCH_RESULTS_PER_PAGE: Setting[int] = Setting(lambda conf: conf.CMS_ENTRIES_PER_PAGE)
    CMS_SEARCH_MAX_PAGES: Setting[int] = Setting(20)
    # Webhooks: seconds before each retry (their count is the number of retries), and per POST.
    CMS_WEBHOOK_RETRY_DELAYS: Setting[list[float]] = Setting([30, 120, 600, 3600, 6 * 3600])
    CMS_WEBHOOK_TIMEOUT: Setting[float] = Setting(10.0)
    # Machine translation (cms/mt/): the engine, and how long and how often it is asked.
    CMS_MT_ENGINE: Setting[str] = Setting("")  # libretranslate+http://host:port/, deepl:, google:
    CMS_MT_TIMEOUT_SECONDS: Setting[float] = Setting(30.0)
    CMS_MT_RETRIES: Setting[int] = Setting(3)  # after a 429, a 5xx or no answer
    CMS_MT_RETRY_PAUSE_SECONDS: Setting[float] = Setting(1.0)  # doubled each retry
    # Behind a proxy that ends TLS: the client's address is the one it appended.
    CMS_BEHIND_PROXY: Setting[bool] = Setting(False)
    # Wrong passwords from one address, whatever the user names, before it is locked out.
    CMS_LOGIN_ADDRESS_FAILURE_LIMIT: Setting[int] = Setting(20)

    @classmethod
    def names(cls) -> list[str]:
        return [name for name, value in vars(cls).items() if isinstance(value, Setting)]

    @classmethod
    def follows_another(cls, name: str) -> bool:
        """Whether ``name`` is unset and so takes another setting's value (checked there)."""
        return getattr(settings, name, None) is None and callable(vars(cls)[name].default)


conf = Conf()
