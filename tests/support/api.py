"""The public read API's test site, its endpoints and plain requests; shared by
tests/test_api_schema.py, _entries, _exposure, _pagination and _conditional_get.
"""

import json

import pytest
from django.test import Client

from tests.factories import make_entry, make_member, make_page, make_topic

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
