"""How rows become JSON objects and back, for every model the content dump carries.

Rows are converted field by field from the model's own field list, so a
field someone adds to Entry later is carried without touching this code.
Users are written as usernames (their ids differ between databases); every
other reference keeps its id, because ids are kept on load and revisions may
point at rows that no longer exist. ``body_html`` is never carried: it is
rendered again on load, so a dump file cannot smuggle HTML past the sanitiser.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime

from cms.models import Entry, Page, Redirect, Topic

FORMAT = "digest-cms-content"
FORMAT_VERSION = 2  # 2: the paper details moved from entries to "papers"

#: Derived from other fields and rebuilt on load.
DERIVED_FIELDS = {"body_html"}


def history_models() -> tuple[type[models.Model], type[models.Model], type[models.Model]]:
    """The revision model and its two tables of topic and byline snapshots."""
    revision = Entry.history.model
    return (
        revision,
        apps.get_model("cms", f"{revision.__name__}_topics"),
        apps.get_model("cms", f"{revision.__name__}_authors"),
    )


def carried_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in DERIVED_FIELDS]


def is_user_reference(field: models.Field) -> bool:
    return field.is_relation and field.related_model is get_user_model()


def to_json(field: models.Field, row: models.Model, usernames: dict[int, str]) -> Any:
    value = getattr(row, field.attname)
    if value is None:
        return None
    if is_user_reference(field):
        return usernames.get(value)  # a deleted user's old revisions keep no name
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_json(field: models.Field, value: Any, user_ids: dict[str, int]) -> Any:
    if value is None:
        return None
    if is_user_reference(field):
        return user_ids[value]
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"{value!r} is not a date and time")
        return parsed
    if isinstance(field, models.DateField):
        return parse_date(value)
    return value


def row_to_json(row: models.Model, usernames: dict[int, str]) -> dict[str, Any]:
    return {f.name: to_json(f, row, usernames) for f in carried_fields(type(row))}


def row_from_json(
    model: type[models.Model], data: dict[str, Any], user_ids: dict[str, int]
) -> models.Model:
    """An unsaved instance of ``model`` from ``data``; unknown keys are an error."""
    fields = {f.name: f for f in carried_fields(model)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValueError(
            f"unknown fields {', '.join(unknown)}; was this dump made by a newer Digest CMS?"
        )
    values = {
        fields[name].attname: from_json(fields[name], v, user_ids) for name, v in data.items()
    }
    return model(**values)


CONTENT_MODELS = (Topic, Entry, Page, Redirect)
