"""Write all content to one JSON document, the same bytes for the same content.

The document holds topics, the users named by entries and revisions
(username and names only: no passwords, e-mail addresses or permissions),
entries with their topics and byline, pages, redirects, every revision with
its topic and byline snapshots, and the media paths that bodies reference
(the files themselves are copied separately). Rows are ordered by id and keys
sorted, so the same database always gives the same bytes, on SQLite and on
PostgreSQL alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from cms.absolute import site_url
from cms.models import Entry, Page, Paper, Redirect, Topic
from cms.portability.fields import (
    FORMAT,
    FORMAT_VERSION,
    carried_fields,
    history_models,
    is_user_reference,
    row_to_json,
)


@dataclass(frozen=True)
class DumpResult:
    counts: dict[str, int]
    media: list[str]

    def summary(self, target: str) -> str:
        parts = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        return (
            f"Wrote {target}: {parts}; {len(self.media)} media files referenced "
            "(copy MEDIA_ROOT separately)."
        )


def _referenced_user_ids() -> set[int]:
    revision, _topics, revision_authors = history_models()
    ids: set[int] = set()
    for model in (Entry, revision):
        for field in carried_fields(model):
            if is_user_reference(field):
                ids.update(
                    model.objects.exclude(**{field.attname: None}).values_list(
                        field.attname, flat=True
                    )
                )
    ids.update(Entry.authors.through.objects.values_list("user_id", flat=True))
    ids.update(revision_authors.objects.exclude(user_id=None).values_list("user_id", flat=True))
    return ids


def media_references(texts: list[str]) -> list[str]:
    """Paths under MEDIA_URL that ``texts`` link to, relative to MEDIA_ROOT, sorted."""
    media_url = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else "/media/"
    pattern = re.compile(
        r"(?P<host>https?://[^\s/()\"'<>]+)?" + re.escape(media_url) + r"(?P<path>[^\s()\"'<>?#]+)"
    )
    site = site_url().rstrip("/")
    found = set()
    for text in texts:
        for match in pattern.finditer(text):
            host = match.group("host")
            if host and not site.startswith(host):
                continue
            path = unquote(match.group("path"))
            if ".." not in path.split("/"):
                found.add(path)
    return sorted(found)


def content_document() -> dict[str, Any]:
    """All content as a JSON-ready dict; read in one transaction for a consistent snapshot."""
    revision, revision_topics, revision_authors = history_models()
    repeatable = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if repeatable:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        User = get_user_model()
        users = User.objects.filter(pk__in=_referenced_user_ids()).order_by("username")
        usernames = {user.pk: user.username for user in users}

        entry_topics: dict[int, list[int]] = {}
        for entry_id, topic_id in Entry.topics.through.objects.order_by("topic_id").values_list(
            "entry_id", "topic_id"
        ):
            entry_topics.setdefault(entry_id, []).append(topic_id)
        entry_authors: dict[int, list[str]] = {}
        for entry_id, user_id in Entry.authors.through.objects.values_list("entry_id", "user_id"):
            entry_authors.setdefault(entry_id, []).append(usernames[user_id])

        snapshots: dict[str, dict[int, list[dict[str, Any]]]] = {"topics": {}, "authors": {}}
        for key, model in (("topics", revision_topics), ("authors", revision_authors)):
            for link in model.objects.order_by("pk"):
                row = row_to_json(link, usernames)
                del row["history"]  # the revision it is nested in
                snapshots[key].setdefault(link.history_id, []).append(row)

        entries = []
        texts = []
        for entry in Entry.objects.order_by("pk"):
            row = row_to_json(entry, usernames)
            row["topics"] = entry_topics.get(entry.pk, [])
            row["authors"] = sorted(entry_authors.get(entry.pk, []))
            entries.append(row)
            texts.append(entry.body)
        pages = []
        for page in Page.objects.order_by("pk"):
            pages.append(row_to_json(page, usernames))
            texts.append(page.body)
        revisions = []
        for record in revision.objects.order_by("pk"):
            row = row_to_json(record, usernames)
            row["topics"] = snapshots["topics"].get(record.pk, [])
            row["authors"] = snapshots["authors"].get(record.pk, [])
            revisions.append(row)
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "users": [
                {"username": u.username, "first_name": u.first_name, "last_name": u.last_name}
                for u in users
            ],
            "topics": [row_to_json(t, usernames) for t in Topic.objects.order_by("pk")],
            "papers": [row_to_json(p, usernames) for p in Paper.objects.order_by("pk")],
            "entries": entries,
            "pages": pages,
            "redirects": [row_to_json(r, usernames) for r in Redirect.objects.order_by("pk")],
            "revisions": revisions,
            "media": media_references(texts),
        }


def dump_bytes(document: dict[str, Any]) -> bytes:
    """The document as UTF-8 JSON: sorted keys, two-space indent, a final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def dump_content() -> tuple[bytes, DumpResult]:
    """All content as the bytes of one JSON document, and what it holds."""
    document = content_document()
    counts = {
        name: len(document[name])
        for name in ("entries", "topics", "pages", "redirects", "revisions", "users")
    }
    return dump_bytes(document), DumpResult(counts=counts, media=document["media"])
