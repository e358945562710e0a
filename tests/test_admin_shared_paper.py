"""A translation made by choosing "Translation of" on the admin's add form (not through a
"translation in …" link, whose form shows the shared fields read-only) is told when a paper
value or a topic differs from its original's, instead of having it dropped on save."""

import pytest

from cms.models import Entry, TranslationMethod
from tests.factories import make_topic
from tests.test_admin import ADD_URL, form_data
from tests.test_shared_paper import ARXIV, editor, original  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


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
