"""The public read API answers in the shapes its OpenAPI 3.1 schema documents (every endpoint,
later pages, errors), and the docs page uses only local assets and the schema beside it.
"""

import json
import re

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support import api as shared
from tests.support.api import ENDPOINTS, body, get

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api.py for the modules that share them.
site = shared.site


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


class TestSchema:
    @pytest.mark.parametrize(("path", "template"), ENDPOINTS)
    def test_every_read_endpoint_answers_in_its_documented_shape(
        self, site, openapi, path, template
    ):
        response = get(path)
        assert response.status_code == 200
        assert_matches_schema(openapi, template, response)

    def test_numbered_pages_answer_in_their_documented_shape(self, site, openapi, settings):
        settings.CMS_API_PAGE_SIZE = 1
        response = get("/api/v1/en/entries/p/1.json")
        assert response.status_code == 200
        assert "count" not in body(response)
        assert_matches_schema(openapi, "/api/v1/{language}/entries/p/{page}.json", response)

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
