"""The translation desk: the needs-translation queue, the side-by-side form, changed originals."""

import pytest
from django.test import Client

from cms.models import Entry, TranslationAssignment, TranslationMethod, WorkflowStep
from cms.publishing import Status
from tests.factories import make_entry, make_member

pytestmark = pytest.mark.django_db

QUEUE = "/admin/cms/entry/needs-translation/?language=zh-hans"
BODY = "First paragraph.\n\n```python\nx = 1\n\ny = 2\n```\n\nThird paragraph with $a^2$.\n"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def original():
    return make_entry("Fast attention", slug="fast-attention", body=BODY)


def translate(original, **fields) -> Entry:
    return make_entry(
        "快速注意力",
        slug="fast-attention",
        language="zh-hans",
        translation_of=original,
        translation_method=fields.pop("translation_method", TranslationMethod.MACHINE),
        translator=fields.pop("translator", "DeepL"),
        body="第一段。\n\n```python\nx = 1\n\ny = 2\n```\n\n第三段 $a^2$。\n",
        **fields,
    )


def test_queue_lists_public_originals_without_a_version_in_the_language(original):
    make_entry("A draft", slug="draft", status=Status.DRAFT)
    done = make_entry("Done", slug="done")
    translate(done)
    page = logged_in(make_member("editor", "erin")).get(QUEUE).content.decode()
    assert "Fast attention" in page
    assert "A draft" not in page and ">Done<" not in page


def test_translator_sees_only_what_is_assigned_to_them(original):
    other = make_entry("Other paper", slug="other")
    tess = make_member("translator", "tess")
    editor = logged_in(make_member("editor", "erin"))
    response = editor.post(QUEUE, {"original": original.pk, "translator": tess.pk})
    assert response.status_code == 302
    assignment = TranslationAssignment.objects.get()
    assert (assignment.original, assignment.language, assignment.translator) == (
        original,
        "zh-hans",
        tess,
    )
    page = logged_in(tess).get(QUEUE).content.decode()
    assert "Fast attention" in page and other.title not in page
    assert (
        logged_in(tess).post(QUEUE, {"original": other.pk, "translator": tess.pk}).status_code
        == 403
    )


def test_an_assignment_goes_only_to_an_active_translator(original):
    """The queue's choices are the rule; a posted author, or an unknown id, changes nothing."""
    tess = make_member("translator", "tess")
    editor = logged_in(make_member("editor", "erin"))
    editor.post(QUEUE, {"original": original.pk, "translator": tess.pk})
    for chosen in (make_member("author", "alice").pk, 987654):
        page = editor.post(QUEUE, {"original": original.pk, "translator": chosen}, follow=True)
        assert "only an active translator" in page.content.decode()
        assert TranslationAssignment.objects.get().translator == tess
    editor.post(QUEUE, {"original": original.pk, "translator": ""})
    assert not TranslationAssignment.objects.exists()


def test_desk_shows_each_paragraph_beside_its_translation_and_saves_an_edit(original):
    translation = translate(original, status=Status.DRAFT)
    tess = make_member("translator", "tess", first_name="Tess", last_name="Ng")
    client = logged_in(tess)
    url = f"/admin/cms/entry/{translation.pk}/desk/"
    page = client.get(url).content.decode()
    assert "<p>First paragraph.</p>" in page  # the original, rendered
    assert ">第一段。</textarea>" in page
    assert "x = 1\n\ny = 2" in page  # a code block is one paragraph, blank line and all
    response = client.post(
        url,
        {
            "version": translation.version,
            "paragraphs": 3,
            "title": "快速注意力",
            "summary": "",
            "paragraph-1": "改过的第一段。",
            "paragraph-2": "```python\nx = 1\n\ny = 2\n```",
            "paragraph-3": "第三段 $a^2$。",
            "_submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    translation.refresh_from_db()
    assert (
        translation.body == "改过的第一段。\n\n```python\nx = 1\n\ny = 2\n```\n\n第三段 $a^2$。\n"
    )
    assert translation.status == Status.REVIEW
    assert (translation.translation_method, translation.post_editor) == ("post_edited", "Tess Ng")


def test_changed_original_shows_a_diff_and_an_optional_note_for_readers(original):
    translation = translate(original)
    assert translation.translated_from_version == original.version
    original.status = Status.PUBLISHED  # a save that changes no text
    original.save()
    editor = logged_in(make_member("editor", "erin"))
    assert "快速注意力" not in editor.get(QUEUE).content.decode()
    original.body = BODY.replace("First paragraph.", "First paragraph, revised.")
    original.save()
    assert "快速注意力" in editor.get(QUEUE).content.decode()
    url = f"/admin/cms/entry/{translation.pk}/desk/"
    page = editor.get(url).content.decode()
    assert "The original has changed since this translation." in page
    assert "revised" in page
    fields = {
        "version": translation.version,
        "paragraphs": 3,
        "title": translation.title,
        "summary": "",
        "paragraph-1": "第一段。",
        "paragraph-2": "```python\nx = 1\n\ny = 2\n```",
        "paragraph-3": "第三段 $a^2$。",
        "outdated_note": "1",
    }
    assert editor.post(url, fields).status_code == 302
    reader_page = Client().get(translation.get_absolute_url()).content.decode()
    assert "本译文完成后，原文已有更新。" in reader_page
    translation.refresh_from_db()
    fields.update(version=translation.version, up_to_date="1")
    assert editor.post(url, fields).status_code == 302
    translation.refresh_from_db()
    assert translation.translated_from_version == Entry.objects.get(pk=original.pk).version
    assert not translation.outdated_note
    assert "快速注意力" not in editor.get(QUEUE).content.decode()
    assert "本译文完成后" not in Client().get(translation.get_absolute_url()).content.decode()


def test_admin_homes_needs_translation_section_links_each_languages_queue(original):
    page = logged_in(make_member("translator", "tess")).get("/admin/").content.decode()
    assert 'href="/admin/cms/entry/needs-translation/?language=zh-hans"' in page
    page = logged_in(make_member("author", "ada")).get("/admin/").content.decode()
    assert "needs-translation" not in page


def test_submitting_from_the_desk_is_a_workflow_step_the_editors_review_queue_shows(original):
    translation = translate(original, status=Status.DRAFT)
    client = logged_in(make_member("translator", "tess"))
    fields = {
        "version": translation.version,
        "paragraphs": 1,
        "title": translation.title,
        "summary": "",
        "paragraph-1": "第一段。",
        "_submit": "1",
    }
    assert client.post(f"/admin/cms/entry/{translation.pk}/desk/", fields).status_code == 302
    step = WorkflowStep.objects.get(entry=translation)
    assert (step.action, step.from_status, step.to_status) == ("submit", "draft", "review")
    assert "快速注意力" in logged_in(make_member("editor", "erin")).get("/admin/").content.decode()


def test_a_failed_machine_translation_goes_back_only_to_a_page_of_this_site(original, settings):
    settings.CMS_MT_ENGINE = "libretranslate+http://127.0.0.1:9/"
    settings.CMS_MT_RETRIES = 0
    client = logged_in(make_member("editor", "erin"))
    url = f"/admin/cms/entry/{original.pk}/machine-translate/?language=zh-hans"
    response = client.post(url, {"next": QUEUE})
    assert response["Location"] == QUEUE
    response = client.post(url, {"next": "//evil.example/admin/"})
    assert response["Location"] == f"/admin/cms/entry/{original.pk}/change/"
