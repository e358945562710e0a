"""What the public read API says about entries, topics, pages and authors: body HTML and sources,
topic names in the entry's language, newest first, URLs from the site URL, JSON 404s.
"""

import pytest
from django.test import Client

from cms.models import Entry
from tests.factories import yesterday
from tests.support import api as shared
from tests.support.api import ENDPOINTS, SITE, body, get

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api.py for the modules that share them.
site = shared.site


class TestEntry:
    def test_entry_carries_body_html_markdown_sources_and_provenance(self, site):
        data = body(get("/api/v1/zh-hans/entries/attention.json"))
        assert data["body"] == "Body of 注意力."
        assert data["translation"]["method"] == "machine"
        assert data["translation"]["translator"] == "Google Translate"
        assert data["translation"]["original"]["api_url"] == (
            SITE + "api/v1/en/entries/attention.json"
        )
        assert [v["language"] for v in data["versions"]] == ["en"]
        assert data["url"] == SITE + "zh-hans/entries/attention/"
        assert data["api_url"] == SITE + "api/v1/zh-hans/entries/attention.json"

    def test_body_html_is_the_sanitised_rendering(self, site):
        data = body(get("/api/v1/en/entries/attention.json"))
        assert data["body"] == "# Hi\n\n*there*"
        assert "<em>there</em>" in data["body_html"]

    def test_topic_names_are_in_the_entry_language(self, site):
        data = body(get("/api/v1/zh-hans/entries/attention.json"))
        assert data["topics"][0]["name"] == "机器学习"
        assert data["topics"][0]["url"] == SITE + "zh-hans/topics/machine-learning/"

    def test_lists_are_newest_first(self, site):
        Entry.objects.filter(pk=site["other"].pk).update(publish_at=yesterday().replace(year=2020))
        slugs = [e["slug"] for e in body(get("/api/v1/en/entries.json"))["results"]]
        assert slugs == ["attention", "cells"]

    def test_urls_come_from_the_site_url_not_the_host_header(self, site):
        response = Client(HTTP_HOST="evil.example").get("/api/v1/en/entries.json")
        assert b"evil.example" not in response.content

    def test_identical_requests_give_identical_bytes(self, site):
        for path, _template in ENDPOINTS:
            assert get(path).content == get(path).content

    def test_unknown_language_is_a_json_404(self, site):
        response = get("/api/v1/fr/entries.json")
        assert response.status_code == 404
        assert body(response)["errors"] == {}

    def test_unknown_api_path_is_a_json_404(self):
        response = get("/api/v1/en/entries/p/-1.json")
        assert response.status_code == 404
        assert "detail" in body(response)

    def test_index_links_every_language_and_counts_public_content(self, site):
        data = body(get("/api/v1/index.json"))
        assert data["counts"] == {"entries": 3, "topics": 2, "authors": 1, "pages": 2}
        assert [language["code"] for language in data["languages"]] == ["en", "zh-hans"]
        assert data["languages"][0]["api_url"] == SITE + "api/v1/en/entries.json"
        assert data["schema_url"] == SITE + "api/v1/schema.json"

    def test_pages_are_listed_in_navigation_order(self, site):
        data = body(get("/api/v1/en/pages.json"))
        assert [page["slug"] for page in data["results"]] == ["about", "contact"]

    def test_former_team_member_has_no_author_links(self, site):
        site["author"].is_active = False
        site["author"].save()
        data = body(get("/api/v1/en/entries/attention.json"))
        assert data["authors"][0]["url"] is None
        assert data["authors"][0]["api_url"] is None
        assert get("/api/v1/en/authors/mara.json").status_code == 404
