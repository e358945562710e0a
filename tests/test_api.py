"""The public read API: shapes against the OpenAPI schema, pagination, conditional GET, links."""

import json
import re

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_page, make_topic, yesterday

pytestmark = pytest.mark.django_db

SITE = "https://digest.example.org/"


def get(path: str, client: Client | None = None, **headers):
    return (client or Client()).get(path, headers=headers)


def body(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


@pytest.fixture
def site():
    """Two languages, a translation, topics, a byline and pages, all public."""
    ml = make_topic("machine-learning", "Machine learning", **{"zh-hans": "机器学习"})
    bio = make_topic("biology", "Biology")
    mara = make_member("author", "mara", first_name="Mara", last_name="Lind")
    original = make_entry(
        "Attention", slug="attention", topics=[ml], authors=[mara], body="# Hi\n\n*there*"
    )
    translation = make_entry(
        "注意力",
        slug="attention",
        language="zh-hans",
        translation_of=original,
        translation_method="machine",
        translator="Google Translate",
        topics=[ml],
    )
    other = make_entry("Cells", slug="cells", topics=[bio], authors=[mara])
    make_page("About", slug="about")
    make_page("Contact", slug="contact", nav_order=2)
    return {"original": original, "translation": translation, "other": other, "author": mara}


@pytest.fixture(scope="module")
def openapi(django_db_setup, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return json.loads(Client().get("/api/v1/schema.json").content)


def assert_matches_schema(openapi: dict, template: str, response, status: int = 200) -> None:
    """The response body is valid against the schema the API documents for it."""
    operation = openapi["paths"][template]["get"]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    registry = Registry().with_resource(
        "urn:openapi", Resource(contents=openapi, specification=DRAFT202012)
    )
    ref = schema["$ref"].replace("#/", "urn:openapi#/", 1)
    validator = Draft202012Validator(
        {"$ref": ref}, registry=registry, format_checker=FormatChecker()
    )
    errors = [error.message for error in validator.iter_errors(body(response))]
    assert errors == []


ENDPOINTS = [
    ("/api/v1/index.json", "/api/v1/index.json"),
    ("/api/v1/entries.json", "/api/v1/entries.json"),
    ("/api/v1/en/entries.json", "/api/v1/{language}/entries.json"),
    ("/api/v1/en/entries/attention.json", "/api/v1/{language}/entries/{slug}.json"),
    ("/api/v1/zh-hans/entries/attention.json", "/api/v1/{language}/entries/{slug}.json"),
    ("/api/v1/en/topics.json", "/api/v1/{language}/topics.json"),
    ("/api/v1/en/topics/machine-learning.json", "/api/v1/{language}/topics/{slug}.json"),
    ("/api/v1/en/authors.json", "/api/v1/{language}/authors.json"),
    ("/api/v1/en/authors/mara.json", "/api/v1/{language}/authors/{username}.json"),
    ("/api/v1/en/pages.json", "/api/v1/{language}/pages.json"),
    ("/api/v1/en/pages/about.json", "/api/v1/{language}/pages/{slug}.json"),
]


class TestSchema:
    @pytest.mark.parametrize(("path", "template"), ENDPOINTS)
    def test_every_read_endpoint_answers_in_its_documented_shape(
        self, site, openapi, path, template
    ):
        response = get(path)
        assert response.status_code == 200
        assert_matches_schema(openapi, template, response)

    def test_paginated_later_pages_answer_in_their_documented_shape(self, site, openapi, settings):
        settings.CMS_API_PAGE_SIZE = 1
        response = get("/api/v1/en/entries/page/2.json")
        assert_matches_schema(openapi, "/api/v1/{language}/entries/page/{page}.json", response)

    def test_errors_answer_in_the_documented_error_shape(self, site, openapi):
        response = get("/api/v1/en/entries/nothing-here.json")
        assert response.status_code == 404
        assert_matches_schema(openapi, "/api/v1/{language}/entries/{slug}.json", response, 404)

    def test_schema_is_openapi_3_1_and_documents_every_route(self, openapi):
        assert openapi["openapi"].startswith("3.1")
        for _path, template in ENDPOINTS:
            assert template in openapi["paths"]
        assert "post" in openapi["paths"]["/api/v1/entries/"]
        assert "patch" in openapi["paths"]["/api/v1/entries/{id}/"]

    def test_live_only_parameters_say_so_in_the_schema(self, openapi):
        parameters = openapi["paths"]["/api/v1/{language}/entries.json"]["get"]["parameters"]
        queries = [p for p in parameters if p["in"] == "query"]
        assert {p["name"] for p in queries} >= {"topic", "author", "updated_since", "page_size"}
        assert all("Live API only" in p["description"] for p in queries)


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
        response = get("/api/v1/en/entries/page/-1.json")
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


PRIVATE_KEYS = {"email", "password", "is_staff", "is_superuser", "last_login", "status"}


def all_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in all_keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in all_keys(item)}
    return set()


class TestExposure:
    """Explicit field lists: a snapshot of what each public object carries."""

    def test_entry_detail_keys_are_exactly_the_public_fields(self, site):
        data = body(get("/api/v1/en/entries/attention.json"))
        assert list(data) == [
            "id", "language", "slug", "title", "summary", "publish_at", "updated_at",
            "topics", "authors", "translation", "url", "api_url", "body_html", "body",
            "paper_authors", "source_url", "arxiv_id", "doi", "code_url", "journal_ref",
            "paper_comment", "paper_published", "paper_updated", "classification", "versions",
        ]  # fmt: skip
        assert list(data["authors"][0]) == ["username", "name", "url", "api_url"]

    @pytest.mark.parametrize(("path", "_template"), ENDPOINTS)
    def test_no_public_response_carries_account_or_workflow_fields(self, site, path, _template):
        assert not all_keys(body(get(path))) & PRIVATE_KEYS


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


class TestConditional:
    def test_every_read_endpoint_sends_an_etag_and_no_site_wide_date(self, site):
        for path, _template in ENDPOINTS:
            response = get(path)
            assert re.fullmatch(r'"[0-9a-f]{40}"', response["ETag"])
            assert not response.has_header("Last-Modified")

    def test_matching_etag_gives_304_with_no_body(self, site):
        etag = get("/api/v1/en/entries.json")["ETag"]
        response = get("/api/v1/en/entries.json", If_None_Match=etag)
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag

    def test_a_change_gives_a_new_etag_and_200(self, site):
        etag = get("/api/v1/en/entries.json")["ETag"]
        site["other"].title = "Changed"
        site["other"].save()
        response = get("/api/v1/en/entries.json", If_None_Match=etag)
        assert response.status_code == 200
        assert response["ETag"] != etag

    def test_editing_a_draft_does_not_change_a_public_document(self, site):
        etag = get("/api/v1/en/pages/about.json")["ETag"]
        make_entry("Still a draft", status=Status.DRAFT)
        assert get("/api/v1/en/pages/about.json", If_None_Match=etag).status_code == 304

    def test_schema_supports_conditional_requests_too(self):
        etag = get("/api/v1/schema.json")["ETag"]
        assert get("/api/v1/schema.json", If_None_Match=etag).status_code == 304


class TestDocs:
    def test_docs_page_uses_only_local_assets(self):
        response = get("/api/v1/docs/")
        assert response.status_code == 200
        sources = re.findall(rb'(?:src|href)="([^"]+)"', response.content)
        assert sources and all(not s.startswith((b"http:", b"https:", b"//")) for s in sources)

    def test_docs_script_points_at_the_schema_beside_it(self):
        response = get("/api/v1/docs/init.js")
        assert response.status_code == 200
        assert b'"../schema.json"' in response.content
        assert b"validatorUrl: null" in response.content


class TestStatusVisibility:
    """A sanity check here; tests/test_api_visibility.py covers every status and surface."""

    def test_draft_is_not_served(self):
        make_entry("Secret", slug="secret", status=Status.DRAFT)
        assert get("/api/v1/en/entries/secret.json").status_code == 404
