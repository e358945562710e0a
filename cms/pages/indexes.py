"""Index page kinds: each language's topic index (``/en/topics/``) and archive (``/en/archive/``).

``topic_index_context`` and ``archive_index_context`` are what the two
templates get. The live views (``cms.views.topics.TopicListView``,
``cms.views.archive.ArchiveIndexView``) build them from a query;
``IndexPages`` builds them from the entries ``EntryPages`` loaded, and
``Taxonomy`` gives the counted topics and team authors that these pages and
the API's lists (``cms.pages.api_site``) show.
"""

import copy
from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from cms.models import Topic
from cms.pages.entry import EntryPages
from cms.public_urls import public_path

TOPICS_TEMPLATE = "cms/topic_list.html"
ARCHIVE_TEMPLATE = "cms/archive_index.html"


def counted(row, count: int):
    """A copy of ``row`` carrying ``entry_count``, as the live querysets annotate it (a copy:
    the same loaded topic or author is counted differently in each language)."""
    found = copy.copy(row)
    found.entry_count = count
    return found


def topic_index_context(topics: list) -> dict:
    """``topics``: those with public entries in the active language, in slug order, each with
    its ``entry_count`` there."""
    return {"topics": topics, "canonical_path": public_path("cms:topic-list")}


def archive_index_context(months: list[tuple[date, int]]) -> dict:
    """``months``: the first day of each month with public entries in the active language and
    how many, newest first; the page groups them by year."""
    years: dict[int, list[dict]] = {}
    for month, count in months:
        url = public_path("cms:archive-month", year=month.year, month=month.month)
        years.setdefault(month.year, []).append({"date": month, "count": count, "url": url})
    return {
        "years": [
            {"year": year, "url": public_path("cms:archive-year", year=year), "months": m}
            for year, m in years.items()
        ],
        "canonical_path": public_path("cms:archive"),
    }


class Taxonomy:
    """Each language's topics and team authors with their public entry counts, from the loaded
    entries. Their order is the database's (``Topic``'s slug, the username), asked once each
    (the topics with the loaded entries, ``EntryPages.all_topics``), so that a collation that
    sorts unlike Python still gives the live order."""

    def __init__(self, entries: EntryPages) -> None:
        self.entries = entries
        self.topic_rank = _ranks(entries.all_topics)
        users = get_user_model().objects.filter(is_active=True).order_by("username")
        self.author_rank = _ranks(users.values_list("pk", flat=True))
        self.found: dict[tuple[str, str], list] = {}

    def topics(self, language: str) -> list[Topic]:
        """``Topic.objects.with_public_entry_counts(language)``, in its order."""
        key = ("topics", language)
        if key not in self.found:
            grouped = self.entries.topics_in(language)
            self.found[key] = _ordered(grouped, self.topic_rank)
        return self.found[key]

    def authors(self, language: str) -> list:
        """``public_authors(language)`` with their counts, by username."""
        key = ("authors", language)
        if key not in self.found:
            grouped = self.entries.authors_in(language)
            self.found[key] = _ordered(grouped, self.author_rank)
        return self.found[key]

    def months(self, language: str) -> list[tuple[date, int]]:
        """Each month with public entries in ``language`` (site time zone), newest first;
        counted once (the archive's digest and its page both ask)."""
        key = ("months", language)
        if key not in self.found:
            counts: dict[date, int] = {}
            zone = timezone.get_current_timezone()
            for entry in self.entries.newest(language, None):
                local = timezone.localtime(entry.publish_at, zone)
                month = date(local.year, local.month, 1)
                counts[month] = counts.get(month, 0) + 1
            self.found[key] = sorted(counts.items(), reverse=True)
        return self.found[key]


class IndexPages:
    """The topic index and the archive index of every language."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.site = taxonomy.entries.site

    def urls(self) -> Iterator[tuple[str, tuple[str, str]]]:
        for language, _name in settings.LANGUAGES:
            yield public_path("cms:topic-list", language), ("topics", language)
            yield public_path("cms:archive", language), ("archive", language)

    def render(self, key: tuple[str, str]) -> bytes:
        kind, language = key
        with translation.override(language):
            if kind == "topics":
                template = TOPICS_TEMPLATE
                context = topic_index_context(self.taxonomy.topics(language))
            else:
                template = ARCHIVE_TEMPLATE
                context = archive_index_context(self.taxonomy.months(language))
        return self.site.render(template, context, language)


def _ranks(keys) -> dict:
    return {key: rank for rank, key in enumerate(keys)}


def _ordered(grouped: list[tuple], rank: dict) -> list:
    """Each ``(row, entries)`` as the row counted, in ``rank``'s order."""
    rows = [counted(row, len(entries)) for row, entries in grouped]
    return sorted(rows, key=lambda row: rank.get(row.pk, len(rank)))
