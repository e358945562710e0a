"""The public read API exposes exactly the public fields: no account or workflow fields in any
response, and no draft served.
"""

import pytest

from cms.publishing import Status
from tests.factories import make_entry
from tests.support import api as shared
from tests.support.api import ENDPOINTS, body, get

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api.py for the modules that share them.
site = shared.site


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


class TestStatusVisibility:
    """A sanity check here; tests/test_api_visibility.py covers every status and surface."""

    def test_draft_is_not_served(self):
        make_entry("Secret", slug="secret", status=Status.DRAFT)
        assert get("/api/v1/en/entries/secret.json").status_code == 404
