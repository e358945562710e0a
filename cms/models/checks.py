"""What ``full_clean`` checks on content beyond each field's own validators.

Every way text gets in (admin forms, the API, importers, ``load_content``)
calls ``full_clean`` before saving, so the rules here hold for all of them:

- no text holds an invisible control character (``cms.validators``), which
  would break the feeds and the export; the message names the field, the
  character and where it is;
- a Markdown body is checked by rendering it with the very function ``save``
  uses, and ``save`` stores that HTML instead of rendering again. So nothing
  passes validation and then fails on save with a 500 and the text lost,
  whatever the renderer can raise.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from cms.exceptions import MarkdownError
from cms.markdown import render_markdown
from cms.validators import control_character_problem

_FieldErrors = dict[str, list[ValidationError]]


def _errors_of(clean_fields, exclude) -> _FieldErrors:
    try:
        clean_fields(exclude=exclude)
    except ValidationError as error:
        return error.update_error_dict({})
    return {}


class RefusesControlCharacters:
    """Model mixin: ``full_clean`` refuses control characters in every text and JSON field."""

    def clean_fields(self, exclude=None) -> None:
        errors = _errors_of(super().clean_fields, exclude)
        for field in self._meta.concrete_fields:
            if field.name in (exclude or ()) or field.name in errors:
                continue
            problem = control_character_problem(getattr(self, field.attname), field.verbose_name)
            if problem:
                errors[field.name] = [ValidationError(problem, code="control_character")]
        if errors:
            raise ValidationError(errors)


class RendersMarkdownBody:
    """Model mixin for a Markdown ``body``: validated by rendering, rendered once."""

    _rendered_body: tuple[str, str] | None = None

    def clean_fields(self, exclude=None) -> None:
        errors = _errors_of(super().clean_fields, exclude)
        if "body" not in (exclude or ()) and "body" not in errors:
            try:
                self._rendered_body = (self.body, render_markdown(self.body))
            except MarkdownError as error:
                errors["body"] = [ValidationError(str(error), code="unrenderable_markdown")]
        if errors:
            raise ValidationError(errors)

    def rendered_body(self) -> str:
        """The body's HTML: the render validation made, if the body is still that text."""
        if self._rendered_body is not None and self._rendered_body[0] == self.body:
            return self._rendered_body[1]
        return render_markdown(self.body)
