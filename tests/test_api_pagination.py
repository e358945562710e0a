"""Pagination of the public read API: next links reach every entry once, page one redirects to
the list, past the end is 404, live query strings kept, topic and author lists by path.
"""

import pytest

from tests.factories import make_entry, yesterday
from tests.support import api as shared
from tests.support.api import SITE, body, get

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api.py for the modules that share them.
site = shared.site


class TestPagination:
    def test_following_next_reaches_the_last_page_with_every_entry_once(self, settings):
        settings.CMS_API_PAGE_SIZE = 4
        expected = [
            make_entry(f"E{i}", publish_at=yesterday().replace(day=1, hour=i)) for i in range(11)
        ]
        url, seen, pages = SITE + "api/v1/en/entries.json", [], []
        while url:
            data = body(get(url.removeprefix(SITE.rstrip("/"))))
            pages.append(data["page"])
            seen += [entry["id"] for entry in data["results"]]
            url = data["next"]
        assert pages == [1, 2, 3]
        assert seen == [entry.pk for entry in reversed(expected)]
        assert data["previous"] == SITE + "api/v1/en/entries/page/2.json"
        assert data["pages"] == 3 and data["count"] == 11

    def test_page_past_the_end_is_404(self, site):
        assert get("/api/v1/en/entries/page/2.json").status_code == 404
        assert get("/api/v1/en/entries/page/99999999999999999999.json").status_code == 404

    def test_page_one_redirects_to_the_list_address(self, site):
        response = get("/api/v1/en/entries/page/1.json?page_size=2")
        assert response.status_code == 301
        assert response["Location"] == "/api/v1/en/entries.json?page_size=2"

    def test_next_keeps_the_live_query_string(self, site):
        data = body(get("/api/v1/entries.json?page_size=1&language=en"))
        assert data["next"] == SITE + "api/v1/entries/page/2.json?page_size=1&language=en"

    def test_topic_and_author_lists_paginate_by_path(self, site, settings):
        settings.CMS_API_PAGE_SIZE = 1
        topic = body(get("/api/v1/en/authors/mara.json"))
        assert topic["next"] == SITE + "api/v1/en/authors/mara/page/2.json"
        assert body(get("/api/v1/en/authors/mara/page/2.json"))["next"] is None
