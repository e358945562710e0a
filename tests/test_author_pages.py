"""Who has a public author page (active, with a public entry in the language), asked in one place.

Every surface that links to an author page (entry pages, previews, the API)
and the pages themselves follow ``cms.publishing.public_authors``, so no
page links to an author page that answers 404, and the export of a site
whose byline names a former team member succeeds.
"""

import html5lib
import pytest
from django.test import Client

from cms.export import export_site
from cms.preview import preview_path
from cms.publishing import Status, has_author_page, public_authors
from tests.factories import make_entry, make_member, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def former_member():
    """Bea left the team: her account is inactive, her published entry stays."""
    bea = make_member("author", "bea")
    entry = make_entry("Bea's paper", slug="beas-paper", authors=[bea])
    bea.is_active = False
    bea.save()
    return bea, entry


def links(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    document = html5lib.parse(response.content, namespaceHTMLElements=False)
    return [element.get("href") for element in document.iter("a") if element.get("href")]


def test_entry_page_does_not_link_to_a_former_members_author_page(client, former_member):
    assert "/en/authors/bea/" not in links(client, "/en/entries/beas-paper/")
    assert "Bea" not in client.get("/en/authors/bea/").content.decode()
    assert client.get("/en/authors/bea/").status_code == 404


def test_entry_page_links_to_an_active_authors_page(client):
    ann = make_member("author", "ann")
    make_entry("Ann's paper", slug="anns-paper", authors=[ann])
    assert "/en/authors/ann/" in links(client, "/en/entries/anns-paper/")
    assert client.get("/en/authors/ann/").status_code == 200


def test_preview_links_only_to_author_pages_that_exist(client):
    ann = make_member("author", "ann")
    newcomer = make_member("author", "newcomer")
    make_entry("Ann's paper", slug="anns-paper", authors=[ann])
    draft = make_entry("Draft", slug="draft", status=Status.DRAFT, authors=[ann, newcomer])
    hrefs = links(client, preview_path(draft))
    assert "/en/authors/ann/" in hrefs
    assert "/en/authors/newcomer/" not in hrefs
    assert client.get("/en/authors/newcomer/").status_code == 404


def test_api_gives_no_author_url_for_a_former_member(client, former_member):
    [author] = client.get("/api/v1/en/entries/beas-paper.json").json()["authors"]
    assert author["username"] == "bea"
    assert author["url"] is None
    assert author["api_url"] is None
    assert client.get("/api/v1/en/authors/bea.json").status_code == 404
    assert client.get("/api/v1/en/authors.json").json()["results"] == []


def test_the_rule_needs_an_active_account_and_a_public_entry_in_the_language(former_member):
    bea, _entry = former_member
    ann = make_member("author", "ann")
    scheduled = make_member("author", "sam")
    make_entry("Ann's paper", slug="anns-paper", authors=[ann])
    make_entry("Later", slug="later", publish_at=tomorrow(), authors=[scheduled])
    assert list(public_authors("en")) == [ann]
    assert list(public_authors("zh-hans")) == []
    assert not has_author_page(bea, "en")
    assert not has_author_page(scheduled, "en")
    assert has_author_page(ann, "en")
    assert not has_author_page(ann, "zh-hans")


def test_a_site_whose_byline_names_a_former_member_exports(hashed_static, former_member, tmp_path):
    result = export_site(tmp_path / "site")
    assert result.ok, [link.describe() for link in result.broken]
    page = (tmp_path / "site" / "en" / "entries" / "beas-paper" / "index.html").read_text()
    assert "Bea" in page or "bea" in page
    assert not (tmp_path / "site" / "en" / "authors" / "bea").exists()
