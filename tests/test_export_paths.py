"""From URL to file: the table of what may be written, and where, and what collides."""

import pytest

from cms.exceptions import ExportError
from cms.export.paths import (
    UnsafePathError,
    check_collisions,
    contained,
    find_collisions,
    url_to_path,
)
from cms.export.target import ExportTarget, Located, normalise_percent, remove_dot_segments


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/", "index.html"),
        ("/en/", "en/index.html"),
        ("/en/entries/folding/", "en/entries/folding/index.html"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/en/feed.xml", "en/feed.xml"),
        ("/404.html", "404.html"),
        ("/static/cms/site.0123abcd.css", "static/cms/site.0123abcd.css"),
        ("/zh-hans/authors/%E6%9D%8E%E4%BC%9F/", "zh-hans/authors/李伟/index.html"),
        ("/en/entries/caf%C3%A9/", "en/entries/café/index.html"),
        ("/.well-known/security.txt", ".well-known/security.txt"),
        ("/a/b.tar.gz", "a/b.tar.gz"),
    ],
)
def test_url_maps_to_a_relative_file_path(url, path):
    assert url_to_path(url) == path


@pytest.mark.parametrize(
    "url",
    [
        "",
        "en/",
        "/../etc/",
        "/en/../../etc/passwd",
        "/./",
        "/a/./b/",
        "/..",
        "/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/x.txt",
        "/a%2fb/",
        "/a%2F..%2F..%2Fetc/",
        "/a%5c..%5cb/",
        "/a\\b/",
        "/a\\..\\..\\etc/",
        "/a%00b/",
        "/a\x00b/",
        "/a\nb/",
        "//etc/passwd",
        "/a//b/",
        "/C:/Windows/",
        "/c%3A/x.txt",
        "/a/b",
        "/en/entries/x?page=2",
        "/a/#top",
        "/%ff%fe/",
        "/%252e%252e/x.txt",
        "/.git/config",
        "/.export-manifest.json",
        "/a./",
        "/a /",
        "/" + "x" * 256 + "/",
    ],
)
def test_unsafe_or_ambiguous_url_is_refused(url):
    with pytest.raises(UnsafePathError):
        url_to_path(url)


def test_refusal_is_an_export_error_with_the_url_in_it():
    with pytest.raises(ExportError, match=r"\.\."):
        url_to_path("/en/../../etc/")


@pytest.mark.parametrize("relative", ["../x", "a/../../x", "/etc/passwd", "", "."])
def test_contained_refuses_anything_outside_the_root(tmp_path, relative):
    with pytest.raises(UnsafePathError):
        contained(tmp_path / "out", relative)


def test_contained_refuses_a_path_through_a_link_that_leaves_the_root(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out" / "en").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafePathError):
        contained(tmp_path / "out", "en/entries/index.html")


def test_contained_follows_a_link_that_stays_inside_the_root(tmp_path):
    (tmp_path / "out" / "real").mkdir(parents=True)
    (tmp_path / "out" / "alias").symlink_to(tmp_path / "out" / "real")
    found = contained(tmp_path / "out", "alias/index.html")
    assert found == (tmp_path / "out" / "real" / "index.html").resolve()


def test_contained_accepts_a_path_under_a_file_that_does_not_exist_yet(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "page").write_text("a file, not a folder")
    assert contained(tmp_path / "out", "page/index.html").parent.name == "page"


def test_contained_accepts_a_path_inside_the_root(tmp_path):
    assert contained(tmp_path, "a/b/index.html") == (tmp_path / "a/b/index.html").resolve()


def test_case_variants_collide():
    pairs = [("/en/entries/Foo/", "en/entries/Foo/index.html")]
    pairs.append(("/en/entries/foo/", "en/entries/foo/index.html"))
    assert find_collisions(pairs) == [("/en/entries/Foo/", "/en/entries/foo/")]


def test_nfc_and_nfd_spellings_collide():
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    pairs = [(f"/en/{nfc}/", f"en/{nfc}/index.html"), (f"/en/{nfd}/", f"en/{nfd}/index.html")]
    assert len(find_collisions(pairs)) == 1


def test_file_and_folder_of_the_same_name_collide():
    pairs = [("/a.xml", "a.xml"), ("/a.xml/", "a.xml/index.html")]
    assert find_collisions(pairs) == [("/a.xml", "/a.xml/")]


def test_distinct_paths_do_not_collide():
    pairs = [("/en/", "en/index.html"), ("/en/feed.xml", "en/feed.xml"), ("/", "index.html")]
    assert find_collisions(pairs) == []


def test_check_collisions_fails_naming_both_urls():
    with pytest.raises(ExportError, match="/Foo/ and /foo/"):
        check_collisions([("/Foo/", "Foo/index.html"), ("/foo/", "foo/index.html")])


@pytest.mark.parametrize(
    ("path", "normalised"),
    [
        ("/a/b/../c/", "/a/c/"),
        ("/a/b/..", "/a/"),
        ("/a/./b", "/a/b"),
        ("/../../etc/passwd", "/etc/passwd"),
        ("/media/../../etc/passwd", "/etc/passwd"),
        ("/", "/"),
    ],
)
def test_dot_segments_resolve_like_a_browser(path, normalised):
    assert remove_dot_segments(path) == normalised


def test_percent_encoding_is_normalised_once():
    assert normalise_percent("/a%2db/%e6%9d%8e/") == "/a-b/%E6%9D%8E/"
    assert normalise_percent("/李/") == "/%E6%9D%8E/"
    assert normalise_percent("/%2e%2e/") == "/../"
    assert normalise_percent("/%252e/") == "/%252e/"


SITE = ExportTarget(base_url="https://example.org/digest/")


@pytest.mark.parametrize(
    ("raw", "located"),
    [
        ("/en/", Located("/en/")),
        ("../topics/", Located("/en/topics/")),
        ("x/", Located("/en/entries/x/")),
        ("/en/?page=2", Located("/en/", query="page=2")),
        ("/en/#top", Located("/en/", fragment="top")),
        ("https://example.org/digest/en/", Located("/en/", absolute=True)),
        ("https://EXAMPLE.org:443/digest", Located("/", absolute=True)),
        ("//example.org/digest/sitemap.xml", Located("/sitemap.xml", absolute=True)),
        ("/media/../../etc/passwd", Located("/etc/passwd")),
        ("/media/%2e%2e/%2e%2e/etc/passwd", Located("/etc/passwd")),
        (" /en/ ", Located("/en/")),
    ],
)
def test_same_site_links_locate_to_site_paths(raw, located):
    assert SITE.locate(raw, "/en/entries/") == located


@pytest.mark.parametrize(
    "rest",
    [
        "",
        "en/",
        "en/entries/x",
        "static/cms/site.0123abcd.css",
        "-/_~.x/",
        "en//x/",
        "en/./x/",
        "en/../x/",
        "caf%c3%a9/",
        "a b/",
        "en/?page=2",
        "en/#top",
    ],
)
def test_links_under_the_base_url_locate_as_the_general_rule_does(rest):
    """The shortcut for plain paths after the base URL gives what working the link out does."""
    raw = SITE.base_url + rest
    assert SITE.locate(raw, "/en/entries/") == SITE._locate(raw, "/")


@pytest.mark.parametrize(
    "raw",
    [
        "#main",
        "",
        "mailto:team@example.org",
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "https://arxiv.org/abs/1",
        "https://example.org/other/",
        "https://example.org:8443/digest/",
        "//cdn.example.net/x.js",
        "http://[::1/",
    ],
)
def test_external_and_non_http_links_are_not_followed(raw):
    assert SITE.locate(raw, "/en/") is None


def test_base_url_must_be_an_http_address():
    with pytest.raises(ExportError, match="--base-url"):
        ExportTarget.create("ftp://example.org/")
    with pytest.raises(ExportError, match="--base-url"):
        ExportTarget.create("example.org/digest/")
