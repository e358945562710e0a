"""The search pages: the public page (exportable without a query, linked from every page, not
indexed by robots, paginated) and the admin's search over the index.
"""

import pytest
from bs4 import BeautifulSoup

from cms.publishing import Status
from tests.factories import make_entry, make_user
from tests.support.search import HOSTILE_QUERIES

pytestmark = pytest.mark.django_db


class TestSearchPage:
    def test_page_without_query_is_a_plain_exportable_page(self, client):
        response = client.get("/en/search/")
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html5lib")
        form = soup.select_one("form[data-search-form]")
        assert form.get("action") is None and form["method"] == "get"
        assert form["data-query"] == ""
        assert not soup.select(".search-result")
        assert soup.find("meta", attrs={"name": "robots"}) is None
        assert all("?" not in a["href"] for a in soup.find_all("a", href=True))
        assert soup.select_one("[data-search-home]")["href"] == "/en/"
        assert soup.find("link", rel="canonical")["href"].endswith("/en/search/")

    def test_every_page_links_to_search(self, client):
        soup = BeautifulSoup(client.get("/zh-hans/").content, "html5lib")
        assert soup.find("a", href="/zh-hans/search/").get_text() == "搜索"

    def test_results_page_is_not_indexed_by_robots(self, client):
        make_entry("Diffusion")
        soup = BeautifulSoup(client.get("/en/search/", {"q": "diffusion"}).content, "html5lib")
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"

    def test_pagination_by_query_string(self, client, settings):
        settings.CMS_SEARCH_RESULTS_PER_PAGE = 10
        for number in range(25):
            make_entry(f"Lattice {number}")
        first = client.get("/en/search/", {"q": "lattice"})
        assert len(first.context["results"]) == 10
        assert first.context["next_page_url"] == "?q=lattice&page=2"
        third = client.get("/en/search/", {"q": "lattice", "page": "3"})
        assert len(third.context["results"]) == 5
        assert third.context["previous_page_url"] == "?q=lattice&page=2"
        assert (
            client.get("/en/search/", {"q": "lattice", "page": "x"}).context["page_obj"].number == 1
        )
        assert (
            client.get("/en/search/", {"q": "lattice", "page": "99"}).context["page_obj"].number
            == 3
        )

    def test_pages_past_the_cap_are_not_offered(self, client, settings):
        settings.CMS_SEARCH_RESULTS_PER_PAGE = 2
        settings.CMS_SEARCH_MAX_PAGES = 2
        for number in range(7):
            make_entry(f"Capped {number}")
        response = client.get("/en/search/", {"q": "capped", "page": "4"})
        assert response.context["total"] == 7
        assert response.context["page_obj"].number == 2
        assert response.context["next_page_url"] is None


class TestAdminSearch:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(make_user("boss", superuser=True))
        return client

    def test_admin_search_uses_the_index_and_sees_drafts(self, admin_client):
        make_entry("Draft notes", status=Status.DRAFT, body="Hidden diffusion detail.")
        make_entry("扩散模型综述", language="zh-hans", status=Status.REVIEW)
        make_entry("Unrelated")
        response = admin_client.get("/admin/cms/entry/", {"q": "diffusion"})
        assert [e.title for e in response.context["cl"].result_list] == ["Draft notes"]
        response = admin_client.get("/admin/cms/entry/", {"q": "扩散"})
        assert [e.title for e in response.context["cl"].result_list] == ["扩散模型综述"]

    def test_admin_search_finds_identifiers_and_half_typed_titles(self, admin_client):
        make_entry("Folding proteins", arxiv_id="2101.00001", slug="folding")
        for term in ["2101.00001", "Foldi", "folding"]:
            response = admin_client.get("/admin/cms/entry/", {"q": term})
            assert [e.title for e in response.context["cl"].result_list] == ["Folding proteins"]

    def test_admin_hostile_search_never_fails(self, admin_client):
        for text in HOSTILE_QUERIES:
            expected = 400 if "\x00" in text else 200
            assert admin_client.get("/admin/cms/entry/", {"q": text}).status_code == expected
