"""The export writes only inside its output: media references cannot escape the media root,
staging refuses to write outside itself, URLs that collide on a case-insensitive disk fail.
"""

from pathlib import Path

import pytest

from cms.exceptions import ExportError
from cms.export import export_site
from cms.export.paths import UnsafePathError
from cms.export.writer import Staging
from tests.factories import (
    file_tree,
    make_entry,
    make_page,
    make_user,
)
from tests.support import export as shared
from tests.support.export import FILES, LOCK, RECORDS, STANDBY, leftovers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

# Fixtures defined once in tests/support/export.py for the modules that share them.
site = shared.site


def test_media_references_cannot_escape_the_media_root(site, tmp_path, settings):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True)
    (media / "evil.png").symlink_to(secret)
    body = (
        "![a](/media/../../etc/passwd) ![b](/media/%2e%2e/%2e%2e/etc/passwd) "
        "![c](/media/evil.png) ![d](/media/..%2f..%2fsecret.txt)"
    )
    make_page("Traversal", slug="traversal", body=body)
    result = export_site(tmp_path / "site", allow_broken=True)
    reasons = {link.url: link.reason for link in result.broken}
    assert set(reasons) == {"/etc/passwd", "/media/evil.png", "/media/..%2F..%2Fsecret.txt"}
    assert "cannot be written as a file" in reasons["/etc/passwd"]
    assert "outside MEDIA_ROOT" in reasons["/media/evil.png"]
    assert "'/' in a segment" in reasons["/media/..%2F..%2Fsecret.txt"]
    assert b"top secret" not in b"".join(file_tree(tmp_path / "site").values())
    assert leftovers(tmp_path) == [RECORDS, FILES, STANDBY, LOCK, "media", "secret.txt", "site"]


def test_staging_refuses_to_write_outside_itself(tmp_path):
    with Staging(tmp_path / "site") as staging:
        for name in ("../../etc/passwd", "/etc/passwd", "a/../../x"):
            with pytest.raises(UnsafePathError):
                staging.write(name, b"x", "unused")
    assert leftovers(tmp_path) == [STANDBY]


def test_urls_that_collide_on_a_case_insensitive_disk_fail_the_export(tmp_path):
    upper, lower = make_user("Mara"), make_user("mara")
    make_entry("One", slug="one", authors=[upper])
    make_entry("Two", slug="two", authors=[lower])
    with pytest.raises(ExportError, match="would both be written"):
        export_site(tmp_path / "site")
    assert leftovers(tmp_path) == [STANDBY, LOCK]
