"""The export fails on a broken internal link naming the page that links to it (or publishes
and still reports with --allow-broken), and reports links that cannot be static files.
"""

import pytest

from cms.export import export_site
from cms.export.result import BrokenLink
from tests.factories import (
    file_tree,
    make_page,
)
from tests.support import export as shared
from tests.support.export import BESIDE, leftovers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.site


def test_broken_internal_link_fails_and_names_the_page_that_links_to_it(site, tmp_path):
    export_site(tmp_path / "site")
    before = file_tree(tmp_path / "site")
    make_page("Broken", slug="broken", body="See [this](/en/entries/no-such-entry/).")
    result = export_site(tmp_path / "site")
    assert result.broken == [
        BrokenLink("/en/entries/no-such-entry/", "answered 404", ("/en/pages/broken/",))
    ]
    assert not result.published
    assert file_tree(tmp_path / "site") == before
    assert leftovers(tmp_path) == [*BESIDE, "site"]


def test_allow_broken_publishes_and_still_reports(site, tmp_path):
    make_page("Broken", slug="broken", body="See [this](/en/entries/no-such-entry/).")
    result = export_site(tmp_path / "site", allow_broken=True)
    assert result.published and not result.ok
    assert (tmp_path / "site/en/pages/broken/index.html").is_file()


@pytest.mark.parametrize(
    ("body", "url", "reason"),
    [
        ("[page two](/en/?page=2)", "/en/?page=2", "query string"),
        ("[admin](/admin/)", "/admin/", "not part of the public site"),
        ("[preview](/preview/abc/)", "/preview/abc/", "not part of the public site"),
        ("[odd](/en/entries/odd)", "/en/entries/odd", "cannot be written as a file"),
    ],
)
def test_links_that_cannot_be_static_files_are_reported(site, tmp_path, body, url, reason):
    make_page("Odd links", slug="odd", body=body)
    result = export_site(tmp_path / "site")
    [broken] = result.broken
    assert broken.url == url and reason in broken.reason
    assert broken.referrers == ("/en/pages/odd/",)
    assert not (tmp_path / "site").exists()
