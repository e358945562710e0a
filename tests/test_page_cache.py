"""The server-side page cache: each page rendered once per change, never stale, never personal."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from cms.export import export_site
from cms.models import Entry
from cms.page_cache import CACHE_ALIAS, is_storable
from cms.publishing import Status, frozen_clock, scheduled_entry_filter
from tests.factories import make_entry, make_member, make_topic, now, tomorrow
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

ENTRY_URL = "/en/entries/sparse-attention/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.CMS_PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def entry():
    return make_entry("Sparse attention", slug="sparse-attention", topics=[make_topic("ml")])


def queries_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


def test_repeated_anonymous_request_is_served_without_rendering(client, entry):
    first, rendered_queries = queries_of(client, ENTRY_URL)
    again, cached_queries = queries_of(client, ENTRY_URL)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert rendered_queries > 1
    assert cached_queries == 1


@pytest.mark.parametrize("extra", [5, 50])
def test_cached_list_costs_one_query_however_many_entries_it_shows(client, settings, extra):
    settings.CMS_ENTRIES_PER_PAGE = 100
    for number in range(extra):
        make_entry(f"Listed {number}")
    client.get("/en/")
    assert queries_of(client, "/en/")[1] == 1


def test_cached_page_still_answers_304_and_carries_cache_headers(client, entry):
    first = client.get(ENTRY_URL)
    cached = client.get(ENTRY_URL)
    assert cached["ETag"] == first["ETag"]
    assert cached["Cache-Control"].startswith("public, max-age=")
    assert cached["X-Content-Type-Options"] == "nosniff"
    again = client.get(ENTRY_URL, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_edit_saved_in_the_admin_shows_at_once(client, entry):
    assert b"Sparse attention" in client.get(ENTRY_URL).content
    editor = make_member("editor")
    client.force_login(editor)
    response = client.post(change_url(entry), form_data(entry, title="Sparse attention, revised"))
    assert response.status_code == 302
    client.logout()
    assert b"Sparse attention, revised" in client.get(ENTRY_URL).content


def test_renamed_topic_shows_on_the_cached_entry_page(client, entry):
    client.get(ENTRY_URL)
    topic = entry.topics.get()
    topic.name = "Machine learning, renamed"
    topic.save()
    assert b"Machine learning, renamed" in client.get(ENTRY_URL).content


def test_new_topic_link_shows_on_the_cached_entry_page(client, entry):
    client.get(ENTRY_URL)
    entry.topics.add(make_topic("vision", name="Computer vision"))
    assert b"Computer vision" in client.get(ENTRY_URL).content


def test_unpublished_entry_is_gone_at_once(client, entry):
    assert client.get(ENTRY_URL).status_code == 200
    entry.delete()
    assert client.get(ENTRY_URL).status_code == 404


def test_scheduled_entry_appears_on_a_cached_list_when_its_time_comes(client, entry):
    make_entry("Scheduled paper", publish_at=now() + timedelta(hours=1))
    assert b"Scheduled paper" not in client.get("/en/").content
    assert b"Scheduled paper" not in client.get("/en/").content
    with frozen_clock(now() + timedelta(hours=2)):
        assert b"Scheduled paper" in client.get("/en/").content


def test_signed_in_editor_never_gets_or_fills_the_cache(client, entry):
    editor = Client()
    editor.force_login(make_member("editor"))
    client.get(ENTRY_URL)
    assert queries_of(editor, ENTRY_URL)[1] > 1
    Entry.objects.filter(pk=entry.pk).update(title="Changed behind the cache's back")
    response, queries = queries_of(editor, ENTRY_URL)
    assert queries > 1
    assert b"Changed behind" in response.content
    assert b"Changed behind" not in client.get(ENTRY_URL).content


def test_request_with_a_query_string_is_rendered_every_time(client, entry):
    client.get(ENTRY_URL + "?utm_source=feed")
    assert queries_of(client, ENTRY_URL + "?utm_source=feed")[1] > 1


def test_page_cache_off_renders_every_request(client, entry, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0
    client.get(ENTRY_URL)
    assert queries_of(client, ENTRY_URL)[1] > 1


@pytest.mark.parametrize(
    "header, value",
    [("Vary", "Accept-Language"), ("Cache-Control", "private"), ("Set-Cookie", None)],
)
def test_response_for_some_readers_only_is_not_stored(header, value):
    request = RequestFactory().get("/en/")
    response = HttpResponse("page")
    if value is None:
        response.set_cookie("sessionid", "abc")
    else:
        response[header] = value
    assert is_storable(request, HttpResponse("page"))
    assert not is_storable(request, response)


def test_export_never_reads_the_page_cache(client, entry, tmp_path, hashed_static):
    assert b"Sparse attention" in client.get(ENTRY_URL).content
    Entry.objects.filter(pk=entry.pk).update(title="Renamed without signals")
    assert b"Renamed without signals" not in client.get(ENTRY_URL).content
    export_site(tmp_path / "site", base_url="https://digest.example.org/")
    page = tmp_path / "site" / "en" / "entries" / "sparse-attention" / "index.html"
    assert "Renamed without signals" in page.read_text()


def test_only_published_entries_still_to_come_are_scheduled():
    coming = make_entry("Coming", publish_at=tomorrow())
    make_entry("Out already")
    make_entry("Draft", status=Status.DRAFT, publish_at=tomorrow())
    assert list(Entry.objects.filter(scheduled_entry_filter())) == [coming]
