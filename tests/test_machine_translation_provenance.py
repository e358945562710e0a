"""A translation's provenance as data and as the reader's line: "Machine translation by
DeepL", and "edited by" once a person changes the text (admin or API), not before.

The engine is the local stand-in (``tests/support/mt_server.py``), never the internet.
"""

import json

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token

from cms.models import Entry
from cms.provenance import provenance_line
from cms.publishing import Status
from tests.factories import make_member
from tests.support import machine_translation as shared
from tests.support.machine_translation import translate
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/machine_translation.py.
stand_in = shared.stand_in
original = shared.original
engines = shared.engines


def test_provenance_line_in_both_languages_and_edited_by_after_an_editors_change(original, engines):
    translate(original, engines["deepl"])
    draft = Entry.objects.get(language="zh-hans")
    draft.status = Status.PUBLISHED
    draft.save()
    page = Client().get(draft.get_absolute_url()).content.decode()
    assert "由 DeepL 机器翻译" in page
    editor = make_member("editor", "liwei", first_name="Li", last_name="Wei")
    token, _created = Token.objects.get_or_create(user=editor)
    response = Client(headers={"Authorization": f"Token {token.key}"}).patch(
        f"/api/v1/entries/{draft.pk}/",
        json.dumps({"body": draft.body + "\n\n人工修改。", "version": draft.version}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (draft.translation_method, draft.post_editor) == ("post_edited", "Li Wei")
    assert draft.mt_engine == "deepl"
    page = Client().get(draft.get_absolute_url()).content.decode()
    assert "由 DeepL 机器翻译，Li Wei 编辑" in page
    data = json.loads(Client().get("/api/v1/zh-hans/entries/fast-attention.json").content)
    assert data["translation"]["method"] == "post_edited"
    assert data["translation"]["engine"] == "deepl"
    assert data["translation"]["post_editor"] == "Li Wei"
    assert data["translation"]["line"] == "由 DeepL 机器翻译，Li Wei 编辑"
    with translation.override("en"):
        assert provenance_line(draft, "en") == "Machine translation by DeepL, edited by Li Wei"


def test_editor_changing_a_machine_translation_in_the_admin_makes_it_edited_by_them(
    original, engines
):
    translate(original, engines["deepl"])
    draft = Entry.objects.get(language="zh-hans")
    draft.status = Status.PUBLISHED
    draft.save()
    client = Client()
    client.force_login(make_member("editor", "mei", first_name="Mei", last_name="Chen"))
    response = client.post(
        change_url(draft),
        form_data(
            draft,
            body=draft.body.replace("译:SECOND POINT", "第二点"),
            translation_of=original.pk,
            translator=draft.translator,
            loaded_version=draft.version,
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.translation_method, draft.post_editor) == ("post_edited", "Mei Chen")
    page = Client().get(draft.get_absolute_url()).content.decode()
    assert "由 DeepL 机器翻译，Mei Chen 编辑" in page
    start = page.index('<script type="application/ld+json">') + 35
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["translator"] == [
        {"@type": "SoftwareApplication", "name": "DeepL"},
        {"@type": "Person", "name": "Mei Chen"},
    ]
    everything = client.get("/admin/cms/entry/").content.decode()
    assert '<a href="?mt_engine=deepl">DeepL</a>' in everything
    assert 'href="?mt_engine="' not in everything
    listing = client.get("/admin/cms/entry/?mt_engine=deepl").content.decode()
    assert draft.title in listing
    assert original.title not in listing


def test_saving_without_changing_the_text_keeps_it_a_machine_translation(original, engines):
    translate(original, engines["deepl"])
    draft = Entry.objects.get(language="zh-hans")
    token, _created = Token.objects.get_or_create(user=make_member("editor", "erin"))
    response = Client(headers={"Authorization": f"Token {token.key}"}).patch(
        f"/api/v1/entries/{draft.pk}/",
        json.dumps({"status": "published", "version": draft.version}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (draft.translation_method, draft.post_editor) == ("machine", "")
