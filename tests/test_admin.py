"""Editing entries through the real admin forms, as an editor would."""

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import Entry, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic, make_user

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:cms_entry_add")


def change_url(entry):
    return reverse("admin:cms_entry_change", args=[entry.pk])


def form_data(entry=None, **overrides):
    """The POST body the admin's entry form sends, from an entry or from scratch."""
    data = {
        "title": "A new method",
        "slug": "a-new-method",
        "language": "en",
        "summary": "",
        "body": "## Result\n\nIt is **fast**.",
        "paper_authors": "",
        "source_url": "",
        "arxiv_id": "",
        "doi": "",
        "code_url": "",
        "topics": [],
        "authors": [],
        "translation_of": "",
        "translation_method": TranslationMethod.ORIGINAL,
        "translator": "",
        "status": Status.DRAFT,
        "publish_at_0": "",
        "publish_at_1": "",
        "loaded_version": "",
    }
    if entry is not None:
        data.update(
            title=entry.title,
            slug=entry.slug,
            language=entry.language,
            body=entry.body,
            status=entry.status,
            translation_method=entry.translation_method,
            translator=entry.translator,
            loaded_version=entry.version,
            translation_of=entry.translation_of_id or "",
        )
        if entry.publish_at:
            data["publish_at_0"] = entry.publish_at.strftime("%Y-%m-%d")
            data["publish_at_1"] = entry.publish_at.strftime("%H:%M:%S")
    data.update(overrides)
    return data


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_user("ed", superuser=True, first_name="Edith", last_name="Editor"))
    return client


def test_editor_creates_an_entry_through_the_admin_form(editor_client):
    topic = make_topic("ml")
    response = editor_client.post(ADD_URL, form_data(topics=[topic.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = Entry.objects.get(slug="a-new-method")
    assert entry.title == "A new method"
    assert '<h2 id="result">Result</h2>' in entry.body_html
    assert list(entry.topics.all()) == [topic]
    assert entry.version == 1


def test_editor_changes_an_entry_and_the_version_moves_on(editor_client):
    entry = make_entry("Old title", status=Status.DRAFT)
    response = editor_client.post(change_url(entry), form_data(entry, title="New title"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "New title"
    assert entry.version == 2
    assert entry.updated_by.username == "ed"


def test_bad_input_is_reported_on_the_field_and_nothing_is_saved(editor_client):
    response = editor_client.post(ADD_URL, form_data(slug="Not A Slug", arxiv_id="nonsense"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "slug" in errors and "arxiv_id" in errors
    assert not Entry.objects.exists()


def test_duplicate_slug_is_a_form_error_not_a_crash(editor_client):
    make_entry(slug="a-new-method")
    response = editor_client.post(ADD_URL, form_data())
    assert response.status_code == 200
    assert "already exists in this language" in response.content.decode()


def test_markdown_too_complex_to_render_is_a_form_error(editor_client):
    response = editor_client.post(ADD_URL, form_data(body="[" * 10_000))
    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors
    assert not Entry.objects.exists()


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_text(editor_client):
    entry = make_entry("Shared", status=Status.DRAFT)
    other = Client()
    other.force_login(make_user("mara", superuser=True, first_name="Mara", last_name="L"))
    loaded_by_editor = form_data(entry, body="Editor's careful rewrite.")
    loaded_by_other = form_data(entry, body="Mara's quick fix.")

    assert other.post(change_url(entry), loaded_by_other).status_code == 302
    response = editor_client.post(change_url(entry), loaded_by_editor)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mara L saved this entry" in page
    assert "See what they changed" in page
    assert f"/admin/cms/entry/{entry.pk}/revisions/?from=" in page
    assert "Editor&#x27;s careful rewrite." in page
    entry.refresh_from_db()
    assert entry.body == "Mara's quick fix."
    form = response.context["adminform"].form
    assert form["loaded_version"].value() == entry.version


def test_save_that_loses_the_race_after_the_form_check_gets_the_conflict_form(
    editor_client, monkeypatch
):
    """Both forms pass the version check; the other save commits first; this one must not
    lose its text to a redirect. The form check is made to see the entry as it was before
    the other save, which is what a check running a moment earlier sees."""
    from cms.admin.forms import EntryAdminForm

    entry = make_entry("Shared", status=Status.DRAFT)
    mine = form_data(entry, body="Editor's careful rewrite.")
    other = Client()
    other.force_login(make_user("mara", superuser=True, first_name="Mara", last_name="L"))
    assert other.post(change_url(entry), form_data(entry, body="Mara's fix.")).status_code == 302

    check = EntryAdminForm.check_not_stale
    checks = []

    def checked_before_the_other_save(form, loaded_version):
        checks.append(loaded_version)
        if len(checks) > 1:
            check(form, loaded_version)

    monkeypatch.setattr(EntryAdminForm, "check_not_stale", checked_before_the_other_save)
    response = editor_client.post(change_url(entry), mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mara L saved this entry" in page
    assert "Editor&#x27;s careful rewrite." in page
    entry.refresh_from_db()
    assert (entry.body, entry.version) == ("Mara's fix.", 2)
    assert response.context["adminform"].form["loaded_version"].value() == 2


def test_entry_that_keeps_changing_under_a_save_is_refused_with_a_message(
    editor_client, monkeypatch
):
    """Should the second look lose the race again, the save is refused, not a 500."""
    from cms.admin.forms import EntryAdminForm

    entry = make_entry("Shared", status=Status.DRAFT)
    mine = form_data(entry, body="Editor's careful rewrite.")
    entry.body = "Saved meanwhile."
    entry.save()
    monkeypatch.setattr(EntryAdminForm, "check_not_stale", lambda form, loaded_version: None)

    response = editor_client.post(change_url(entry), mine, follow=True)

    assert "saved this entry at the same moment as you" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.body, entry.version) == ("Saved meanwhile.", 2)


def test_after_a_conflict_saving_the_merged_form_succeeds(editor_client):
    entry = make_entry("Shared", status=Status.DRAFT)
    stale = form_data(entry, body="Merged text.")
    entry.body = "Someone else's text."
    entry.save()
    conflict = editor_client.post(change_url(entry), stale)
    merged = {
        **stale,
        "loaded_version": conflict.context["adminform"].form["loaded_version"].value(),
    }
    assert editor_client.post(change_url(entry), merged).status_code == 302
    entry.refresh_from_db()
    assert entry.body == "Merged text."


def test_translation_panel_offers_to_add_the_missing_language(editor_client):
    entry = make_entry("Original", slug="orig")
    page = editor_client.get(change_url(entry)).content.decode()
    assert "Add a translation in 简体中文" in page
    assert f"translation_of={entry.pk}" in page
    assert "language=zh-hans" in page


def test_add_translation_link_prefills_the_form(editor_client):
    entry = make_entry("Original", slug="orig")
    response = editor_client.get(f"{ADD_URL}?translation_of={entry.pk}&language=zh-hans&slug=orig")
    form = response.context["adminform"].form
    assert form.initial["language"] == "zh-hans"
    assert str(form.initial["translation_of"]) == str(entry.pk)


def test_view_on_site_is_offered_only_for_public_entries(editor_client):
    public = make_entry("Public", slug="public")
    draft = make_entry("Draft", slug="draft", status=Status.DRAFT)
    assert "/en/entries/public/" in editor_client.get(change_url(public)).content.decode()
    assert "/en/entries/draft/" not in editor_client.get(change_url(draft)).content.decode()


def test_changelist_filters_and_searches(editor_client):
    make_entry("Protein folding", slug="protein")
    make_entry("Galaxy survey", slug="galaxy", status=Status.DRAFT)
    url = reverse("admin:cms_entry_changelist")
    found = editor_client.get(url, {"q": "protein"}).content.decode()
    assert "Protein folding" in found and "Galaxy survey" not in found
    drafts = editor_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Galaxy survey" in drafts and "Protein folding" not in drafts


def test_staff_without_entry_permissions_cannot_open_the_form():
    client = Client()
    client.force_login(make_user("viewer", staff=True))
    assert client.get(ADD_URL).status_code == 403


def test_author_can_create_an_original(client):
    client.force_login(make_member("author"))
    assert client.post(ADD_URL, form_data()).status_code == 302
    assert Entry.objects.filter(slug="a-new-method").exists()
