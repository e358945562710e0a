"""The load test submits the real admin forms, so its "zero lost saves" means what it says.

The full run (gunicorn, threads) is in .ci/run; here the form handling it
relies on is checked against the admin through the test client.
"""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from devtools.loadtest.client import form_fields
from devtools.loadtest.load import CONFLICT, PUBLISHED_BADGE
from devtools.percentiles import percentile
from tests.factories import make_entry

pytestmark = pytest.mark.django_db


def test_fields_read_from_the_change_form_save_the_entry(editor_client):
    entry = make_entry("Loaded", body="First line.")
    url = reverse("admin:cms_entry_change", args=[entry.pk])
    fields = form_fields(editor_client.get(url).content.decode(), "entry_form")
    assert dict(fields)["loaded_version"] == str(entry.version)
    fields = [(k, v + "\n\nmarker-1" if k == "body" else v) for k, v in fields]
    response = editor_client.post(url, dict_of_lists(fields + [("_save", "1")]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.body.splitlines()[-1] == "marker-1"
    assert entry.title == "Loaded"


def test_stale_form_shows_the_conflict_text_the_load_test_retries_on(editor_client):
    entry = make_entry("Loaded")
    url = reverse("admin:cms_entry_change", args=[entry.pk])
    fields = form_fields(editor_client.get(url).content.decode(), "entry_form")
    entry.body = "Changed by someone else."
    entry.save()
    response = editor_client.post(url, dict_of_lists(fields + [("_save", "1")]))
    assert response.status_code == 200
    assert CONFLICT in unescape(response.content.decode())


def test_login_form_fields_include_the_csrf_token():
    page = Client().get("/admin/login/").content.decode()
    assert "csrfmiddlewaretoken" in dict(form_fields(page, "login-form"))


def test_percentiles():
    values = [n / 100 for n in range(1, 101)]
    assert percentile(values, 0.5) == 0.51
    assert percentile(values, 0.99) == 1.0


def dict_of_lists(pairs):
    data = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


def test_change_form_names_the_public_page_the_stale_check_reads(editor_client):
    entry = make_entry("Loaded", slug="loaded-entry")
    url = reverse("admin:cms_entry_change", args=[entry.pk])
    page = editor_client.get(url).content.decode()
    fields = dict(form_fields(page, "entry_form"))
    assert PUBLISHED_BADGE in page
    assert (fields["language"], fields["slug"]) == ("en", "loaded-entry")
    assert Client().get(f"/{fields['language']}/entries/{fields['slug']}/").status_code == 200
