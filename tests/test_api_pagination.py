"""Pagination of the public read API, counted from the oldest entry: ``next`` from a list's own
address meets every entry once, a numbered page keeps its bytes when an entry is published, old
``…/page/<n>.json`` URLs redirect to the list while they were pages, past the end is 404, live
query strings are kept, and topic and author lists paginate by path.
"""

import pytest

from tests.factories import make_entry, yesterday
from tests.support import api as shared
from tests.support.api import SITE, body, get

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api.py for the modules that share them.
site = shared.site


def entries(count: int, hour: int = 0) -> list:
    """``count`` public English entries, oldest first, an hour apart from ``hour``."""
    return [
        make_entry(f"E{hour + i}", publish_at=yesterday().replace(day=1, hour=hour + i))
        for i in range(count)
    ]


def walk(url: str) -> tuple[list, list, dict]:
    """Follow ``next`` from ``url``: each page's number, every entry id met, the last page."""
    pages, seen = [], []
    while url:
        data = body(get(url.removeprefix(SITE.rstrip("/"))))
        pages.append(data["page"])
        seen += [entry["id"] for entry in data["results"]]
        url = data["next"]
    return pages, seen, data


class TestPagination:
    def test_following_next_from_the_list_meets_every_entry_once_newest_first(self, settings):
        settings.CMS_API_PAGE_SIZE = 4
        published = entries(11)
        front = body(get("/api/v1/en/entries.json"))
        pages, seen, last = walk(SITE + "api/v1/en/entries.json")
        assert pages == [None, 2, 1]
        assert seen == [entry.pk for entry in reversed(published)]
        assert (front["count"], front["pages"], len(front["results"])) == (11, 2, 3)
        assert last["previous"] == SITE + "api/v1/en/entries/p/2.json"

    def test_numbered_page_one_holds_the_oldest_entries(self, settings):
        settings.CMS_API_PAGE_SIZE = 2
        published = entries(5)
        page = body(get("/api/v1/en/entries/p/1.json"))
        assert [entry["id"] for entry in page["results"]] == [published[1].pk, published[0].pk]
        assert page["next"] is None
        assert "count" not in page and "pages" not in page

    def test_publishing_an_entry_leaves_every_numbered_page_as_it_was(self, settings):
        settings.CMS_API_PAGE_SIZE = 2
        entries(7)
        before = {n: get(f"/api/v1/en/entries/p/{n}.json").content for n in (1, 2, 3)}
        front = get("/api/v1/en/entries.json").content
        entries(1, hour=10)
        after = {n: get(f"/api/v1/en/entries/p/{n}.json").content for n in (1, 2, 3)}
        assert after == before
        assert get("/api/v1/en/entries.json").content != front

    def test_a_full_front_becomes_the_next_numbered_page_when_an_entry_is_published(self, settings):
        settings.CMS_API_PAGE_SIZE = 2
        published = entries(4)
        assert body(get("/api/v1/en/entries.json"))["pages"] == 1
        assert get("/api/v1/en/entries/p/2.json").status_code == 404
        entries(1, hour=10)
        page = body(get("/api/v1/en/entries/p/2.json"))
        assert [entry["id"] for entry in page["results"]] == [published[3].pk, published[2].pk]
        assert page["previous"] == SITE + "api/v1/en/entries.json"
        assert body(get("/api/v1/en/entries/p/1.json"))["previous"] == page_url(2)

    def test_page_past_the_end_is_404(self, site):
        assert get("/api/v1/en/entries/p/1.json").status_code == 404
        assert get("/api/v1/en/entries/p/0.json").status_code == 404
        assert get("/api/v1/en/entries/p/99999999999999999999.json").status_code == 404

    def test_old_page_urls_redirect_to_the_list_while_they_were_pages(self, settings):
        settings.CMS_API_PAGE_SIZE = 2
        entries(3)
        response = get("/api/v1/en/entries/page/1.json?page_size=2")
        assert response.status_code == 301
        assert response["Location"] == "/api/v1/en/entries.json?page_size=2"
        assert get("/api/v1/en/entries/page/2.json")["Location"] == "/api/v1/en/entries.json"
        assert get("/api/v1/en/entries/page/3.json").status_code == 404
        assert get("/api/v1/en/entries/page/0.json").status_code == 404

    def test_next_keeps_the_live_query_string(self, site):
        data = body(get("/api/v1/entries.json?page_size=1&language=en"))
        assert data["next"] == SITE + "api/v1/entries/p/1.json?page_size=1&language=en"

    def test_topic_and_author_lists_paginate_by_path(self, site, settings):
        settings.CMS_API_PAGE_SIZE = 1
        author = body(get("/api/v1/en/authors/mara.json"))
        assert author["next"] == SITE + "api/v1/en/authors/mara/p/1.json"
        assert body(get("/api/v1/en/authors/mara/p/1.json"))["next"] is None
        topic = get("/api/v1/en/topics/machine-learning/page/1.json")
        assert topic["Location"] == "/api/v1/en/topics/machine-learning.json"


def page_url(number: int) -> str:
    return f"{SITE}api/v1/en/entries/p/{number}.json"
