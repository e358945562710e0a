"""What the exported demo and generated site contains, checked file by file.

The content is created once for the module, exported in each variant, and
rolled back; the tests only read the exported folders.
"""

import posixpath
import re
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from django.db import transaction
from django.test.utils import override_settings

from cms.export import export_site
from cms.export.manifest import Manifest
from devtools.demo import load_demo_content
from devtools.sample import FIGURE_PNG, generate_content
from tests.factories import MANIFEST_STORAGE, collect_static, file_tree

pytestmark = pytest.mark.django_db

BASE = "https://digest.example.org/"
SUBPATH = "https://example.org/digest/"
GENERATED = 24
LEAKS = (b"testserver", b"localhost", b"127.0.0.1", b"csrfmiddlewaretoken")
VARIANTS = {
    "plain": {},
    "again": {},
    "subpath": {"base_url": SUBPATH},
    "relative": {"relative": True},
}


@pytest.fixture(scope="module")
def exports(django_db_setup, django_db_blocker, tmp_path_factory):
    """Demo plus generated content, exported once per variant; the database is rolled back."""
    root = tmp_path_factory.mktemp("exports")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    collect_static(root / "static")
    with (
        override_settings(
            STATIC_ROOT=root / "static",
            MEDIA_ROOT=root / "media",
            STORAGES=storages,
            CMS_SITE_URL=BASE,
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        load_demo_content()
        generate_content(GENERATED)
        results = {name: export_site(root / name, **options) for name, options in VARIANTS.items()}
        transaction.set_rollback(True)
    return {name: (results[name], root / name) for name in VARIANTS}


def html_links(document: bytes) -> list[str]:
    parsed = html5lib.parse(document, namespaceHTMLElements=False)
    links = []
    for element in parsed.iter():
        links += [element.get(name) for name in ("href", "src") if element.get(name)]
        if element.get("srcset"):
            links += [part.split()[0] for part in element.get("srcset").split(",")]
    return links


def unresolved_links(root, base_url):
    """Every same-site ``href``/``src``/``srcset`` in every HTML file that names no file."""
    base = urlsplit(base_url)
    problems = []
    for page in sorted(root.rglob("*.html")):
        here = page.relative_to(root).as_posix()
        for link in html_links(page.read_bytes()):
            parts = urlsplit(link)
            if link.startswith("#") or parts.scheme in {"mailto", "tel", "javascript", "data"}:
                continue
            if parts.netloc and parts.netloc != base.netloc:
                continue
            if parts.netloc or link.startswith("/"):
                if not parts.path.startswith(base.path):
                    problems.append(f"{here}: {link} is outside {base.path}")
                    continue
                file = parts.path[len(base.path) :]
            else:
                file = posixpath.normpath(posixpath.join(posixpath.dirname(here), parts.path))
                file = "" if file == "." else file + ("/" if parts.path.endswith("/") else "")
            file = unquote(file)
            if file == "" or file.endswith("/"):
                file += "index.html"
            if not (root / file).is_file():
                problems.append(f"{here}: {link}")
    return problems


@pytest.mark.parametrize(("variant", "base_url"), [("plain", BASE), ("subpath", SUBPATH)])
def test_every_link_in_every_page_resolves_to_an_exported_file(exports, variant, base_url):
    result, root = exports[variant]
    assert result.ok and result.published, result.broken
    assert result.pages > 100
    assert unresolved_links(root, base_url) == []


def test_relative_export_links_resolve_without_a_server(exports):
    result, root = exports["relative"]
    assert result.ok
    assert unresolved_links(root, BASE) == []
    for name, data in file_tree(root).items():
        if name.endswith(".html") and name != "404.html":
            assert [link for link in html_links(data) if link.startswith("/")] == [], name


def test_two_exports_of_the_same_database_are_identical(exports):
    assert file_tree(exports["plain"][1]) == file_tree(exports["again"][1])


def our_files(root) -> dict[str, bytes]:
    """Everything the site itself produced: rendered URLs and our own static files.

    Third-party static files (the API docs' bundled Swagger UI mentions
    ``localhost`` in its own code) are copied byte for byte and left out.
    """
    manifest = Manifest.load(root)
    ours = {record.path for record in manifest.urls.values() if record.kind != "static"}
    ours |= {
        record.path
        for record in manifest.urls.values()
        if record.kind == "static" and record.path.startswith("static/cms/")
    }
    return {name: data for name, data in file_tree(root).items() if name in ours}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_no_file_names_a_development_host_or_carries_a_csrf_token(exports, variant):
    files = our_files(exports[variant][1])
    assert "index.html" in files and "sitemap.xml" in files
    for name, data in files.items():
        for leak in LEAKS:
            assert leak not in data, f"{leak} in {name}"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_non_public_entries_and_pages_never_reach_any_exported_byte(exports, variant):
    everything = b"\n".join(file_tree(exports[variant][1]).values())
    assert b"CANARY" not in everything
    for path in (b"entries/canary-review", b"entries/canary-archived", b"pages/secret"):
        assert path not in everything
    assert b"/en/entries/canary-draft/" not in everything
    assert "草稿的译文".encode() in everything


def test_only_referenced_static_files_are_copied_with_hashed_names(exports):
    manifest = Manifest.load(exports["plain"][1])
    static = sorted(record.path for record in manifest.urls.values() if record.kind == "static")
    on_disk = sorted(name for name in file_tree(exports["plain"][1]) if name.startswith("static/"))
    assert static == on_disk
    assert any(re.fullmatch(r"static/cms/site\.[0-9a-f]{12}\.css", name) for name in static)
    assert not [name for name in static if name.startswith(("static/admin/", "static/markdownx/"))]
    for name in static:
        referrers = [url for url, record in manifest.urls.items() if "/" + name in record.links]
        assert referrers, f"{name} is copied although nothing references it"


def test_referenced_media_is_copied(exports):
    assert file_tree(exports["plain"][1])["media/sample/figure.png"] == FIGURE_PNG


def test_renamed_entry_becomes_a_redirect_page(exports):
    page = file_tree(exports["plain"][1])["en/entries/gen-00001/index.html"].decode()
    assert '<meta http-equiv="refresh" content="0; url=/en/entries/gen-00001-renamed/">' in page
    assert f'<link rel="canonical" href="{BASE}en/entries/gen-00001-renamed/">' in page


def test_404_page_is_written_at_the_root(exports):
    assert b"<html" in file_tree(exports["plain"][1])["404.html"]


def test_chinese_author_page_is_written_under_its_decoded_name(exports):
    assert "zh-hans/authors/李伟/index.html" in file_tree(exports["plain"][1])


def test_absolute_urls_use_the_base_url_and_its_sub_path(exports):
    files = file_tree(exports["subpath"][1])
    assert f"<loc>{SUBPATH}sitemap-en.xml</loc>".encode() in files["sitemap.xml"]
    assert f"Sitemap: {SUBPATH}sitemap.xml".encode() in files["robots.txt"]
    assert f'<link rel="canonical" href="{SUBPATH}en/">'.encode() in files["en/index.html"]
    assert b'href="/digest/en/feed.xml"' in files["en/index.html"]
    assert b"digest.example.org" not in b"".join(files.values())


def test_manifest_records_hash_links_and_what_each_url_came_from(exports):
    root = exports["plain"][1]
    manifest = Manifest.load(root)
    home = manifest.urls["/en/"]
    assert (home.path, home.kind, home.status) == ("en/index.html", "page", 200)
    assert "/en/topics/" in home.links and len(home.inputs) == 32
    assert home.size == len((root / "en/index.html").read_bytes()) and len(home.sha256) == 64
    stylesheet = next(
        record
        for url, record in manifest.urls.items()
        if "/cms/site." in url and url.endswith(".css")
    )
    assert stylesheet.kind == "static" and stylesheet.source.startswith("static:cms/site.")
    assert manifest.urls["/media/sample/figure.png"].kind == "media"
    assert manifest.urls["/en/entries/gen-00001/"].kind == "redirect"
    assert manifest.options == {"base_url": BASE, "relative": False}
    assert set(manifest.fingerprint) == {"code", "settings"}


def test_every_exported_page_has_a_unique_title_a_canonical_link_and_a_description(exports):
    root = exports["plain"][1]
    titles: dict[str, str] = {}
    for page in sorted(root.rglob("*.html")):
        here = page.relative_to(root).as_posix()
        if here.startswith("api/"):
            continue  # the API's own documentation page (Swagger UI)
        head = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False).find("head")
        title = head.findtext("title")
        assert title, here
        robots = [m.get("content") for m in head.iter("meta") if m.get("name") == "robots"]
        if robots != ["noindex"]:  # redirect pages: every old /page/<n>/ of a list goes to one
            assert title not in titles, f"{here} and {titles.get(title)} share the title {title!r}"
            titles[title] = here
        links = [link for link in head.iter("link") if link.get("rel") == "canonical"]
        assert len(links) == 1 and links[0].get("href").startswith("http"), here
        descriptions = [m for m in head.iter("meta") if m.get("name") == "description"]
        assert descriptions and descriptions[0].get("content"), here


def test_exported_pages_work_under_a_policy_without_inline_code(exports):
    """A static host can send script-src and style-src 'self' (catalogue E07): nothing inline."""
    from tests.test_security_headers import inline_code

    _result, root = exports["plain"]
    pages = sorted(root.rglob("*.html"))
    assert pages
    problems = {
        page.relative_to(root).as_posix(): found
        for page in pages
        if (found := inline_code(page.read_text(encoding="utf-8")))
    }
    assert problems == {}
