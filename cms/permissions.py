"""Permission rules: who may see, edit, create and publish what in the admin and the API.

The admin and every write path (the API, the editor's preview and uploads)
ask the functions here, so "who may do what" has one definition; what is
public is ``cms.publishing``'s, and which workflow action (submit, withdraw,
request changes, publish, schedule, unpublish, archive) each role may take is
``cms.roles.allowed_actions``, built on both.

Roles are Django groups holding permissions (``ROLE_PERMISSIONS``; kept in
step by ``cms.roles``):

- author: writes originals; sees and edits their own entries while drafts;
  submits them for review.
- translator: creates and edits translations while drafts; submits them.
- editor: edits any entry; the only role that publishes, unpublishes,
  schedules, archives, deletes or restores a revision.
"""

from django.db.models import Q
from django.utils.translation import gettext

from cms.publishing import Status

EDITOR_PERMISSIONS = ("cms.add_entry", "cms.change_entry", "cms.add_page", "cms.change_page")

AUTHOR, TRANSLATOR, EDITOR = "author", "translator", "editor"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    AUTHOR: [
        "cms.add_entry",
        "cms.change_entry",
        "cms.view_entry",
        "cms.write_original",
        "cms.view_topic",
    ],
    TRANSLATOR: [
        "cms.add_entry",
        "cms.change_entry",
        "cms.view_entry",
        "cms.translate_entry",
        "cms.view_topic",
    ],
    EDITOR: [
        "cms.add_entry",
        "cms.change_entry",
        "cms.delete_entry",
        "cms.view_entry",
        "cms.write_original",
        "cms.translate_entry",
        "cms.publish_entry",
        "cms.revert_entry",
        "cms.add_topic",
        "cms.change_topic",
        "cms.delete_topic",
        "cms.view_topic",
        "cms.add_page",
        "cms.change_page",
        "cms.delete_page",
        "cms.view_page",
        "cms.view_redirect",
        "cms.delete_redirect",
    ],
}


def can_publish(user) -> bool:
    """Publish, unpublish, schedule, archive: editors only."""
    return user.has_perm("cms.publish_entry")


def can_revert(user) -> bool:
    return user.has_perm("cms.revert_entry")


def is_owner(user, entry) -> bool:
    """The user created the entry or is in its byline."""
    if entry.pk is None:
        return True
    if entry.created_by_id == user.pk:
        return True
    return entry.authors.filter(pk=user.pk).exists()


def owner_filter(user) -> Q:
    """``is_owner`` for a queryset: the entries ``user`` created or is in the byline of
    (with ``distinct()``: the byline is a join)."""
    return Q(created_by=user) | Q(authors=user)


def admin_entry_filter(user) -> Q | None:
    """Which entries the user sees in the admin; ``None`` means all of them.

    Editors and translators see everything (translators translate from any
    original); authors see the entries they created or are credited on.
    """
    if can_publish(user) or user.has_perm("cms.translate_entry"):
        return None
    return owner_filter(user)


def can_edit(user, entry) -> bool:
    """May ``user`` save changes to ``entry`` in its current stored state?"""
    if not user.has_perm("cms.change_entry"):
        return False
    if can_publish(user):
        return True
    return entry.status == Status.DRAFT and may_write(user, entry)


def may_write(user, entry) -> bool:
    """Is ``entry``'s text the user's to write, whatever its status? Translators write any
    translation; authors (and editors) the entries they created or are credited on."""
    if entry.translation_of_id is not None and user.has_perm("cms.translate_entry"):
        return True
    return user.has_perm("cms.write_original") and is_owner(user, entry)


def can_delete(user) -> bool:
    """Deleting is an editor's decision about any entry, so it depends on the user alone."""
    return user.has_perm("cms.delete_entry") and can_publish(user)


def creation_problem(user, translation_of) -> str | None:
    """Why ``user`` may not create this entry, or ``None`` when they may."""
    if translation_of is None:
        if not user.has_perm("cms.write_original"):
            return gettext(
                "Translators create translations: choose the original in “Translation of”."
            )
        return None
    if user.has_perm("cms.translate_entry"):
        return None
    if user.has_perm("cms.write_original") and is_owner(user, translation_of):
        return None
    return gettext("Only translators, editors and the original's authors may translate it.")


def can_see(user, entry) -> bool:
    """``visible_in_admin`` for one loaded entry: does ``user`` see it in the admin and API?"""
    return admin_entry_filter(user) is None or is_owner(user, entry)


def translation_of_problem(user, entry, original) -> str | None:
    """Why ``user`` may not make ``entry`` a translation of ``original``; ``None`` when they may.

    The one rule for "Translation of", asked by the admin form and the API on
    every add (``entry`` is ``None``) and change; ``original`` ``None`` makes
    the entry an original. The original must be an entry the user sees, and
    the role must allow the result (``creation_problem``). Keeping the link
    an entry already has needs neither, so an author can still save a draft
    an editor linked to an original the author does not see.
    """
    original_id = original.pk if original is not None else None
    if entry is not None and entry.pk is not None and entry.translation_of_id == original_id:
        return None
    if original is not None and not can_see(user, original):
        return gettext("Choose an original that you can see in the admin.")
    return creation_problem(user, original)


def original_choices(user, entries, current_id: int | None = None):
    """The entries ``user`` may pick in "Translation of": those they see, and the current one."""
    visible = visible_in_admin(user, entries)
    if current_id is None or visible is entries:
        return visible
    return entries.filter(Q(pk__in=visible.values("pk")) | Q(pk=current_id))


def can_choose_byline(user) -> bool:
    """May ``user`` search the team for a byline? Whoever may write or change entries."""
    return user.is_active and (user.has_perm("cms.add_entry") or user.has_perm("cms.change_entry"))


def byline_filter() -> Q:
    """Who may be newly credited in a byline: active team members (admin and API alike)."""
    return Q(is_active=True)


def can_use_editor(user) -> bool:
    """Staff who may write entries or pages may preview Markdown and upload images."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and any(user.has_perm(permission) for permission in EDITOR_PERMISSIONS)
    )


def can_create(user) -> bool:
    """May ``user`` create entries at all? The admin's add permission."""
    return user.has_perm("cms.add_entry")


def visible_in_admin(user, queryset):
    """``queryset`` narrowed to the entries ``user`` sees in the admin (and through the API)."""
    rule = admin_entry_filter(user)
    return queryset if rule is None else queryset.filter(rule).distinct()
