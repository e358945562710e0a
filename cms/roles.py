"""The editorial roles: Django groups kept in step with ``ROLE_PERMISSIONS``, and the
workflow actions each role may take (``allowed_actions``).

Run after every ``migrate`` (a ``post_migrate`` handler) and by
``python manage.py setup_roles``; both are idempotent and set each group's
permissions to exactly the list in ``cms.permissions``.
"""

from django.contrib.auth.models import Group, Permission

from cms.permissions import ROLE_PERMISSIONS, can_publish, can_see, is_owner, may_write
from cms.publishing import Status, is_public


def permissions_for(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def setup_roles() -> dict[str, Group]:
    """Create or update the author, translator and editor groups."""
    groups = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(names))
        groups[role] = group
    return groups


def setup_roles_after_migrate(sender, **kwargs) -> None:
    """``post_migrate`` handler: the permissions exist only once ``cms`` has migrated."""
    if Permission.objects.filter(content_type__app_label="cms", codename="publish_entry").exists():
        setup_roles()


# The explicit workflow actions (cms.workflow performs them) and who may take each.
SUBMIT, WITHDRAW, REQUEST_CHANGES = "submit", "withdraw", "request_changes"
PUBLISH, SCHEDULE, UNPUBLISH, ARCHIVE = "publish", "schedule", "unpublish", "archive"
ACTIONS = (SUBMIT, WITHDRAW, REQUEST_CHANGES, PUBLISH, SCHEDULE, UNPUBLISH, ARCHIVE)


def allowed_actions(user, entry) -> list[str]:
    """The workflow actions ``user`` may take on ``entry`` in its stored state, in display order.

    Writers (an author on their own entry, a translator on a translation)
    submit a draft and withdraw it while it waits; editors request changes
    on what waits for review, publish or schedule anything not yet public,
    and unpublish or archive. The admin's buttons, its list actions and the
    API all ask here and nowhere else.
    """
    if not (user.is_active and user.has_perm("cms.change_entry")):
        return []
    editor = can_publish(user)
    writer = may_write(user, entry)
    status = entry.status
    rules = {
        SUBMIT: status == Status.DRAFT and (writer or editor),
        WITHDRAW: status == Status.REVIEW and writer and (not editor or is_owner(user, entry)),
        REQUEST_CHANGES: status == Status.REVIEW and editor,
        PUBLISH: editor and not is_public(entry),
        SCHEDULE: editor and not is_public(entry),
        UNPUBLISH: editor and status in (Status.PUBLISHED, Status.ARCHIVED),
        ARCHIVE: editor and status != Status.ARCHIVED,
    }
    return [action for action in ACTIONS if rules[action]]


def action_for_status(user, current: str | None, target: str, *, scheduled: bool) -> str | None:
    """The action a status change asks for (the API's ``status`` field), or ``None``.

    ``current`` ``None`` is a new entry (a draft until this action);
    ``scheduled``: the change comes with a ``publish_at`` still to come.
    """
    current = current or Status.DRAFT
    if target == current:
        return None
    if target == Status.PUBLISHED:
        return SCHEDULE if scheduled else PUBLISH
    if target == Status.ARCHIVED:
        return ARCHIVE
    if target == Status.REVIEW and current == Status.DRAFT:
        return SUBMIT
    if target == Status.DRAFT and current == Status.REVIEW:
        return REQUEST_CHANGES if can_publish(user) else WITHDRAW
    if target == Status.DRAFT:
        return UNPUBLISH
    return None


def can_comment(user, entry) -> bool:
    """Whoever sees the entry in the admin takes part in its review conversation."""
    return user.is_active and user.has_perm("cms.view_entry") and can_see(user, entry)


def can_resolve(user, comment, entry) -> bool:
    """A thread is resolved (or reopened) by who started it, an editor or the entry's writers."""
    return resolver(user, entry)(comment)


def resolver(user, entry):
    """``can_resolve`` for any thread of ``entry``, with the role's part decided once (the
    conversation panel asks it for every thread; ``may_write`` may query the byline)."""
    if not can_comment(user, entry):
        return lambda comment: False
    every_thread = can_publish(user) or may_write(user, entry)
    return lambda comment: every_thread or comment.author_id == user.pk


def can_manage_team(user) -> bool:
    """Administrators add team members: whoever may add and change user accounts."""
    return user.is_active and user.has_perm("auth.add_user") and user.has_perm("auth.change_user")
