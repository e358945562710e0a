"""The export as a process: failures, broken links, safety, incremental runs, in real folders."""

import gc
from datetime import timedelta
from pathlib import Path
from unittest.mock import Mock

import pytest
from django.utils import timezone

from cms.exceptions import ExportError
from cms.export import export_site
from cms.export.bookkeeping import OutputLock
from cms.export.paths import UnsafePathError
from cms.export.result import BrokenLink
from cms.export.sample import generate_content
from cms.export.writer import Staging
from cms.models import Entry, Page, TranslationMethod
from cms.publishing import Status
from cms.views.entries import EntryDetailView
from tests.factories import (
    file_tree,
    make_entry,
    make_page,
    make_topic,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]


@pytest.fixture
def site():
    """A small site: an entry, its machine translation, a second entry, a topic, a page."""
    topic = make_topic("biology", "Biology", **{"zh-hans": "生物学"})
    author = make_user("mara", first_name="Mara")
    original = make_entry("Folding proteins", slug="folding", topics=[topic], authors=[author])
    make_entry(
        "蛋白质折叠",
        slug="folding",
        language="zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.MACHINE,
        translator="Google Translate",
        topics=[topic],
        authors=[author],
    )
    make_entry("Second", slug="second", topics=[topic], authors=[author])
    make_page("About us", body="We read papers.")


FILES, SPARE, LOCK = ".site.export-files.json", ".site.export-spare", ".site.export.lock"
RECORDS = ".site.export"
BESIDE = [RECORDS, FILES, SPARE, LOCK]


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


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


def test_an_exception_in_a_view_leaves_the_previous_output_byte_for_byte(
    site, tmp_path, monkeypatch
):
    export_site(tmp_path / "site")
    before = file_tree(tmp_path / "site")
    original = EntryDetailView.get_object

    def fail_on_second(self, queryset=None):
        if self.kwargs["slug"] == "second":
            raise RuntimeError("the view broke")
        return original(self, queryset)

    monkeypatch.setattr(EntryDetailView, "get_object", fail_on_second)
    with pytest.raises(ExportError, match="/en/entries/second/ raised RuntimeError: the view"):
        export_site(tmp_path / "site")
    assert file_tree(tmp_path / "site") == before
    assert leftovers(tmp_path) == [*BESIDE, "site"]


def test_an_export_that_fails_leaves_the_garbage_collector_as_it_was(site, tmp_path, monkeypatch):
    """The export paces and freezes collection for itself; the process it ran in gets it back."""
    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    export_site(tmp_path / "site")
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    monkeypatch.setattr(EntryDetailView, "get_object", Mock(side_effect=RuntimeError("broke")))
    Entry.objects.filter(slug="second").update(title="Second, edited")
    with pytest.raises(ExportError, match="raised RuntimeError"):
        export_site(tmp_path / "site", incremental=True)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_incremental_without_changes_reuses_every_page(site, tmp_path):
    first = export_site(tmp_path / "site")
    before = file_tree(tmp_path / "site")
    again = export_site(tmp_path / "site", incremental=True)
    assert again.rendered == 0 and again.reused == first.pages
    assert file_tree(tmp_path / "site") == before


def test_incremental_after_an_edit_equals_a_full_export(tmp_path):
    generate_content(12)
    export_site(tmp_path / "site")
    entry = Entry.objects.get(language="en", slug="gen-00002")
    entry.title = "An edited title"
    entry.save()
    make_entry("A new entry", slug="brand-new")
    result = export_site(tmp_path / "site", incremental=True)
    assert 0 < result.rendered < result.pages and result.reused > 0
    export_site(tmp_path / "full")
    assert file_tree(tmp_path / "site") == file_tree(tmp_path / "full")
    assert b"An edited title" in (tmp_path / "site/en/entries/gen-00002/index.html").read_bytes()


def test_incremental_notices_an_entry_that_became_public_with_time(site, tmp_path, monkeypatch):
    make_entry("Scheduled", slug="scheduled", publish_at=timezone.now() + timedelta(hours=1))
    export_site(tmp_path / "site")
    assert not (tmp_path / "site/en/entries/scheduled").exists()
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    result = export_site(tmp_path / "site", incremental=True)
    assert result.rendered > 0
    assert (tmp_path / "site/en/entries/scheduled/index.html").is_file()
    export_site(tmp_path / "full")
    assert file_tree(tmp_path / "site") == file_tree(tmp_path / "full")


def test_incremental_does_not_trust_a_file_edited_by_hand(site, tmp_path):
    export_site(tmp_path / "site")
    before = file_tree(tmp_path / "site")
    (tmp_path / "site/en/index.html").write_text("tampered")
    export_site(tmp_path / "site", incremental=True)
    assert file_tree(tmp_path / "site") == before


def test_incremental_with_other_options_renders_everything(site, tmp_path):
    export_site(tmp_path / "site")
    result = export_site(tmp_path / "site", incremental=True, relative=True)
    assert result.reused == 0 and result.rendered == result.pages


def test_git_folder_in_the_output_survives_the_swap(site, tmp_path):
    (tmp_path / "site/.git").mkdir(parents=True)
    (tmp_path / "site/.git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    export_site(tmp_path / "site")
    export_site(tmp_path / "site")
    assert (tmp_path / "site/.git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (tmp_path / "site/index.html").is_file()


def test_stale_pages_disappear_with_the_swap(site, tmp_path):
    make_page("Gone soon", slug="gone")
    export_site(tmp_path / "site")
    assert (tmp_path / "site/en/pages/gone/index.html").is_file()
    Page.objects.filter(slug="gone").delete()
    export_site(tmp_path / "site")
    assert not (tmp_path / "site/en/pages/gone").exists()


def test_second_concurrent_export_is_refused(site, tmp_path):
    with OutputLock(tmp_path / "site"):
        with pytest.raises(ExportError, match="Another export into .* is running"):
            export_site(tmp_path / "site")


def test_output_folder_holding_other_files_is_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="did not write"):
        export_site(tmp_path / "docs")
    assert (tmp_path / "docs/notes.txt").read_text() == "mine"


def test_output_folder_containing_the_project_is_refused(settings):
    with pytest.raises(ExportError, match="would replace"):
        export_site(Path(settings.BASE_DIR).parent)


def test_output_inside_the_media_root_is_refused(settings):
    with pytest.raises(ExportError, match="inside"):
        export_site(Path(settings.MEDIA_ROOT) / "site")


def test_leftovers_of_a_killed_export_are_removed_by_the_next(site, tmp_path):
    (tmp_path / ".site.export-new-killed/en").mkdir(parents=True)
    export_site(tmp_path / "site")
    assert leftovers(tmp_path) == [RECORDS, FILES, LOCK, "site"]


def test_an_exports_output_folder_holds_only_public_files(site, tmp_path):
    """The README's GitHub Pages and Netlify recipes publish the output folder whole.

    So the manifest (row ids, digests of drafts, users, SQL), the lock, the
    spare and every other record of the export live beside it, never in it:
    each file in the folder is a URL of the site, and none is a dot-file.
    """
    export_site(tmp_path / "site")
    result = export_site(tmp_path / "site", incremental=True)
    files = file_tree(tmp_path / "site")
    assert not [name for name in files if "/." in "/" + name]
    assert len(files) == result.pages + result.files
    assert result.reused, "the manifest beside the output still serves --incremental"
    assert (tmp_path / RECORDS / "manifest.json").is_file()


def test_an_export_written_by_an_older_version_loses_its_manifest(site, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/.export-manifest.json").write_text("{}")
    (tmp_path / "site/index.html").write_text("old")
    export_site(tmp_path / "site")
    assert not (tmp_path / "site/.export-manifest.json").exists()
    assert (tmp_path / "site/index.html").read_text() != "old"


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
    assert leftovers(tmp_path) == [RECORDS, FILES, LOCK, "media", "secret.txt", "site"]


def test_staging_refuses_to_write_outside_itself(tmp_path):
    with Staging(tmp_path / "site") as staging:
        for name in ("../../etc/passwd", "/etc/passwd", "a/../../x"):
            with pytest.raises(UnsafePathError):
                staging.write(name, b"x", "unused")
    assert leftovers(tmp_path) == [SPARE]


def test_urls_that_collide_on_a_case_insensitive_disk_fail_the_export(tmp_path):
    upper, lower = make_user("Mara"), make_user("mara")
    make_entry("One", slug="one", authors=[upper])
    make_entry("Two", slug="two", authors=[lower])
    with pytest.raises(ExportError, match="would both be written"):
        export_site(tmp_path / "site")
    assert leftovers(tmp_path) == [SPARE, LOCK]


def test_jobs_inside_a_transaction_are_refused(site, tmp_path):
    with pytest.raises(ExportError, match="transaction"):
        export_site(tmp_path / "site", jobs=2)


def test_extra_urls_from_settings_are_exported(site, tmp_path, settings):
    settings.CMS_EXPORT_EXTRA_URLS = ["/en/page/1/"]
    export_site(tmp_path / "site")
    page = (tmp_path / "site/en/page/1/index.html").read_text()
    assert 'content="0; url=/en/"' in page


def test_extra_url_outside_the_site_is_a_configuration_error(site, tmp_path, settings):
    settings.CMS_EXPORT_EXTRA_URLS = ["https://elsewhere.example/"]
    with pytest.raises(ExportError, match="CMS_EXPORT_EXTRA_URLS"):
        export_site(tmp_path / "site")


def test_every_unpublished_status_stays_out_of_the_export(site, tmp_path):
    for status in (Status.DRAFT, Status.REVIEW, Status.ARCHIVED):
        make_entry(f"CANARY-{status}", slug=f"canaryslug-{status}", status=status)
    tomorrow = timezone.now() + timedelta(days=1)
    make_entry("CANARY-scheduled", slug="canaryslug-scheduled", publish_at=tomorrow)
    export_site(tmp_path / "site")
    everything = b"".join(file_tree(tmp_path / "site").values())
    assert b"CANARY" not in everything and b"canaryslug-" not in everything


def test_translation_of_a_draft_does_not_reveal_the_draft(site, tmp_path):
    draft = make_entry("CANARY-draft", slug="secret-draft", status=Status.DRAFT)
    make_entry(
        "草稿译文",
        slug="secret-draft",
        language="zh-hans",
        translation_of=draft,
        translation_method=TranslationMethod.MACHINE,
        translator="Google Translate",
    )
    result = export_site(tmp_path / "site")
    assert result.ok
    everything = b"".join(file_tree(tmp_path / "site").values())
    assert b"/en/entries/secret-draft/" not in everything and b"CANARY" not in everything


def test_home_page_links_each_card_topic_in_the_entry_language(site, tmp_path):
    topic = make_topic("zh-only", "Chinese only")
    make_entry("仅中文", slug="zh-only-entry", language="zh-hans", topics=[topic])
    result = export_site(tmp_path / "site")
    assert result.ok, result.broken
    assert b'href="/zh-hans/topics/zh-only/"' in (tmp_path / "site/index.html").read_bytes()
