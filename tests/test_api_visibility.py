"""Only published content, ever: no status but "published and due" reaches any API response.

Each non-public entry carries a canary string in its title, summary and
body. The whole public API is crawled from ``index.json`` the way the
export crawler does it (every ``url``/``api_url``/``next`` link), its live
filters are tried, and no byte of any response may contain a canary.
"""

import json

import pytest
from django.test import Client

from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic, tomorrow

pytestmark = pytest.mark.django_db

SITE = "https://digest.example.org/"
HIDDEN = {
    "draft": {"status": Status.DRAFT},
    "review": {"status": Status.REVIEW},
    "scheduled": {"status": Status.PUBLISHED},
    "archived": {"status": Status.ARCHIVED},
}


@pytest.fixture
def content():
    """One public entry, and one hidden entry per status, each with its own topic and author."""
    shared = make_topic("shared")
    public = make_entry("Public one", slug="public-one", topics=[shared])
    hidden = {}
    for name, fields in HIDDEN.items():
        canary = f"canary-{name}-7f3a"
        if name == "scheduled":
            fields = {**fields, "publish_at": tomorrow()}
        hidden[name] = make_entry(
            canary,
            slug=canary,
            summary=canary,
            body=canary,
            topics=[shared, make_topic(f"only-{name}")],
            authors=[make_member("author", f"writer-{name}")],
            **fields,
        )
    return {"public": public, "hidden": hidden}


def crawl(client: Client) -> dict[str, bytes]:
    """Every API URL reachable from the index by JSON links, with its response body."""
    seen, queue = {}, [SITE + "api/v1/index.json"]
    while queue:
        url = queue.pop()
        if url in seen or not url.startswith(SITE + "api/v1/") or url.endswith("/docs/"):
            continue
        response = client.get("/" + url.removeprefix(SITE))
        assert response.status_code == 200, url
        seen[url] = response.content
        if url.endswith(".json"):
            queue += links(json.loads(response.content))
    return seen


def links(value) -> list[str]:
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if isinstance(item, str) and (
                key in {"url", "next", "previous"} or key.endswith("_url")
            ):
                found.append(item)
            else:
                found += links(item)
        return found
    if isinstance(value, list):
        return [link for item in value for link in links(item)]
    return []


def test_no_crawled_response_mentions_a_non_public_entry(content):
    responses = crawl(Client())
    assert SITE + "api/v1/en/entries/public-one.json" in responses
    for url, data in responses.items():
        assert b"canary" not in data, url
        assert b"only-" not in data, url
        assert b"writer-" not in data, url


@pytest.mark.parametrize("status", list(HIDDEN))
def test_entry_in_each_hidden_status_is_404(content, status):
    entry = content["hidden"][status]
    assert Client().get(f"/api/v1/en/entries/{entry.slug}.json").status_code == 404


@pytest.mark.parametrize("status", list(HIDDEN))
def test_topics_and_authors_of_hidden_entries_do_not_exist(content, status):
    client = Client()
    assert client.get(f"/api/v1/en/topics/only-{status}.json").status_code == 404
    assert client.get(f"/api/v1/en/authors/writer-{status}.json").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "search=canary",
        "topic=only-draft",
        "author=writer-review",
        "updated_since=2000-01-01T00:00:00Z",
        "ordering=-updated_at&page_size=100",
    ],
)
def test_live_filters_never_reach_hidden_entries(content, query):
    for path in ("/api/v1/entries.json", "/api/v1/en/entries.json"):
        response = Client().get(f"{path}?{query}")
        assert response.status_code == 200
        assert b"canary" not in response.content


def test_counts_include_only_public_entries(content):
    data = json.loads(Client().get("/api/v1/index.json").content)
    assert data["counts"]["entries"] == 1
    assert data["counts"]["topics"] == 1
    assert data["languages"][0]["entry_count"] == 1
    topics = json.loads(Client().get("/api/v1/en/topics.json").content)
    assert [(t["slug"], t["entry_count"]) for t in topics["results"]] == [("shared", 1)]


def test_public_translation_of_a_draft_does_not_link_to_it():
    draft = make_entry("canary-original", slug="orig", status=Status.DRAFT)
    make_entry(
        "译文",
        slug="orig",
        language="zh-hans",
        translation_of=draft,
        translation_method="human",
        translator="Li Wei",
    )
    response = Client().get("/api/v1/zh-hans/entries/orig.json")
    data = json.loads(response.content)
    assert data["translation"]["original"] is None
    assert data["versions"] == []
    assert b"canary" not in response.content


def test_a_token_or_session_does_not_widen_public_reads(content):
    client = Client()
    client.force_login(make_member("editor", "edith"))
    assert client.get("/api/v1/en/entries/canary-draft-7f3a.json").status_code == 404
    response = Client().get(
        "/api/v1/en/entries.json", headers={"Authorization": "Token not-a-real-token"}
    )
    assert response.status_code == 200
    assert b"canary" not in response.content
