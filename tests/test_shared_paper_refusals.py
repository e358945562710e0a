"""Values that belong to the original are refused on a translation, never dropped: the API
answers 400 naming the field, and the admin's add form, when "Translation of" is chosen on it
(not through a "translation in …" link, whose form shows the shared fields read-only), shows a
field error. The original's own values, or none, are accepted."""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from cms.models import Entry, Paper, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic
from tests.test_admin import ADD_URL, form_data
from tests.test_shared_paper import ARXIV, editor, original  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_api_refuses_other_paper_values_on_a_translation_and_changes_nothing(original):  # noqa: F811
    translation = make_entry(
        "注意力舍入",
        slug="attention-round",
        language="zh-hans",
        status=Status.DRAFT,
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )
    token, _created = Token.objects.get_or_create(user=make_member("editor", "erin"))
    response = Client(headers={"Authorization": f"Token {token.key}"}).patch(
        f"/api/v1/entries/{translation.pk}/",
        json.dumps({"arxiv_id": "2301.00001", "version": translation.version}),
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert errors["arxiv_id"][0].startswith("The paper's details belong to the original")
    assert Paper.objects.get().arxiv_id == ARXIV


def test_api_refuses_other_topics_on_a_translation_as_it_does_paper_values(original):  # noqa: F811
    translation = make_entry(
        "注意力舍入",
        slug="attention-round",
        language="zh-hans",
        status=Status.DRAFT,
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )
    make_topic("vision", "Vision")
    token, _created = Token.objects.get_or_create(user=make_member("editor", "erin"))
    api = Client(headers={"Authorization": f"Token {token.key}"})
    response = api.patch(
        f"/api/v1/entries/{translation.pk}/",
        json.dumps({"topics": ["vision"], "title": "新标题", "version": translation.version}),
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert errors["topics"][0].startswith("A translation's topics are its original's")
    translation.refresh_from_db()
    assert translation.title == "注意力舍入"
    assert [topic.slug for topic in translation.topics.all()] == ["quantization"]
    # sending back the topics it shows, as a client that PUTs what it read, is fine
    response = api.patch(
        f"/api/v1/entries/{translation.pk}/",
        json.dumps({"topics": ["quantization"], "version": translation.version}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


def translation_form(original, **overrides):  # noqa: F811
    return form_data(
        title="注意力舍入",
        slug="attention-round",
        language="zh-hans",
        body="正文。",
        translation_of=original.pk,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
        **overrides,
    )


def test_other_paper_value_on_a_chosen_original_is_refused_and_nothing_is_saved(original):  # noqa: F811
    response = editor().post(ADD_URL, translation_form(original, arxiv_id="9999.99999"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "belong to the original" in errors["arxiv_id"][0]
    assert not Entry.objects.filter(language="zh-hans").exists()


def test_other_topics_on_a_chosen_original_are_refused(original):  # noqa: F811
    other = make_topic("other", "Other")
    response = editor().post(ADD_URL, translation_form(original, topics=[other.pk]))
    assert response.status_code == 200
    assert "topics" in response.context["adminform"].form.errors
    assert not Entry.objects.filter(language="zh-hans").exists()


def test_the_originals_values_or_none_are_accepted(original):  # noqa: F811
    response = editor().post(
        ADD_URL,
        translation_form(original, arxiv_id=ARXIV, topics=[t.pk for t in original.topics.all()]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    translation = Entry.objects.get(language="zh-hans")
    assert translation.arxiv_id == ARXIV and translation.paper_id == original.paper_id
