"""Who may use the write endpoints at all; per-entry rules are ``cms.permissions``'s."""

from rest_framework.permissions import BasePermission

from cms.permissions import can_create


class EditorialStaff(BasePermission):
    """Active staff in an editorial role, as for the admin: a token alone is not enough."""

    message = "Only active staff with an editorial role may use the write API."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_active
            and user.is_staff
            and (can_create(user) or user.has_perm("cms.change_entry"))
        )
