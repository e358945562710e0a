"""The public site: every view's status, content and what it must never show."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import Entry, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_page, make_topic, make_user, tomorrow

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": dict(status=Status.DRAFT),
    "review": dict(status=Status.REVIEW),
    "archived": dict(status=Status.ARCHIVED),
    "scheduled": dict(status=Status.PUBLISHED, publish_at=tomorrow()),
}


@pytest.fixture
def site():
    """One public entry with a topic, an author and a machine translation, plus hidden ones."""
    topic = make_topic("biology", "Biology", **{"zh-hans": "生物学"})
    author = make_user("mara", first_name="Mara", last_name="Lindqvist")
    original = make_entry(
        "Folding proteins",
        slug="folding",
        topics=[topic],
        authors=[author],
        summary="A summary.",
        paper_authors="Ada Lovelace\nAlan Turing",
        arxiv_id="2101.00001",
        body="## Method\n\nIt works.",
    )
    translation = make_entry(
        "蛋白质折叠",
        slug="folding",
        language="zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.MACHINE,
        translator="Google Translate",
        topics=[topic],
        authors=[author],
    )
    hidden = {
        name: make_entry(
            f"CANARY-{name}", slug=f"canary-{name}", topics=[topic], authors=[author], **fields
        )
        for name, fields in HIDDEN.items()
    }
    make_page("About us", body="We read papers.")
    return {
        "topic": topic,
        "author": author,
        "original": original,
        "translation": translation,
        "hidden": hidden,
    }


PUBLIC_URLS = [
    "/",
    "/en/",
    "/zh-hans/",
    "/en/entries/folding/",
    "/zh-hans/entries/folding/",
    "/en/topics/",
    "/en/topics/biology/",
    "/zh-hans/topics/biology/",
    "/en/authors/mara/",
    "/en/pages/about/",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-en.xml",
    "/sitemap-zh-hans.xml",
    "/en/feed.xml",
    "/en/topics/biology/feed.xml",
    "/en/archive/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_url_answers_200_and_never_shows_hidden_entries(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "CANARY" not in body
    assert "canary-" not in body


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_hidden_entry_page_is_404(client, site, name):
    assert client.get(f"/en/entries/canary-{name}/").status_code == 404


def test_entry_page_shows_title_byline_topics_and_paper(client, site):
    body = client.get("/en/entries/folding/").content.decode()
    assert '<h1 class="entry__title">Folding proteins</h1>' in body
    assert 'href="/en/authors/mara/">Mara Lindqvist</a>' in body
    assert 'href="/en/topics/biology/">Biology</a>' in body
    assert "Ada Lovelace, Alan Turing" in body
    assert "https://arxiv.org/abs/2101.00001" in body
    assert '<h2 id="method">Method</h2>' in body


def test_entry_page_links_its_other_language_versions(client, site):
    body = client.get("/en/entries/folding/").content.decode()
    assert (
        '<link rel="alternate" hreflang="zh-hans" href="https://digest.example.org/zh-hans/entries/folding/">'
        in body
    )
    assert 'href="/zh-hans/entries/folding/" hreflang="zh-hans" lang="zh-hans">简体中文</a>' in body


def test_translation_says_who_translated_it_in_the_readers_language(client, site):
    body = client.get("/zh-hans/entries/folding/").content.decode()
    assert "由谷歌翻译机器翻译" in body
    assert 'href="/en/entries/folding/" hreflang="en"' in body


def test_topic_name_is_shown_in_the_readers_language(client, site):
    body = client.get("/zh-hans/topics/biology/").content.decode()
    assert "生物学" in body


def test_canonical_link_uses_the_configured_site_url(client, site):
    body = client.get("/en/entries/folding/").content.decode()
    assert '<link rel="canonical" href="https://digest.example.org/en/entries/folding/">' in body
    assert "testserver" not in body


def test_topic_without_public_entries_in_that_language_is_404(client, site):
    make_topic("empty", "Empty")
    assert client.get("/en/topics/empty/").status_code == 404


def test_author_without_public_entries_is_404(client, site):
    make_user("ghost", staff=True)
    assert client.get("/en/authors/ghost/").status_code == 404


def test_unpublished_page_is_404(client, site):
    make_page("Secret", slug="secret", is_published=False)
    assert client.get("/en/pages/secret/").status_code == 404


def test_missing_page_gets_the_friendly_404_in_the_readers_language(client, site):
    response = client.get("/zh-hans/entries/nope/")
    assert response.status_code == 404
    assert 'lang="zh-hans"' in response.content.decode()


def test_robots_txt_points_at_the_absolute_sitemap(client, site):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://digest.example.org/sitemap.xml" in body


def test_home_shows_each_language_section(client, site):
    body = client.get("/").content.decode()
    assert "Folding proteins" in body
    assert "蛋白质折叠" in body


def test_entries_by_a_user_with_an_unsafe_username_still_render(client, site):
    odd = make_user(".hidden")
    make_entry("Odd author", slug="odd", authors=[odd])
    response = client.get("/en/entries/odd/")
    assert response.status_code == 200
    assert "/authors/.hidden/" not in response.content.decode()


def test_chinese_interface_strings_are_translated(client, site):
    body = client.get("/zh-hans/entries/folding/").content.decode()
    assert "由谷歌翻译机器翻译" in body
    assert "阅读 English 原文" in body
    assert "Machine translation by" not in body
    assert "最新条目" in client.get("/zh-hans/").content.decode()


def test_dates_are_formatted_in_the_readers_language(client, site):
    body = client.get("/zh-hans/entries/folding/").content.decode()
    assert f"{site['translation'].publish_at.year}年" in body


def test_time_elements_give_the_publication_time_to_the_second(client):
    just_now = timezone.now().replace(microsecond=558523) - timedelta(seconds=1)
    make_entry("Now", slug="now", publish_at=just_now)
    for url in ("/en/", "/en/entries/now/"):
        page = client.get(url).content.decode()
        times = re.findall(r'<time datetime="([^"]+)"', page)
        assert times, url
        for value in times:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value


def test_summary_that_opens_the_body_is_not_shown_twice(client):
    body = "Transformers replace recurrence with attention. " * 12
    make_entry("Cut", slug="cut", summary=body[:120].rstrip() + "…", body=body)
    make_entry("Own", slug="own", summary="Attention is all you need.", body=body)
    assert "entry__summary" not in client.get("/en/entries/cut/").content.decode()
    own = client.get("/en/entries/own/").content.decode()
    assert '<p class="entry__summary">Attention is all you need.</p>' in own
    with_math = "Training is over $6\\times$ faster than the baseline on *every* task."
    make_entry("Math", slug="math", summary=with_math[:40] + "…", body=with_math)
    assert "entry__summary" not in client.get("/en/entries/math/").content.decode()


def test_engine_keeps_the_name_as_written_and_unknown_engines_are_spaced(client, site):
    translation = site["translation"]
    assert translation.translator == "Google Translate"
    Entry.objects.filter(pk=translation.pk).update(translator="Papago Neural")
    body = client.get("/zh-hans/entries/folding/").content.decode()
    assert "由 Papago Neural 机器翻译" in body


def test_chinese_footer_spaces_the_latin_site_name(client, site):
    body = client.get("/zh-hans/").content.decode()
    assert re.search(r"<footer.*Digest [\u4e00-\u9fff]", body, re.S)
