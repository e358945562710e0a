"""Revisions, preview links and scheduling: what the public sees before and after."""

from datetime import timedelta

import html5lib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import Entry
from cms.preview import preview_path
from cms.publishing import Status
from tests.factories import make_entry, tomorrow
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db


class TestRevisions:
    def test_every_admin_save_keeps_a_revision_with_its_author(self, editor_client):
        entry = make_entry("One", status=Status.DRAFT)
        editor_client.post(
            reverse("admin:cms_entry_change", args=[entry.pk]), form_data(entry, title="Two")
        )
        latest = entry.history.order_by("-history_id").first()
        assert latest.title == "Two"
        assert latest.history_user.username == "editor"
        assert entry.history.count() >= 2

    def test_diff_shows_what_changed_between_two_revisions(self, editor_client):
        entry = make_entry("Old title", body="Line one.\n\nOld line.", status=Status.DRAFT)
        entry.title = "New title"
        entry.body = "Line one.\n\nNew line."
        entry.save()
        older, newer = entry.history.order_by("history_id")[:2]
        page = editor_client.get(
            reverse("admin:cms_entry_revisions", args=[entry.pk]),
            {"from": older.history_id, "to": newer.history_id},
        ).content
        diffs = [
            div
            for div in html5lib.parse(page, namespaceHTMLElements=False).iter("div")
            if "cms-diff" in (div.get("class") or "").split()
        ]
        removed = ["".join(part.itertext()) for diff in diffs for part in diff.iter("del")]
        added = ["".join(part.itertext()) for diff in diffs for part in diff.iter("ins")]
        assert len(diffs) == 2
        assert (removed, added) == (["Old", "Old"], ["New", "New"])
        assert "title" in "".join(diffs[0].itertext()) and "line." in "".join(diffs[1].itertext())

    def test_restoring_a_revision_is_a_new_revision_and_reaches_the_site(self, editor_client):
        entry = make_entry("Good title", slug="restored", body="Good body.")
        entry.title = "Vandalised"
        entry.body = "Bad body."
        entry.save()
        assert "Vandalised" in Client().get("/en/entries/restored/").content.decode()
        first = entry.history.order_by("history_id").first()
        count = entry.history.count()

        response = editor_client.post(
            reverse("admin:cms_entry_restore", args=[entry.pk, first.history_id])
        )

        assert response.status_code == 302
        entry.refresh_from_db()
        assert (entry.title, entry.body) == ("Good title", "Good body.")
        assert entry.history.count() > count
        public = Client().get("/en/entries/restored/").content.decode()
        assert "Good title" in public and "Vandalised" not in public

    def test_restore_needs_post(self, editor_client):
        entry = make_entry("T")
        first = entry.history.first()
        url = reverse("admin:cms_entry_restore", args=[entry.pk, first.history_id])
        assert editor_client.get(url).status_code == 405


class TestPreview:
    def test_preview_link_shows_a_draft_through_the_site_templates(self, client):
        draft = make_entry("Secret draft", slug="secret", status=Status.DRAFT, body="Hidden.")
        response = client.get(preview_path(draft))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Secret draft" in page and "Preview: this entry is not public" in page
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
        assert client.get("/en/entries/secret/").status_code == 404

    def test_expired_preview_link_is_refused(self, client, settings):
        draft = make_entry("Secret draft", status=Status.DRAFT)
        path = preview_path(draft)
        settings.CMS_PREVIEW_MAX_AGE = -1
        assert client.get(path).status_code == 404

    def test_forged_preview_link_is_refused(self, client):
        draft = make_entry("Secret draft", status=Status.DRAFT)
        path = preview_path(draft)
        assert client.get(path[:-3] + "xx/").status_code == 404

    def test_admin_change_form_offers_the_preview_link(self, editor_client):
        draft = make_entry("Secret draft", status=Status.DRAFT)
        page = editor_client.get(reverse("admin:cms_entry_change", args=[draft.pk]))
        assert "/preview/" in page.content.decode()


class TestScheduling:
    def test_scheduled_entry_appears_everywhere_only_from_its_time(self, client, monkeypatch):
        entry = make_entry("Future paper", slug="future", publish_at=tomorrow())
        urls = ["/en/", "/en/entries/future/", "/en/feed.xml", "/sitemap-en.xml"]
        before = [client.get(url) for url in urls]
        assert before[1].status_code == 404
        assert not any("future" in r.content.decode() for r in before if r.status_code == 200)

        later = entry.publish_at + timedelta(minutes=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        after = [client.get(url) for url in urls]
        assert all(r.status_code == 200 for r in after)
        assert all("future" in r.content.decode() for r in after)

    def test_editor_schedules_through_the_admin_form(self, editor_client, client):
        entry = make_entry("Planned", slug="planned", status=Status.DRAFT)
        when = timezone.localtime(tomorrow())
        response = editor_client.post(
            reverse("admin:cms_entry_change", args=[entry.pk]),
            form_data(
                entry,
                _workflow="schedule",
                _workflow_publish_at=when.strftime("%Y-%m-%dT%H:%M"),
            ),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        entry.refresh_from_db()
        assert entry.status == Status.PUBLISHED and entry.publish_at > timezone.now()
        assert client.get("/en/entries/planned/").status_code == 404
        assert Entry.objects.published().filter(pk=entry.pk).count() == 0


class TestStaticCopy:
    """The export follows restores and never contains a preview."""

    @pytest.fixture(autouse=True)
    def hashed_static(self, settings, tmp_path_factory):
        from tests.factories import MANIFEST_STORAGE, collect_static

        settings.STATIC_ROOT = collect_static(tmp_path_factory.mktemp("static"))
        settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}

    def exported_entry(self, tmp_path, name):
        from cms.export import export_site

        result = export_site(tmp_path / name)
        assert result.ok
        return (tmp_path / name / "en/entries/restored/index.html").read_text()

    def test_restore_changes_the_export_and_previews_never_reach_it(self, editor_client, tmp_path):
        entry = make_entry("Good title", slug="restored", body="Good body.")
        draft = make_entry("PREVIEW-CANARY", slug="draft-canary", status=Status.DRAFT)
        entry.title = "Vandalised"
        entry.save()
        assert "Vandalised" in self.exported_entry(tmp_path, "before")

        first = entry.history.order_by("history_id").first()
        editor_client.post(reverse("admin:cms_entry_restore", args=[entry.pk, first.history_id]))

        after = self.exported_entry(tmp_path, "after")
        assert "Good title" in after and "Vandalised" not in after
        exported = b"".join(p.read_bytes() for p in (tmp_path / "after").rglob("*") if p.is_file())
        assert b"PREVIEW-CANARY" not in exported
        assert preview_path(draft).encode() not in exported
        leaks = [
            p.relative_to(tmp_path).as_posix()
            for p in (tmp_path / "after").rglob("*")
            if p.is_file()
            and b"/preview/" in p.read_bytes()
            and p.name != "schema.json"  # the OpenAPI schema documents the preview route
        ]
        assert not leaks, leaks
