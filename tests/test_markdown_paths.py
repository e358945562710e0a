"""Every way Markdown becomes HTML, fed the hostile corpus and random Markdown: none runs code.

``tests/test_markdown_safety.py`` proves ``render_markdown`` itself safe. This module
proves each consumer uses it and adds nothing unsafe around it: the editor's
live preview, the public entry page, the Atom feed, the API (read and
write) and the admin change form that an editor opens on an author's entry
(catalogue X15); the three importers (X16) are ``test_markdown_paths_importers.py``.
A path may also refuse an input (a form or API error); it must never show it unsafe.
Catalogue rows X01-X15.
"""

import xml.etree.ElementTree as ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies
from rest_framework.authtoken.models import Token

from cms.exceptions import MarkdownError
from cms.markdown import render_markdown
from cms.models import Entry
from tests.factories import make_entry, make_member, make_topic
from tests.support.markdown import HOSTILE_IDS, HOSTILE_TEXTS, assert_safe_html
from tests.test_security_headers import inline_code

pytestmark = pytest.mark.django_db

PREVIEW_URL = reverse("editor-markdownify")
ATOM = "{http://www.w3.org/2005/Atom}"
hostile = pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=HOSTILE_IDS)


def refused_everywhere(text: str) -> bool:
    """NUL characters: every form and API field refuses them, and so does PostgreSQL."""
    return "\x00" in text


def published(text: str) -> Entry | None:
    """A public entry with ``text`` as its body, or None when the model refuses the text."""
    if refused_everywhere(text):
        return None
    try:
        return make_entry("Hostile", slug="hostile", body=text)
    except (ValidationError, MarkdownError):
        return None


def body_of(page: str) -> str:
    from bs4 import BeautifulSoup

    container = BeautifulSoup(page, "html5lib").select_one("div.entry__body")
    return container.decode_contents()


@hostile
def test_editor_preview_is_safe(editor_client, text):
    response = editor_client.post(PREVIEW_URL, {"content": text})
    assert response.status_code == 200
    assert_safe_html(response.content.decode())


@hostile
def test_public_entry_page_is_safe(client, text):
    entry = published(text)
    if entry is None:
        return
    page = client.get(entry.get_absolute_url()).content.decode()
    assert_safe_html(body_of(page))
    assert inline_code(page) == []


@hostile
def test_atom_feed_content_is_safe(client, text):
    if published(text) is None:
        return
    feed = ElementTree.fromstring(client.get("/en/feed.xml").content)
    assert len(list(feed.iter(f"{ATOM}entry"))) == 1
    for content in feed.iter(f"{ATOM}content"):  # absent when nothing of the body is left
        assert_safe_html(content.text or "")


@hostile
def test_api_entry_is_safe(client, text):
    entry = published(text)
    if entry is None:
        return
    data = client.get(f"/api/v1/en/entries/{entry.slug}.json").json()
    assert_safe_html(data["body_html"])


@hostile
def test_api_write_stores_safe_html(text):
    token = Token.objects.create(user=make_member("editor"))
    response = Client().post(
        "/api/v1/entries/",
        {"title": "Hostile", "slug": "hostile", "language": "en", "body": text},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code in (201, 400), response.content
    if response.status_code == 201:
        assert_safe_html(Entry.objects.get(slug="hostile").body_html)


@hostile
def test_admin_change_form_of_an_authors_entry_is_safe_for_the_editor(editor_client, text):
    if refused_everywhere(text):
        return
    try:
        entry = make_entry("Hostile", slug="hostile", body=text, status="draft")
    except (ValidationError, MarkdownError):
        return
    page = editor_client.get(reverse("admin:cms_entry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert inline_code(page.content.decode()) == []


# ---------------------------------------------------------------------------------------
# Random Markdown (hypothesis): fragments of Markdown, HTML and URL syntax in any order.
# ---------------------------------------------------------------------------------------

FRAGMENTS = [
    "[", "]", "(", ")", "![", "<", ">", "</", "/>", "\"", "'", "`", "```", "\n", "\n\n",
    "- ", "1. ", "> ", "# ", "*", "_", "|", "---", "&#", "&#x", ";", "\\", "=", ":",
    "javascript", "JaVaScRiPt", "data", "vbscript", "&#58;", "&#x3A;", "&#9;", "\t", "\x00",
    "script", "img", "svg", "math", "iframe", "object", "style", "a", "href", "src",
    "onerror", "onload", " on", "srcdoc", "formaction", "xlink:href", "<!--", "-->",
    "[^1]", "[^1]: ", "[r]: ", "http://", "https://", "mailto:", "alert(1)", "x",
]  # fmt: skip
random_markdown = strategies.lists(
    strategies.one_of(strategies.sampled_from(FRAGMENTS), strategies.text(max_size=4)),
    max_size=40,
).map("".join)
bounded = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@bounded
@given(random_markdown)
def test_random_markdown_renders_safe_or_is_refused(text):
    try:
        output = render_markdown(text)
    except MarkdownError:
        return
    assert_safe_html(output)


@settings(bounded, max_examples=40)
@given(text=random_markdown)
def test_random_markdown_through_the_editor_preview_is_safe(editor_client, text):
    response = editor_client.post(PREVIEW_URL, {"content": text})
    assert response.status_code == 200
    assert_safe_html(response.content.decode())


@settings(bounded, max_examples=40)
@given(text=random_markdown)
def test_random_markdown_through_the_api_is_safe(client, text):
    entry = Entry.objects.filter(slug="random").first() or make_entry(slug="random")
    entry.body = text
    if refused_everywhere(text):
        return
    try:
        entry.full_clean()
    except ValidationError:
        return
    entry.save()
    data = client.get("/api/v1/en/entries/random.json").json()
    assert_safe_html(data["body_html"])


# ---------------------------------------------------------------------------------------
# Text that is not Markdown: titles, topic names, author names (catalogue X14).
# ---------------------------------------------------------------------------------------

POLYGLOT = (
    "javascript:/*--></title></style></textarea></script></xmp>"
    "<svg/onload='+/\"`/+/onmouseover=1/+/[*/[]/+alert(42);//'>"
)


@pytest.fixture
def polyglot_site():
    author = make_member("author", "mallory", first_name=POLYGLOT[:150])
    topic = make_topic("poly", name=POLYGLOT[:100])  # a topic name holds 100 characters
    entry = make_entry(
        f"T {POLYGLOT}", slug="poly", summary=POLYGLOT, topics=[topic], authors=[author]
    )
    return entry


def assert_no_active_markup(page: str) -> None:
    """No handler attribute (the polyglot's onload), inline script or style made it in."""
    assert inline_code(page) == []
    assert "<svg/onload" not in page


@pytest.mark.parametrize(
    "url", ["/en/", "/en/entries/poly/", "/en/topics/", "/en/topics/poly/", "/en/authors/mallory/"]
)
def test_hostile_titles_and_names_are_text_on_public_pages(client, polyglot_site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_no_active_markup(response.content.decode())


def test_hostile_title_is_the_literal_page_title(client, polyglot_site):
    from bs4 import BeautifulSoup

    page = client.get("/en/entries/poly/").content.decode()
    assert BeautifulSoup(page, "html5lib").title.string.startswith(f"T {POLYGLOT}")


def test_hostile_title_is_text_in_the_feed_and_api(client, polyglot_site):
    feed = ElementTree.fromstring(client.get("/en/feed.xml").content)
    (title,) = [e.text for e in feed.iter(f"{ATOM}entry") for e in e.iter(f"{ATOM}title")]
    assert title == f"T {POLYGLOT}"
    assert client.get("/api/v1/en/entries/poly.json").json()["title"] == f"T {POLYGLOT}"


def test_hostile_title_is_text_in_the_admin_list_form_and_message(editor_client, polyglot_site):
    for url in (
        reverse("admin:cms_entry_changelist"),
        reverse("admin:cms_entry_change", args=[polyglot_site.pk]),
    ):
        assert_no_active_markup(editor_client.get(url).content.decode())
    from tests.test_admin import form_data

    response = editor_client.post(
        reverse("admin:cms_entry_change", args=[polyglot_site.pk]),
        form_data(polyglot_site, title=f"U {POLYGLOT}", summary=POLYGLOT),
        follow=True,
    )
    page = response.content.decode()
    assert "was changed successfully" in page
    assert_no_active_markup(page)


def test_nul_character_is_a_field_error_in_the_admin_and_the_api(editor_client):
    """PostgreSQL cannot store NUL; both ways in refuse it with a message instead of a 500."""
    from tests.test_admin import form_data

    response = editor_client.post(
        reverse("admin:cms_entry_add"), form_data(body="a\x00b", slug="nul")
    )
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    token = Token.objects.create(user=make_member("editor", "edna"))
    response = Client().post(
        "/api/v1/entries/",
        {"title": "Nul", "slug": "nul", "language": "en", "body": "a\x00b"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert not Entry.objects.filter(slug="nul").exists()
