"""The entry form's conveniences: defaults, the status line, help, the editor's script."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cms.publishing import Status
from tests.factories import make_entry, make_member

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:cms_entry_add")


@pytest.fixture
def author_client():
    client = Client()
    client.force_login(make_member("author", "ada", first_name="Ada", last_name="Byron"))
    return client


def initial_language(response) -> str:
    return response.context["adminform"].form.initial.get("language")


class TestEntryFormDefaults:
    def test_new_entry_is_in_the_language_the_admin_speaks(self, author_client):
        response = author_client.get(ADD_URL, HTTP_ACCEPT_LANGUAGE="zh-Hans,zh;q=0.9")
        assert initial_language(response) == "zh-hans"

    def test_unknown_admin_language_falls_back_to_the_site_default(self, author_client):
        response = author_client.get(ADD_URL, HTTP_ACCEPT_LANGUAGE="ja")
        assert initial_language(response) == "en"

    def test_language_in_the_link_wins_over_the_admin_language(self, author_client):
        response = author_client.get(f"{ADD_URL}?language=en", HTTP_ACCEPT_LANGUAGE="zh-Hans")
        assert initial_language(response) == "en"

    def test_publish_at_stays_empty_so_publishing_sets_it(self, author_client):
        response = author_client.get(ADD_URL)
        assert response.context["adminform"].form.initial.get("publish_at") is None


class TestEntryFormPage:
    def test_saved_entry_shows_its_status_and_who_saved_it_last(self, author_client):
        entry = make_entry("Draft one", status=Status.DRAFT)
        entry.updated_by = get_user_model().objects.get(username="ada")
        entry.created_by = entry.updated_by
        entry.save()
        response = author_client.get(reverse("admin:cms_entry_change", args=[entry.pk]))
        page = response.content.decode()
        assert '<p class="cms-status-line">' in page
        assert '<span class="cms-status cms-status--draft">Draft</span>' in page
        assert "last saved by Ada Byron" in page

    def test_new_entry_has_no_status_line(self, author_client):
        assert b"cms-status-line" not in author_client.get(ADD_URL).content

    def test_fields_explain_themselves_and_the_editor_script_is_loaded(self, author_client):
        response = author_client.get(ADD_URL)
        form = response.context["adminform"].form
        for name in ("title", "language", "body", "arxiv_id", "doi", "translation_method"):
            assert form.fields[name].help_text, name
        assert "Tab leaves the editor" in form.fields["body"].help_text
        page = response.content.decode()
        assert "cms/admin-editor.js" in page
        assert 'data-cms-upload-label="Upload an image"' in page


def test_every_admin_page_has_the_projects_stylesheet_after_the_admins(author_client):
    page = author_client.get(reverse("admin:index")).content.decode()
    assert page.index("admin/css/dark_mode.css") < page.index("cms/admin.css")
    form = author_client.get(ADD_URL).content.decode()
    assert form.index("admin/css/forms.css") < form.index("cms/admin.css")
    assert form.count("cms/admin.css") == 1
    assert "<title>Editorial desk | Digest CMS</title>" in page
