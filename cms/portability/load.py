"""Load a content dump into an empty database, in one transaction, with every id kept.

Loading refuses a database that already holds content, so it can never
merge two sites by accident. Ids are kept (revisions and redirects point at
them) and the id sequences are moved past them afterwards. Every topic,
entry, page and redirect is validated with ``full_clean()`` before it is
written, and ``body_html`` is rendered from the Markdown again, so a dump
file is trusted no more than an import. Invisible control characters (which
a site may hold from before they were refused) are removed from every row,
revisions included, and the summary says how many fields had them. Rows are written as Django writes
fixtures (``raw`` saves), which keeps their timestamps and versions as they
were and records no new revisions: loading a dump into an empty database
and dumping it again gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

from cms.exceptions import ImportFailed
from cms.importers.writer import validation_message
from cms.models import Entry, Page, Paper, Redirect, Topic
from cms.models.checks import RendersMarkdownBody
from cms.portability.fields import FORMAT, FORMAT_VERSION, history_models, row_from_json
from cms.validators import describe_control_characters, strip_control_characters

SECTIONS = ("users", "topics", "papers", "entries", "pages", "redirects", "revisions", "media")


@dataclass
class LoadResult:
    counts: dict[str, int] = field(default_factory=dict)
    users_created: list[str] = field(default_factory=list)
    missing_media: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)  # "entries[3] title: removed …"

    def summary(self, source: str) -> str:
        parts = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        text = f"Loaded {source}: {parts}; {len(self.users_created)} users created."
        if self.cleaned:
            text += (
                f" Invisible control characters were removed from {len(self.cleaned)} fields "
                f"(first: {self.cleaned[0]})."
            )
        if self.missing_media:
            text += (
                f" {len(self.missing_media)} referenced media files are not in MEDIA_ROOT "
                f"(first: {self.missing_media[0]}); copy the media folder too."
            )
        return text


def _document(data: bytes, source: str) -> dict[str, Any]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed(source, f"the file is not a JSON document ({error}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFailed(source, "the file is not a Digest CMS content dump (dump_content).")
    if document.get("format_version") != FORMAT_VERSION:
        raise ImportFailed(
            source,
            f"the dump has format version {document.get('format_version')!r}; this Digest CMS "
            f"reads version {FORMAT_VERSION}.",
        )
    for section in SECTIONS:
        if not isinstance(document.get(section), list):
            raise ImportFailed(source, f"the dump has no list “{section}”.")
    return document


def _check_empty(source: str) -> None:
    revision = Entry.history.model
    filled = [
        m._meta.verbose_name_plural
        for m in (Topic, Paper, Entry, Page, Redirect, revision)
        if m.objects.exists()
    ]
    if filled:
        raise ImportFailed(
            source,
            f"the database already holds {', '.join(map(str, filled))}. Load a dump only into "
            "an empty database (run migrate on a new one), so two sites are never mixed.",
        )


class Loader:
    def __init__(self, document: dict[str, Any], source: str) -> None:
        self.document = document
        self.source = source
        self.user_ids: dict[str, int] = {}
        self.result = LoadResult()

    def fail(self, where: str, problem: str) -> ImportFailed:
        return ImportFailed(self.source, problem, location=where)

    def build(self, model: type[models.Model], data: Any, where: str, drop=()) -> models.Model:
        if not isinstance(data, dict):
            raise self.fail(where, "expected an object.")
        try:
            row = row_from_json(
                model, {k: v for k, v in data.items() if k not in drop}, self.user_ids
            )
        except KeyError as error:
            raise self.fail(where, f"user {error.args[0]!r} is not in “users”.") from None
        except (ValueError, TypeError) as error:
            raise self.fail(where, str(error)) from None
        for column in model._meta.concrete_fields:
            value = getattr(row, column.attname)
            found = describe_control_characters(value)
            if found:
                self.result.cleaned.append(f"{where} {column.name}: removed {found}")
                setattr(row, column.attname, strip_control_characters(value))
        return row

    def save(self, row: models.Model, where: str) -> None:
        """Validate, render the body as validation did, and write the row as it is."""
        try:
            row.full_clean()
        except ValidationError as error:
            raise self.fail(where, validation_message(error)) from None
        if isinstance(row, RendersMarkdownBody):
            row.body_html = row.rendered_body()
        models.Model.save_base(row, raw=True, force_insert=True)

    def users(self) -> None:
        User = get_user_model()
        for index, data in enumerate(self.document["users"]):
            username = data.get("username") if isinstance(data, dict) else None
            if not isinstance(username, str) or not username:
                raise self.fail(f"users[{index}]", "expected an object with a “username”.")
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=data.get("first_name") or "",
                    last_name=data.get("last_name") or "",
                )
                user.set_unusable_password()
                user.save()
                self.result.users_created.append(username)
            self.user_ids[username] = user.pk

    def entries(self) -> None:
        rows = self.document["entries"]
        # Originals before their translations, whatever their ids.
        order = sorted(
            range(len(rows)),
            key=lambda i: isinstance(rows[i], dict) and rows[i].get("translation_of") is not None,
        )
        topic_links, author_links = [], []
        for index in order:
            data = rows[index]
            where = f"entries[{index}]"
            entry = self.build(Entry, data, where, drop=("topics", "authors"))
            where += f" ({entry.language}/{entry.slug})"
            self.save(entry, where)
            for topic_id in data.get("topics", []):
                topic_links.append(Entry.topics.through(entry_id=entry.pk, topic_id=topic_id))
            for username in data.get("authors", []):
                if username not in self.user_ids:
                    raise self.fail(where, f"user {username!r} is not in “users”.")
                author_links.append(
                    Entry.authors.through(entry_id=entry.pk, user_id=self.user_ids[username])
                )
        # bulk_create sends no m2m_changed signal, so no revision is recorded.
        Entry.topics.through.objects.bulk_create(topic_links)
        Entry.authors.through.objects.bulk_create(author_links)

    def rows(self, section: str, model: type[models.Model]) -> None:
        for index, data in enumerate(self.document[section]):
            row = self.build(model, data, f"{section}[{index}]")
            self.save(row, f"{section}[{index}]")

    def revisions(self) -> None:
        """Revisions as they were: not validated (old revisions may predate today's rules)."""
        revision, revision_topics, revision_authors = history_models()
        records, links = [], {revision_topics: [], revision_authors: []}
        for index, data in enumerate(self.document["revisions"]):
            where = f"revisions[{index}]"
            record = self.build(revision, data, where, drop=("topics", "authors"))
            records.append(record)
            for key, model in (("topics", revision_topics), ("authors", revision_authors)):
                for number, link in enumerate(data.get(key, [])):
                    row = self.build(model, link, f"{where}.{key}[{number}]")
                    row.history_id = record.pk
                    links[model].append(row)
        revision.objects.bulk_create(records, batch_size=500)
        for model, rows in links.items():
            model.objects.bulk_create(rows, batch_size=500)

    def media(self) -> None:
        root = Path(settings.MEDIA_ROOT)
        self.result.missing_media = [
            path
            for path in self.document["media"]
            if isinstance(path, str) and not (root / path).is_file()
        ]


def _reset_sequences() -> None:
    revision, revision_topics, revision_authors = history_models()
    tables = [
        Topic,
        Paper,
        Entry,
        Page,
        Redirect,
        revision,
        revision_topics,
        revision_authors,
        Entry.topics.through,
        Entry.authors.through,
        get_user_model(),
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), tables)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@contextmanager
def _database_errors(source: str) -> Iterator[None]:
    try:
        yield
    except DatabaseError as error:
        raise ImportFailed(
            source, f"the database refused the dump ({error}); nothing was loaded."
        ) from error


def load_content(stream: BinaryIO, *, source: str = "content dump") -> LoadResult:
    """Load a ``dump_content`` document from the binary ``stream``; see the module docstring."""
    document = _document(stream.read(), source)
    loader = Loader(document, source)
    with transaction.atomic(), _database_errors(source):
        _check_empty(source)
        loader.users()
        loader.rows("topics", Topic)
        loader.rows("papers", Paper)
        loader.entries()
        loader.rows("pages", Page)
        loader.rows("redirects", Redirect)
        loader.revisions()
        _reset_sequences()
    loader.media()
    loader.result.counts = {
        name: len(document[name])
        for name in ("entries", "topics", "papers", "pages", "redirects", "revisions")
    }
    return loader.result
