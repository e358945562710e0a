"""Every paginated public list with its number of entries, from a few grouped queries.

The export needs the lists without rendering them: the old ``/page/<n>/``
URLs are linked from nowhere any more, yet must still be written as
redirect pages, and planning which numbered pages exist needs each list's
count. Each list is the route of its front, its URL arguments, its
language and how many public entries it holds, the same entries the list
view shows (``Entry.objects.published()``, ``Topic.objects.with_public_entry_counts``,
``public_authors`` with ``public_entry_count``).
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth

from cms.models import Entry, Topic
from cms.publishing import public_authors, public_entry_count
from cms.views.pagination import legacy_page_paths_of


@dataclass(frozen=True)
class PublicList:
    url_name: str
    kwargs: tuple[tuple[str, str | int], ...]
    language: str
    count: int


def public_lists() -> Iterator[PublicList]:
    """The language homes, topic, author, year and month lists that have public entries."""
    for language, _name in settings.LANGUAGES:
        yield from lists_in(language)


def lists_in(language: str) -> Iterator[PublicList]:
    entries = Entry.objects.published().filter(language=language)
    yield PublicList("entry-list", (), language, entries.count())
    topics = (
        Topic.objects.with_public_entry_counts(language)
        .values_list("slug", "entry_count")
        .order_by("slug")
    )
    for slug, count in topics:
        yield PublicList("topic-detail", (("slug", slug),), language, count)
    authors = (
        public_authors(language)
        .annotate(count=public_entry_count(language))
        .values_list("username", "count")
        .order_by("username")
    )
    for username, count in authors:
        yield PublicList("author-detail", (("username", username),), language, count)
    months = (
        entries.annotate(month=TruncMonth("publish_at"))
        .values_list("month")
        .annotate(count=Count("id"))
        .order_by("month")
    )
    years: Counter[int] = Counter()
    for month, count in months:
        years[month.year] += count
        yield PublicList(
            "archive-month", (("year", month.year), ("month", month.month)), language, count
        )
    for year, count in sorted(years.items()):
        yield PublicList("archive-year", (("year", year),), language, count)


def legacy_page_paths() -> list[str]:
    """The old ``…/page/<n>/`` URLs (n ≥ 2) a list had, each now a redirect to its front."""
    size = settings.CMS_ENTRIES_PER_PAGE
    paths = []
    for public_list in public_lists():
        url_name, language, kwargs = public_list.url_name, public_list.language, public_list.kwargs
        paths += legacy_page_paths_of(url_name, language, dict(kwargs), public_list.count, size)
    return paths
