"""A server-side cache of public pages: each page is rendered once per change of the content.

An anonymous visitor's page depends on the path, the code and settings, the
content and the clock. The content is summed up by one token
(``SiteVersion``) that every save, delete or relation change of public
content replaces (``connect``); bulk writes that send no signals call
``content_changed`` themselves. The clock matters only where an entry is
scheduled: the key also holds the next scheduled publication after now, so a
page cached before an entry's ``publish_at`` is not served after it. Each
cache entry also expires after ``CMS_PAGE_CACHE_SECONDS`` (0 turns the cache
off), which bounds what a write that bypassed all of this could leave stale.

Only anonymous ``GET`` requests without a query string are cached, and only
complete 200 responses that ``cms.caching.is_shareable`` allows a shared
cache to keep, so nothing that belongs to one person, sets a cookie or
decided its own caching (the API, previews, the admin) is ever stored. The
cache is the ``pages`` alias of ``CACHES``: memory local to each worker by
default, bounded by ``CMS_PAGE_CACHE_ENTRIES``, or one Redis shared by every
worker and machine when ``REDIS_URL`` is set; the token lives in the database,
so a change made anywhere invalidates every copy.
"""

import bisect
import hashlib
import logging
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import set_response_etag

from cms.caching import is_shareable
from cms.conf import conf
from cms.publishing import public_now, scheduled_entry_filter

CACHE_ALIAS = "pages"

logger = logging.getLogger(__name__)


def content_changed() -> None:
    """Give the public content a new token, so no page cached before this is served again."""
    from cms.models import SiteVersion
    from cms.models.site_version import new_token

    if not SiteVersion.objects.update(token=new_token()):
        SiteVersion.objects.create()


def current_token() -> str | None:
    """The content's token, empty until the first change; None when the database cannot tell.

    The cache only saves work: a database that cannot answer (not migrated
    yet, say) must not fail a page that needs no database, such as robots.txt.
    Read with one plain statement: it runs on every cached request, where
    building an ORM query cost more than serving the page.
    """
    from cms.models import SiteVersion

    table = connection.ops.quote_name(SiteVersion._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {table} LIMIT 1")
            row = cursor.fetchone()
        return row[0] if row else ""
    except DatabaseError:
        logger.warning("The page cache is bypassed: the site version could not be read.")
        return None


class Schedule:
    """The future publication instants of one content token, read once per process and token."""

    def __init__(self) -> None:
        self.token: str | None = None
        self.read_at: datetime | None = None
        self.instants: list[datetime] = []

    def next_after(self, token: str, now: datetime) -> datetime | None:
        """The first scheduled publication after ``now``: the moment cached pages go stale."""
        if token != self.token or self.read_at is None or now < self.read_at:
            self.instants = scheduled_instants(now)
            self.token, self.read_at = token, now
        index = bisect.bisect_right(self.instants, now)
        return self.instants[index] if index < len(self.instants) else None


def scheduled_instants(now: datetime) -> list[datetime]:
    """Every ``publish_at`` after ``now`` of an entry that is otherwise published, in order."""
    from cms.models import Entry

    instants = Entry.objects.filter(scheduled_entry_filter(now))
    return sorted(set(instants.values_list("publish_at", flat=True)))


def is_cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_storable(request, response) -> bool:
    """A complete 200 page for every reader, the same whatever the request's headers."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Vary")
        and is_shareable(request, response)
    )


def cache_key(request, token: str, stale_at: datetime | None) -> str:
    parts = [token, stale_at.isoformat() if stale_at else "", request.build_absolute_uri()]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def freeze(response) -> tuple[int, list[tuple[str, str]], bytes]:
    """The response as plain values, its ETag taken once here rather than on every hit."""
    set_response_etag(response)
    return response.status_code, list(response.items()), response.content


def thaw(frozen: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Serve anonymous public pages from the ``pages`` cache; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.schedule = Schedule()

    def __call__(self, request):
        seconds = conf.CMS_PAGE_CACHE_SECONDS
        if seconds <= 0 or not is_cacheable_request(request):
            return self.get_response(request)
        token = current_token()
        if token is None:
            return self.get_response(request)
        key = cache_key(request, token, self.schedule.next_after(token, public_now()))
        cache = caches[CACHE_ALIAS]
        frozen = cache.get(key)
        if frozen is not None:
            return thaw(frozen)
        response = self.get_response(request)
        if is_storable(request, response):
            cache.set(key, freeze(response), seconds)
        return response


def is_public_content(model) -> bool:
    """Whether rows of ``model`` can be shown on the public site (author names included)."""
    from cms.models import SiteVersion

    meta = model._meta
    if model is SiteVersion:
        return False
    return meta.app_label == "cms" or meta.label_lower == "auth.user"


def model_changed(sender, action: str | None = None, **kwargs) -> None:
    """A row was saved or deleted, or (``action``) a relation changed; once per change."""
    if action is not None and not action.startswith("post_"):
        return
    if is_public_content(sender):
        content_changed()


def connect() -> None:
    """Wire the receivers; called once from ``CmsConfig.ready``."""
    post_save.connect(model_changed, dispatch_uid="cms.page_cache.saved")
    post_delete.connect(model_changed, dispatch_uid="cms.page_cache.deleted")
    m2m_changed.connect(model_changed, dispatch_uid="cms.page_cache.relations")
