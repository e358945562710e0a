"""Creating and changing entries through the API under the admin's rules.

Every decision is a function of ``cms.permissions`` (who may create, edit,
set which status, publish, translate what); the model's ``full_clean()``
checks content; ``Entry.save(expected_version=...)`` refuses a stale write
atomically. A refused request changes nothing: the checks run before any
write, and the write (fields, topics, byline) is one transaction.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms import roles, workflow
from cms.api.errors import FieldError
from cms.exceptions import EditConflict
from cms.models import Entry, Topic
from cms.models.papers import PAPER_FIELDS
from cms.permissions import (
    byline_filter,
    can_edit,
    can_publish,
    translation_of_problem,
    visible_in_admin,
)
from cms.provenance import note_edit, stored_text
from cms.publishing import Status

SCALAR_FIELDS = (
    "title",
    "slug",
    "language",
    "summary",
    "body",
    "source_url",
    "arxiv_id",
    "doi",
    "code_url",
    "translation_method",
    "translator",
    "publish_at",
)


def refuse(field: str, message: str) -> FieldError:
    return FieldError(403, message, {field: [message]})


def invalid(errors: dict[str, list[str]]) -> FieldError:
    return FieldError(400, "The request has invalid fields.", errors)


def find_original(user, entry_id: int | None) -> Entry | None:
    """The entry ``translation_of`` names, if ``user`` may see it in the admin."""
    if entry_id is None:
        return None
    original = visible_in_admin(user, Entry.objects.all()).filter(pk=entry_id).first()
    if original is None:
        raise invalid({"translation_of": [f"No entry {entry_id} that you can see."]})
    return original


def find_related(data: dict) -> tuple[list | None, list | None]:
    """The topics and byline named by slug and username; unknown names are a 400."""
    errors = {}
    topics = authors = None
    if "topics" in data:
        slugs = list(dict.fromkeys(data["topics"]))
        topics = list(Topic.objects.filter(slug__in=slugs))
        missing = sorted(set(slugs) - {topic.slug for topic in topics})
        if missing:
            errors["topics"] = [f"Unknown topic: {slug}." for slug in missing]
    if "authors" in data:
        names = list(dict.fromkeys(data["authors"]))
        User = get_user_model()
        authors = list(User.objects.filter(byline_filter(), username__in=names))
        missing = sorted(set(names) - {user.get_username() for user in authors})
        if missing:
            errors["authors"] = [f"No active team member {name}." for name in missing]
    if errors:
        raise invalid(errors)
    return topics, authors


def check_workflow(user, current_status: str | None, data: dict, entry: Entry | None) -> None:
    """Scheduling is an editor's (the admin's read-only ``publish_at``)."""
    if "publish_at" in data and not can_publish(user):
        unchanged = entry is not None and data["publish_at"] == entry.publish_at
        if not unchanged:
            raise refuse("publish_at", "Only editors schedule entries.")


def status_step(user, entry: Entry, current: str | None, data: dict) -> workflow.Step | None:
    """A ``status`` change is the workflow action it asks for (``cms.roles.action_for_status``),
    taken on ``entry`` in memory under that action's rules; ``None`` when the status stays."""
    target = data.get("status")
    if target is None or target == (current or Status.DRAFT):
        return None
    publish_at = data.get("publish_at", entry.publish_at)
    scheduled = publish_at is not None and publish_at > timezone.now()
    action = roles.action_for_status(user, current, target, scheduled=scheduled)
    if action is None:
        raise refuse("status", f"Your role may not set the status to “{target}” here.")
    try:
        return workflow.prepare(
            user, entry, action, comment=data.get("comment", ""), publish_at=publish_at
        )
    except workflow.WorkflowRefused as refused:
        if refused.field == "action":
            message = f"Your role may not set the status to “{target}” here."
            raise refuse("status", message) from None
        raise invalid({refused.field: [refused.message]}) from None


def check_shared_paper(entry: Entry, data: dict) -> None:
    """A translation's paper values and topics are its original's: a different value is a
    400 (the admin shows them read-only; ``cms.shared_topics`` would put topics back).

    Sending the values a translation already shows (as a client that PUTs
    back what it read does) is fine.
    """
    if entry.translation_of_id is None:
        return
    errors = {}
    for name in PAPER_FIELDS:
        if name not in data:
            continue
        value = data[name]
        current = entry.paper_author_list if name == "paper_authors" else getattr(entry, name)
        if value != current:
            errors[name] = [
                f"The paper's details belong to the original (entry {entry.translation_of_id}); "
                "change them there."
            ]
    if "topics" in data:
        shared = Topic.objects.filter(entries=entry.translation_of_id).values_list("slug")
        if set(data["topics"]) != {slug for (slug,) in shared}:
            errors["topics"] = [
                f"A translation's topics are its original's (entry {entry.translation_of_id}); "
                "choose them there."
            ]
    if errors:
        raise invalid(errors)


def apply_and_validate(entry: Entry, data: dict) -> None:
    check_shared_paper(entry, data)
    for name in SCALAR_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    if "paper_authors" in data:
        entry.paper_authors = "\n".join(name.strip() for name in data["paper_authors"])
    try:
        entry.full_clean()
    except ValidationError as error:
        raise invalid(
            {
                field: [str(message) for message in messages]
                for field, messages in error.message_dict.items()
            }
        ) from error


def create_entry(user, data: dict) -> Entry:
    if "version" in data:
        raise invalid({"version": ["A new entry has no version; leave it out."]})
    original = find_original(user, data.get("translation_of"))
    problem = translation_of_problem(user, None, original)
    if problem:
        raise refuse("translation_of", problem)
    check_workflow(user, None, data, None)
    topics, authors = find_related(data)
    if authors is None and user.is_active:
        authors = [user]  # the byline sets itself unless the request names it
    entry = Entry(translation_of=original, created_by=user, updated_by=user)
    entry.status = Status.DRAFT
    apply_and_validate(entry, data)
    entry._history_user = user
    step = status_step(user, entry, None, data)
    save_with_relations(entry, topics, authors, step=step)
    return entry


def update_entry(
    user, entry: Entry, data: dict, *, expected_version: int, stale_status: int
) -> Entry:
    """Change ``entry`` if it is still at ``expected_version``, else 409/412 (``stale_status``)."""
    if not can_edit(user, entry):
        raise FieldError(403, "Your role may not change this entry in its current state.")
    if entry.version != expected_version:
        raise stale(entry, expected_version, stale_status)
    if "translation_of" in data and data["translation_of"] != entry.translation_of_id:
        original = find_original(user, data["translation_of"])
        problem = translation_of_problem(user, entry, original)
        if problem:
            raise refuse("translation_of", problem)
        entry.translation_of = original
    check_workflow(user, entry.status, data, entry)
    topics, authors = find_related(data)
    stored = stored_text(entry)
    apply_and_validate(entry, data)
    note_edit(entry, user, stored)
    entry.updated_by = user
    entry._history_user = user
    step = status_step(user, entry, entry.status, data)
    try:
        save_with_relations(entry, topics, authors, step=step, expected_version=expected_version)
    except EditConflict as error:
        raise stale(entry, expected_version, stale_status) from error
    return entry


def save_with_relations(entry: Entry, topics, authors, step=None, **save_options) -> None:
    """Save the entry, set its topics and authors (when given) and record the workflow
    ``step`` (when there is one) in one transaction.

    A slug that a concurrent request took first is a field error, not a 500.
    """
    with transaction.atomic():
        try:
            entry.save(**save_options)
        except IntegrityError as error:
            raise invalid(
                {"slug": ["An entry with this slug now exists in this language."]}
            ) from error
        if topics is not None:
            entry.topics.set(topics)
        if authors is not None:
            entry.authors.set(authors)
        if step is not None:
            workflow.record(step)


def stale(entry: Entry, expected_version: int, status: int) -> FieldError:
    current = Entry.objects.filter(pk=entry.pk).values_list("version", flat=True).first()
    message = (
        f"The entry was saved by someone else after version {expected_version}; nothing was "
        f"overwritten. Fetch version {current}, merge your changes and send them again."
    )
    return FieldError(status, message, {"version": [message]}, current_version=current)
