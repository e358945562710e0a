"""Conditional GET on the public read API: ETags on every endpoint, 304 without a body, a new
ETag after a public change and none after editing a draft.
"""

import re

import pytest

from cms.publishing import Status
from tests.factories import make_entry
from tests.support import api as shared
from tests.support.api import ENDPOINTS, get

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api.py for the modules that share them.
site = shared.site


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
