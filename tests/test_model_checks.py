"""What ``full_clean`` checks beyond each field: no control characters, a body that renders.

A content model refuses invisible control characters in any of its text
(the message names the field, the character and where it is), and checks a
Markdown body by rendering it with the renderer ``save`` uses, keeping the
HTML for ``save``: nothing can pass validation and then fail when saved.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from cms.exceptions import MarkdownError
from cms.models import Entry, Page, Topic
from cms.models.checks import RefusesControlCharacters
from cms.portability.fields import CONTENT_MODELS
from cms.validators import (
    control_character_problem,
    describe_control_characters,
    strip_control_characters,
    validate_no_control_characters,
)
from tests.factories import make_entry

pytestmark = pytest.mark.django_db

# One of each kind: C0 controls, DEL, C1 controls, the two XML non-characters, a surrogate.
REFUSED_CHARACTERS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85",
                      "\x9f", "\ufffe", "\uffff", "\ud800", "\udfff"]  # fmt: skip
KEPT_CHARACTERS = ["\t", "\n", "\r", " ", "\u00a0", "\u200b", "\u202e", "中", "\U0001f600"]

# Refused by the renderer itself, after its checks of the text (nesting is known once
# parsed): lists and quotes nested past the limit.
RENDER_FAILURES = ["- " * 40 + "a", ">" * 60 + " a"]


def errors_of(instance: models.Model) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


class TestControlCharacterRule:
    @pytest.mark.parametrize("character", REFUSED_CHARACTERS, ids=ascii)
    def test_refused_character_is_named_with_its_position(self, character):
        problem = control_character_problem(f"Protein fold{character}ing", "title")
        assert problem is not None
        assert f"U+{ord(character):04X}" in problem
        assert "The title field has" in problem
        assert "character 13" in problem and "after “Protein fold”" in problem

    def test_position_in_a_long_text_is_a_line_and_a_character(self):
        problem = control_character_problem("First line\nSecond\x01 line\nThird", "body")
        assert "line 2, character 7" in problem and "after “Second”" in problem

    def test_several_characters_are_counted(self):
        problem = control_character_problem("a\x01b\x02c\x03", "summary")
        assert "U+0001" in problem and "There are 3 such characters" in problem

    def test_report_of_removed_characters_counts_the_others(self):
        assert describe_control_characters("ab\x01\x02") == (
            "an invisible control character, U+0001, at character 3 (after “ab”), "
            "and 1 more like it"
        )
        assert describe_control_characters("\x7fab") == (
            "an invisible control character, U+007F, at character 1"
        )

    @pytest.mark.parametrize("character", KEPT_CHARACTERS, ids=ascii)
    def test_tab_line_breaks_and_visible_text_are_kept(self, character):
        text = f"a{character}b"
        assert control_character_problem(text, "body") is None
        assert strip_control_characters(text) == text

    def test_strip_removes_every_refused_character_and_nothing_else(self):
        text = "".join(f"{c}x" for c in REFUSED_CHARACTERS) + "\tend\r\n"
        assert strip_control_characters(text) == "x" * len(REFUSED_CHARACTERS) + "\tend\r\n"

    def test_json_values_are_checked_and_stripped_inside(self):
        value = {"zh-hans": "机器\x01学习", "list": ["ok", "b\x85"]}
        with pytest.raises(ValidationError, match="U\\+0001"):
            validate_no_control_characters(value)
        assert strip_control_characters(value) == {"zh-hans": "机器学习", "list": ["ok", "b"]}


class TestModelsRefuseControlCharacters:
    @pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
    def test_every_content_model_checks_its_text(self, model):
        assert issubclass(model, RefusesControlCharacters)

    @pytest.mark.parametrize(
        "field", ["title", "summary", "body", "paper_authors", "translator", "source_url"]
    )
    def test_each_entry_text_field_names_itself_in_the_refusal(self, field):
        entry = Entry(title="T", slug="t", language="en", translator="", body="")
        setattr(entry, field, "https://example.org/a\x01b" if field == "source_url" else "a\x01b")
        errors = errors_of(entry)
        assert field in errors and "U+0001" in errors[field][0], errors

    def test_topic_names_in_other_languages_are_checked(self):
        topic = Topic(slug="ml", name="Machine learning", names={"zh-hans": "机器\x1b学习"})
        assert "U+001B" in errors_of(topic)["names"][0]

    def test_page_title_and_body_are_checked(self):
        page = Page(language="en", slug="about", title="Ab\x7fout", body="x\x9by")
        errors = errors_of(page)
        assert "U+007F" in errors["title"][0] and "U+009B" in errors["body"][0]

    def test_excluded_fields_are_left_to_the_caller(self):
        entry = Entry(title="a\x01b", slug="t", language="en")
        entry.full_clean(exclude=["title"])


class TestBodyIsCheckedByRenderingIt:
    @pytest.mark.parametrize("body", RENDER_FAILURES, ids=["lists", "quotes"])
    def test_body_that_cannot_be_rendered_is_a_body_error(self, body):
        entry = Entry(title="T", slug="t", language="en", body=body)
        assert "nested more than 24 levels deep" in errors_of(entry)["body"][0]

    def test_any_render_failure_is_a_body_error_whatever_the_engine(self, monkeypatch):
        def refuse(text):
            raise MarkdownError("The renderer refused this text.")

        monkeypatch.setattr("cms.models.checks.render_markdown", refuse)
        for instance in (
            Entry(title="T", slug="t", language="en", body="fine"),
            Page(title="T", slug="t", language="en", body="fine"),
        ):
            assert errors_of(instance)["body"] == ["The renderer refused this text."]

    def test_save_stores_the_html_that_validation_rendered(self, monkeypatch):
        calls = []

        def counting(text):
            calls.append(text)
            return f"<p>{text}</p>"

        monkeypatch.setattr("cms.models.checks.render_markdown", counting)
        entry = Entry(title="T", slug="t", language="en", body="Once")
        entry.full_clean()
        entry.save()
        assert calls == ["Once"]
        assert Entry.objects.get(pk=entry.pk).body_html == "<p>Once</p>"

    def test_body_changed_after_validation_is_rendered_again(self):
        entry = make_entry(body="First")
        entry.full_clean()
        entry.body = "Second"
        entry.save()
        assert Entry.objects.get(pk=entry.pk).body_html == "<p>Second</p>"
