"""Permission edges beyond the role matrix: side pages, stock views, escalation, revocation, CSRF.

Catalogue rows P04 to P07 and C01: each refused request leaves the database
as it was and names nothing it should not.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_user
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_draft():
    alice = make_member("author", "alice")
    entry = make_entry("Alice's secret plan", status=Status.DRAFT, authors=[alice])
    entry.created_by = alice
    entry.save()
    return entry


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestSidePages:
    @pytest.mark.parametrize("page", ["cms_entry_revisions", "cms_entry_history"])
    def test_other_author_cannot_open_side_pages_of_a_draft(self, alices_draft, page):
        bob = logged_in(make_member("author", "bob"))
        response = bob.get(reverse(f"admin:{page}", args=[alices_draft.pk]))
        assert response.status_code in (302, 403, 404)
        assert "secret plan" not in response.content.decode()

    def test_other_author_cannot_restore_a_revision(self, alices_draft):
        bob = logged_in(make_member("author", "bob"))
        oldest = alices_draft.history.order_by("history_id").first()
        url = reverse("admin:cms_entry_restore", args=[alices_draft.pk, oldest.history_id])
        assert bob.post(url).status_code in (403, 404)
        alices_draft.refresh_from_db()
        assert alices_draft.version == Entry.objects.get(pk=alices_draft.pk).version


class TestStockEditorViews:
    @pytest.mark.parametrize("path", ["/markdownx/upload/", "/markdownx/markdownify/"])
    def test_markdownx_own_anonymous_views_are_not_mounted(self, client, path, settings):
        response = client.post(path, {"content": "<script>alert(1)</script>"})
        assert response.status_code == 404
        assert not (settings.MEDIA_ROOT).exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))

    def test_anonymous_admin_change_form_sends_to_the_login(self, client, alices_draft):
        response = client.get(reverse("admin:cms_entry_change", args=[alices_draft.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


class TestEscalation:
    def test_editor_cannot_manage_users_or_make_themselves_superuser(self):
        edith = make_member("editor", "edith")
        client = logged_in(edith)
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
        change = reverse("admin:auth_user_change", args=[edith.pk])
        response = client.post(
            change, {"username": "edith", "is_superuser": "on", "is_staff": "on"}
        )
        assert response.status_code == 403
        edith.refresh_from_db()
        assert not edith.is_superuser
        assert list(edith.groups.values_list("name", flat=True)) == ["editor"]

    def test_public_author_json_shows_no_account_details(self, client):
        mara = make_member("author", "mara", first_name="Mara")
        make_entry("Public", authors=[mara])
        text = client.get("/api/v1/en/authors/mara.json").content.decode()
        assert "Mara" in text
        for secret in ("mara@example.org", "is_staff", "last_login", "password", "pbkdf2"):
            assert secret not in text


class TestRevocation:
    def test_deactivated_user_is_logged_out_on_the_next_request(self, alices_draft):
        alice = get_user_model().objects.get(username="alice")
        client = logged_in(alice)
        assert client.get("/admin/").status_code == 200
        alice.is_active = False
        alice.save()
        response = client.get(reverse("admin:cms_entry_change", args=[alices_draft.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    def test_author_removed_from_the_group_can_no_longer_save(self, alices_draft):
        alice = get_user_model().objects.get(username="alice")
        client = logged_in(alice)
        alice.groups.remove(Group.objects.get(name="author"))
        url = reverse("admin:cms_entry_change", args=[alices_draft.pk])
        response = client.post(url, form_data(alices_draft, title="Changed after removal"))
        assert response.status_code == 403
        assert Entry.objects.get(pk=alices_draft.pk).title == "Alice's secret plan"


class TestCrossSiteRequests:
    def test_delete_without_csrf_token_is_refused_and_the_entry_stays(self, alices_draft):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_user("root", superuser=True))
        url = reverse("admin:cms_entry_delete", args=[alices_draft.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Entry.objects.filter(pk=alices_draft.pk).exists()

    def test_publish_action_without_csrf_token_is_refused(self, alices_draft):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_member("editor", "edith"))
        response = client.post(
            reverse("admin:cms_entry_changelist"),
            {"action": "publish", "_selected_action": [alices_draft.pk], "index": 0},
        )
        assert response.status_code == 403
        assert Entry.objects.get(pk=alices_draft.pk).status == Status.DRAFT
