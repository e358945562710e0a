"""The live API's query parameters: an allow-list, validated, capped, and throttled.

The abuse cases of the security catalogue (A01, A02, A05): unbounded page
sizes, ORM lookups smuggled in as parameters, ordering by secret columns,
long or odd search text. Each is a 400 with a JSON message, never a 500 and
never a silently wider result.
"""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_entry, make_member, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()
    yield
    cache.clear()


def get(path: str):
    return Client().get(path)


def errors(response) -> dict:
    assert response.status_code == 400, response.content
    data = json.loads(response.content)
    assert data["detail"]
    return data["errors"]


@pytest.mark.parametrize(
    "query",
    [
        "page_size=1000000",
        "page_size=-1",
        "page_size=0",
        "page_size=abc",
        "page_size=1e3",
        "ordering=author__password",
        "ordering=email",
        "ordering=-id",
        "author__password__startswith=pbkdf2_sha256$",
        "_connector=OR&is_superuser=True",
        "status=draft",
        "fields=body,internal_notes",
        "limit=1000000",
        "offset=99999999999999999999",
        "page=2",
        "format=api",
        "topic=../../x",
        "topic=Not%20A%20Slug",
        "updated_since=yesterday",
        "updated_since=2024-13-45",
        "search=" + "a" * 101,
        "search=%00",
        "author=" + "x" * 151,
        "page_size=1&page_size=2",
    ],
)
def test_bad_or_unknown_parameters_are_400_with_a_json_message(query):
    make_entry()
    assert errors(get(f"/api/v1/en/entries.json?{query}"))


def test_unknown_parameter_error_names_the_accepted_ones():
    message = errors(get("/api/v1/en/entries.json?limit=5"))["limit"][0]
    assert "page_size" in message and "topic" in message


def test_endpoints_without_filters_refuse_every_parameter():
    make_entry()
    for path in ("/api/v1/index.json", "/api/v1/en/topics.json", "/api/v1/schema.json"):
        assert errors(get(f"{path}?lang=en"))


def test_page_size_is_capped_by_setting(settings):
    settings.CMS_API_MAX_PAGE_SIZE = 5
    make_entry()
    assert errors(get("/api/v1/en/entries.json?page_size=6"))
    assert get("/api/v1/en/entries.json?page_size=5").status_code == 200


def test_filters_narrow_the_list():
    ml = make_topic("ml")
    mara = make_member("author", "mara")
    make_entry("Neural nets", slug="nets", topics=[ml], authors=[mara])
    make_entry("Cells", slug="cells")

    def slugs(query):
        data = json.loads(get(f"/api/v1/en/entries.json?{query}").content)
        return [entry["slug"] for entry in data["results"]]

    assert slugs("topic=ml") == ["nets"]
    assert slugs("author=mara") == ["nets"]
    assert slugs("search=neural") == ["nets"]
    assert slugs("search=%25") == []
    assert slugs("ordering=title") == ["cells", "nets"]
    assert slugs("updated_since=2999-01-01T00:00:00Z") == []
    assert slugs("topic=unknown-topic") == []


def test_language_filter_exists_only_on_the_all_languages_list():
    make_entry(slug="a")
    make_entry(slug="b", language="zh-hans")
    data = json.loads(get("/api/v1/entries.json?language=zh-hans").content)
    assert [entry["language"] for entry in data["results"]] == ["zh-hans"]
    assert errors(get("/api/v1/en/entries.json?language=zh-hans"))
    assert errors(get("/api/v1/entries.json?language=xx"))


def test_anonymous_live_only_requests_are_throttled(settings):
    settings.CMS_API_ANON_RATE = "3/minute"
    make_entry()
    codes = [get("/api/v1/en/entries.json?page_size=5").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = get("/api/v1/en/entries.json?page_size=5")
    assert json.loads(response.content)["detail"]
    assert int(response["Retry-After"]) > 0


def test_path_only_reads_are_the_static_api_and_not_throttled(settings):
    settings.CMS_API_ANON_RATE = "3/minute"
    make_entry()
    codes = {get("/api/v1/en/entries.json").status_code for _ in range(6)}
    assert codes == {200}


def test_forged_x_forwarded_for_earns_no_fresh_budget(settings):
    settings.CMS_API_ANON_RATE = "3/minute"
    make_entry()
    codes = [
        Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .get("/api/v1/en/entries.json?page_size=5")
        .status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_unexpected_error_with_debug_off_is_json_without_a_trace(settings, monkeypatch):
    from cms.api.entries import EntryListView

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("secret detail in /srv/digest/cms/api/entries.py")

    monkeypatch.setattr(EntryListView, "get", broken)
    settings.DEBUG = False
    make_entry()
    response = Client(raise_request_exception=False).get("/api/v1/en/entries.json")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.content.decode()
    assert json.loads(body) == {
        "detail": "The server could not answer this request; the error was logged.",
        "errors": {},
    }
    assert "secret" not in body and "Traceback" not in body
