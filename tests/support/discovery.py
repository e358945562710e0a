"""A small bilingual site (an entry, its Chinese translation, a draft and a scheduled canary)
and the helpers that read its pages; shared by tests/test_discovery_*.py.
"""

import pytest

from cms.models import TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_topic, make_user, tomorrow

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def content():
    topic = make_topic("physics", "Physics", **{"zh-hans": "物理学"})
    author = make_user("mara", first_name="Mara", last_name="Lindqvist")
    original = make_entry(
        "Graphene",
        slug="graphene",
        topics=[topic],
        authors=[author],
        summary="Thin carbon.",
        paper_authors="K. S. Novoselov\nA. K. Geim",
        doi="10.1126/science.1102896",
        source_url="https://doi.org/10.1126/science.1102896",
        body="Full **body** text.",
    )
    translation = make_entry(
        "石墨烯",
        slug="graphene",
        language="zh-hans",
        translation_of=original,
        topics=[topic],
        translation_method=TranslationMethod.HUMAN,
        translator="李伟",
        authors=[author],
        summary="薄碳膜。",
        body="正文。",
        paper_authors="K. S. Novoselov\nA. K. Geim",
        doi="10.1126/science.1102896",
    )
    make_entry("CANARY draft", slug="canary-draft", status=Status.DRAFT, topics=[topic])
    make_entry("CANARY scheduled", slug="canary-scheduled", publish_at=tomorrow(), topics=[topic])
    return {"topic": topic, "original": original, "translation": translation}


SITE = "https://digest.example.org"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response
