"""The editorial roles as Django groups, kept in step with ``ROLE_PERMISSIONS``.

Run after every ``migrate`` (a ``post_migrate`` handler) and by
``python manage.py setup_roles``; both are idempotent and set each group's
permissions to exactly the list in ``cms.publishing``.
"""

from django.contrib.auth.models import Group, Permission

from cms.publishing import ROLE_PERMISSIONS


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
