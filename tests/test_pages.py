"""One page, one set of bytes: every URL of the export answers the same bytes live.

The export and the live site must never drift apart: a visitor following a
link on the static copy and one on the running site read the same page. So
for every file of an export (pages of every kind, feeds, sitemaps,
robots.txt, the 404 page, every API document) the same URL is asked of the
live site, anonymously, with the same base URL, and the bodies compared byte
for byte. Redirect files are the export's own meta-refresh pages (the live
site answers 301), so for those the live answer's ``Location`` is checked
against the page the file points to.
"""

import re

import pytest
from django.test import Client
from django.test.utils import override_settings

from cms.export import export_site
from devtools.sample import generate_content
from tests.factories import file_tree

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

BASE = "https://digest.example.org/"
REFRESH = re.compile(rb'<meta http-equiv="refresh" content="0; url=([^"]+)">')
STATIC_FILES = ("static/", "media/", "pagefind/")


def url_of(name: str) -> str:
    """The URL a file of the export answers for: ``a/index.html`` is ``/a/``."""
    if name == "index.html":
        return "/"
    if name.endswith("/index.html"):
        return "/" + name[: -len("index.html")]
    return "/" + name


def kind_of(url: str) -> str:
    """A coarse page kind, to prove every kind was compared (not only that files matched)."""
    parts = [part for part in url.split("/") if part]
    if url.startswith("/api/"):
        return "api:" + (parts[3] if len(parts) > 3 else parts[-1].split(".")[0])
    if len(parts) < 2:
        return parts[0] if parts else "home"
    return parts[1].split(".")[0]


@pytest.fixture
def exported(tmp_path, settings):
    settings.CMS_SITE_URL = BASE
    settings.CMS_SITEMAP_PAGE_SIZE = 5  # numbered sitemap pages too
    generate_content(24)
    result = export_site(tmp_path / "site", base_url=BASE)
    assert result.ok and result.published
    return file_tree(tmp_path / "site")


def live(url: str):
    client = Client(HTTP_HOST="digest.example.org")
    with override_settings(
        DEBUG=False, CMS_PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["digest.example.org"]
    ):
        response = client.get(url, secure=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_every_exported_file_is_the_live_sites_bytes_for_its_url(exported):
    compared, kinds = 0, set()
    for name, data in exported.items():
        if name.startswith(STATIC_FILES):
            continue
        url = url_of(name)
        response, body = live(url)
        redirect = REFRESH.search(data)
        if redirect:
            assert response.status_code == 301, url
            assert response["Location"].encode() == redirect[1], url
            continue
        assert response.status_code == (404 if url == "/404.html" else 200), url
        assert body == data, f"{url}: the live page and the exported file differ"
        compared += 1
        kinds.add(kind_of(url))
        if url.endswith("/feed.xml") and "/topics/" in url:
            kinds.add("topic feed")
    assert {
        "home",
        "en",
        "entries",
        "topics",
        "authors",
        "archive",
        "pages",
        "feed",
        "topic feed",
        "sitemap.xml",
        "sitemap-en.xml",
        "sitemap-en-page-2.xml",
        "sitemap-zh-hans.xml",
        "robots.txt",
        "404.html",
        "api:entries",
        "api:topics",
        "api:authors",
        "api:pages",
    } <= kinds, sorted(kinds)
    assert kinds & {"page", "p"}, "numbered list pages were compared"
    indexes = {
        "en/topics/index.html",
        "zh-hans/archive/index.html",
        "api/v1/index.json",
        "api/v1/zh-hans/authors.json",
        "api/v1/en/topics.json",
        "api/v1/en/pages.json",
        "api/v1/en/pages/about.json",
    }
    assert indexes <= set(exported), sorted(indexes - set(exported))
    assert REFRESH.search(exported["en/entries/gen-00001/index.html"]), "a renamed entry"
    assert compared > 100


def test_a_page_changed_live_is_changed_in_the_next_export(exported, tmp_path):
    """The comparison above is not vacuous: an edit shows both ways, in the same bytes."""
    from cms.models import Entry

    entry = Entry.objects.published().filter(language="en").order_by("pk").first()
    entry.title = "A title edited after the export"
    entry.save()
    path = entry.get_absolute_url()
    _, body = live(path)
    assert body != exported[path.lstrip("/") + "index.html"]
    export_site(tmp_path / "again", base_url=BASE)
    assert (tmp_path / "again" / path.lstrip("/") / "index.html").read_bytes() == body


def test_page_kinds_render_from_loaded_rows_as_the_live_site_answers(settings):
    """The export's half of "one renderer, two callers": loaded once, no query per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.pages.api_site import ApiSiteDocuments
    from cms.pages.entry import EntryPages
    from cms.pages.feeds import FeedPages
    from cms.pages.home import render_home
    from cms.pages.indexes import IndexPages, Taxonomy
    from cms.pages.lists import EntryListPages
    from cms.pages.page import StandalonePages
    from cms.pages.render import SiteContext
    from cms.pages.site import render_not_found, robots_text
    from cms.pages.sitemaps import SitemapPages

    settings.CMS_SITE_URL = BASE
    settings.CMS_SITEMAP_PAGE_SIZE = 5
    generate_content(24)
    with override_settings(DEBUG=False):
        with CaptureQueriesContext(connection) as loading:
            site = SiteContext()
            entries = EntryPages(site)
            standalone, taxonomy = StandalonePages(site), Taxonomy(entries)
            kinds = [entries, standalone, EntryListPages(entries), IndexPages(taxonomy)]
            kinds.append(ApiSiteDocuments(taxonomy, standalone.pages))
            kinds.append(FeedPages(entries))
            kinds.append(SitemapPages(entries, standalone.pages))
        rendered = {}
        with CaptureQueriesContext(connection) as rendering:
            for kind in kinds:
                for url, row in kind.urls():
                    rendered[url] = kind.render(row)
            rendered["/"] = render_home(site, kinds[0].newest)
            rendered["/404.html"] = render_not_found(site)
            rendered["/robots.txt"] = robots_text().encode()
    assert len(rendering) == 0, [query["sql"] for query in rendering][:3]
    # navigation; entries, their papers and their originals that are not public; topics (in
    # the database's order of their slugs) and their links to entries; the byline's links and
    # accounts; standalone pages; the database's order of usernames
    assert len(loading) <= 10, [query["sql"][:100] for query in loading.captured_queries]
    assert any("/zh-hans/entries/" in url for url in rendered)
    assert any("/pages/" in url for url in rendered)
    assert any("/p/" in url for url in rendered), "numbered list pages were rendered"
    assert {"/en/topics/", "/zh-hans/archive/", "/api/v1/index.json"} <= set(rendered)
    assert any(url.endswith("/feed.xml") and "/topics/" in url for url in rendered)
    assert {"/sitemap.xml", "/sitemap-en-page-2.xml"} <= set(rendered)
    for url, body in rendered.items():
        response, live_body = live(url)
        assert response.status_code == (404 if url == "/404.html" else 200), url
        assert body == live_body, f"{url}: rendered from loaded rows, it differs from the live page"
