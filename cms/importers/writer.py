"""Create or update entries from imported items, through the model's own rules.

Every entry an importer writes goes through ``full_clean()`` and ``save()``,
exactly as an admin save does: slugs, translation rules and Markdown limits
are validated, and ``body_html`` comes from ``cms.markdown``. Validation
errors become ``ImportFailed`` naming the item, which rolls back the run.

Re-imports find an entry by its ``import_ref`` and compare field by field
with three versions of each field the importer owns: what the source says
now, what the entry holds now, and what the last import wrote (read from the
entry's revision history). A field the source changed is updated only if
nobody edited it in the CMS since the last import; an editor's change is
never overwritten, and the summary says which fields were kept. An entry
whose fields all match the source is "unchanged" and gets no new revision.
Topics and byline authors are only ever added, and only those the source
newly lists, so one an editor removed stays removed. Each write records one
revision, however many relations it adds. Invisible control characters, which
the models refuse, are removed from the fields the source gives before
anything is compared or saved, with a note naming the field and the place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from cms.exceptions import EditConflict, ImportFailed
from cms.importers.originals import with_original
from cms.importers.report import CREATE, SKIP, UNCHANGED, UPDATE, ImportResult
from cms.importers.text import unique_slug
from cms.models import Entry, Redirect, Topic
from cms.public_urls import entry_path
from cms.validators import describe_control_characters, strip_control_characters

#: Revisions written by an import carry a change reason starting with this.
IMPORT_REASON_PREFIX = "Imported from "


@dataclass
class EntryData:
    """One entry as the source describes it."""

    ref: str  # stable key: "arxiv:2401.01234", "markdown:en:posts/hello", "digest:3f2a…"
    label: str  # names the item in messages: "entry 2 (arXiv 2401.01234v2)"
    fields: dict[str, Any]  # fields the import owns: set on creation, kept up to date
    slug: str  # wanted slug; set on creation only (editors may rename)
    status: str  # set on creation only
    create_only: dict[str, Any] = field(default_factory=dict)  # e.g. a title taken from the text
    topics: list[Topic] = field(default_factory=list)
    authors: list[Any] = field(default_factory=list)  # team members for the byline
    exact_slug: bool = False  # True: the slug is part of the key, so no "-2" suffix
    fallback_slug: str = ""  # with exact_slug: the one to use when ``slug`` is taken
    # How an earlier version of the importer keyed this entry, as filter arguments
    # ({"import_ref": ..., "import_meta__file": ...}); it then takes on ``ref``.
    former: dict[str, Any] = field(default_factory=dict)
    reason: str = ""  # the revision's change reason after "Imported from ", if not the run's
    not_kept: list[str] = field(default_factory=list)  # for the report
    notes: list[str] = field(default_factory=list)  # for the report


def validation_message(error: ValidationError) -> str:
    """``field: message; field: message`` from a model ValidationError."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        text = " ".join(messages)
        parts.append(text if name == NON_FIELD_ERRORS else f"{name}: {text}")
    return "; ".join(parts)


def without_control_characters(values: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """``values`` with control characters removed, and a note in ``notes`` for each field."""
    cleaned = {}
    for name, value in values.items():
        found = describe_control_characters(value)
        if found:
            notes.append(f"{name}: removed {found}")
            value = strip_control_characters(value)
        cleaned[name] = value
    return cleaned


class EntryWriter:
    """Writes ``EntryData`` items for one run and records what happened in ``result``."""

    def __init__(
        self, result: ImportResult, reason: str, *, labels_are_files: bool = False
    ) -> None:
        self.result = result
        self.reason = f"{IMPORT_REASON_PREFIX}{reason}"[:100]
        # Markdown items are files: "posts/a.md: problem" rather than "folder, posts/a.md: …"
        self.labels_are_files = labels_are_files

    def find(self, ref: str) -> Entry | None:
        return Entry.objects.filter(import_ref=ref).first()

    def write(self, data: EntryData) -> Entry | None:
        """Create or update the entry for ``data``; ``None`` when it was skipped."""
        data.fields = without_control_characters(data.fields, data.notes)
        data.create_only = without_control_characters(data.create_only, data.notes)
        entry = self.find(data.ref)
        if entry is None and data.former:
            entry = Entry.objects.filter(**data.former).first()
            if entry is not None:  # imported by an earlier version: take on the new key
                data.fields = {**data.fields, "import_ref": data.ref}
        data.fields = with_original(data.fields, entry.translation_of_id if entry else None)
        if data.fields.get("translation_of_id") and data.topics:
            data.topics = []  # a translation carries its original's (cms/shared_topics.py)
        if entry is None:
            return self._create(data)
        return self._update(entry, data)

    def fail(self, label: str, problem: str) -> ImportFailed:
        if self.labels_are_files:
            return ImportFailed(label, problem)
        return ImportFailed(self.result.source, problem, location=label)

    def _add(self, action: str, data: EntryData, detail: str = "") -> None:
        self.result.add(action, data.label, detail, not_kept=data.not_kept, notes=data.notes)

    def _reason(self, data: EntryData) -> str:
        return f"{IMPORT_REASON_PREFIX}{data.reason}"[:100] if data.reason else self.reason

    def _save(self, entry: Entry, label: str, **kwargs: Any) -> None:
        try:
            entry.full_clean()
            entry.save(**kwargs)
        except ValidationError as error:
            raise self.fail(label, validation_message(error)) from error
        except EditConflict as error:
            raise self.fail(label, f"{error} Run the import again.") from error

    def _save_as_one_revision(
        self, entry: Entry, label: str, relations: dict[str, list], *, save: bool, **kwargs: Any
    ) -> None:
        """Save ``entry`` and add ``relations`` to it, recording one revision for all of it.

        django-simple-history records a revision on every save and on every
        relation change; the last relation change records the only one, with
        every field and relation as they end up.
        """
        pending = [(name, objects) for name, objects in relations.items() if objects]
        if not pending:
            if save:
                self._save(entry, label, **kwargs)
            return
        entry.skip_history_when_saving = True
        try:
            if save:
                self._save(entry, label, **kwargs)
            for name, objects in pending[:-1]:
                getattr(entry, name).add(*objects)
        finally:
            del entry.skip_history_when_saving
        name, objects = pending[-1]
        getattr(entry, name).add(*objects)

    def _create(self, data: EntryData) -> Entry | None:
        language = data.fields["language"]

        def taken(slug: str) -> bool:
            return Entry.objects.filter(language=language, slug=slug).exists()

        if data.exact_slug:
            candidates = [s for s in (data.slug, data.fallback_slug) if s]
            slug = next((s for s in candidates if not taken(s)), "")
            if slug and slug != data.slug:
                data.notes.append(f"slug “{data.slug}” is taken by another entry; used “{slug}”")
            if not slug:
                self.result.add(
                    SKIP,
                    data.label,
                    f"an entry {entry_path(language, data.slug)} already exists and was not "
                    "imported from this file; give this one another “slug:”",
                    not_kept=data.not_kept,
                    notes=data.notes,
                )
                return None
        else:

            def taken_or_reserved(slug: str) -> bool:
                reserved = Redirect.objects.filter(old_path=entry_path(language, slug))
                return taken(slug) or reserved.exists()

            slug = unique_slug(data.slug, taken_or_reserved)
        entry = Entry(
            import_ref=data.ref,
            slug=slug,
            status=data.status,
            **{**data.create_only, **data.fields},
        )
        entry._change_reason = self._reason(data)
        self._save_as_one_revision(
            entry, data.label, {"topics": data.topics, "authors": data.authors}, save=True
        )
        if data.topics or data.authors:  # the revision came from a relation change
            entry.history.filter(history_id=entry.history.latest().history_id).update(
                history_type="+"
            )
        self._add(CREATE, data, f"{language}/{slug}")
        return entry

    def _last_import(self, entry: Entry) -> Any | None:
        return (
            entry.history.filter(history_change_reason__startswith=IMPORT_REASON_PREFIX)
            .order_by("-history_id")
            .first()
        )

    def _new_relations(self, entry: Entry, last: Any | None, name: str, wanted: list) -> list:
        """What the source lists now that the entry lacks and the last import did not add."""
        current = set(getattr(entry, name).values_list("pk", flat=True))
        column = "topic_id" if name == "topics" else "user_id"
        before = set(getattr(last, name).values_list(column, flat=True)) if last else set()
        return [item for item in wanted if item.pk not in current and item.pk not in before]

    def _update(self, entry: Entry, data: EntryData) -> Entry | None:
        last = self._last_import(entry)
        applied, kept = [], []
        for name, wanted in data.fields.items():
            current = getattr(entry, name)
            if current == wanted:
                continue
            previous = getattr(last, name) if last is not None else current
            if last is not None and previous == wanted:
                continue  # the source did not change; the CMS's edit stands
            if previous != current:
                kept.append(name)  # edited in the CMS and changed in the source
                continue
            setattr(entry, name, wanted)
            applied.append(name)

        relations = {
            name: self._new_relations(entry, last, name, getattr(data, name))
            for name in ("topics", "authors")
        }
        kept_note = f"kept the CMS's edits of {', '.join(kept)}" if kept else ""
        if not applied and not any(relations.values()):
            if kept:
                self._add(SKIP, data, f"the source changed, but {kept_note}")
            else:
                self._add(UNCHANGED, data)
            return entry
        entry._change_reason = self._reason(data)
        self._save_as_one_revision(
            entry, data.label, relations, save=bool(applied), expected_version=entry.version
        )
        applied += [name for name, objects in relations.items() if objects]
        detail = ", ".join(applied) + (f"; {kept_note}" if kept else "")
        self._add(UPDATE, data, detail)
        return entry
