"""Renamed entries keep their old addresses: permanent redirects to the newest URL, none that
shadows an entry or leads to an unpublished one.
"""

import pytest

from cms.models import Redirect
from cms.publishing import Status
from tests.support import discovery as shared

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/discovery.py for the modules that share them.
content = shared.content


class TestRedirects:
    def test_renamed_slug_redirects_permanently_to_the_new_url(self, client, content):
        entry = content["original"]
        entry.slug = "graphene-2004"
        entry.save()
        response = client.get("/en/entries/graphene/")
        assert response.status_code == 301
        assert response["Location"] == "/en/entries/graphene-2004/"

    def test_renaming_twice_sends_both_old_urls_to_the_newest(self, client, content):
        entry = content["original"]
        for slug in ("second", "third"):
            entry.slug = slug
            entry.save()
        assert client.get("/en/entries/graphene/")["Location"] == "/en/entries/third/"
        assert client.get("/en/entries/second/")["Location"] == "/en/entries/third/"

    def test_renaming_back_removes_the_redirect_that_would_shadow_the_entry(self, client, content):
        entry = content["original"]
        entry.slug = "other"
        entry.save()
        entry.slug = "graphene"
        entry.save()
        assert client.get("/en/entries/graphene/").status_code == 200
        assert list(Redirect.objects.values_list("old_path", flat=True)) == ["/en/entries/other/"]

    def test_redirect_to_an_unpublished_entry_stays_a_404(self, client, content):
        entry = content["original"]
        entry.slug = "renamed"
        entry.status = Status.DRAFT
        entry.save()
        assert client.get("/en/entries/graphene/").status_code == 404
