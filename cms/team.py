"""Adding a team member with a role: one function for ``manage.py add_member`` and the admin.

A new member gets an account with no usable password, their role's group
(administrators: a superuser) and a link to set their own password
(Django's password-reset token: it works once, and expires after
``PASSWORD_RESET_TIMEOUT``). Nobody ever chooses, sees or sends a password
for someone else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cms.absolute import absolute_url
from cms.permissions import AUTHOR, EDITOR, TRANSLATOR
from cms.roles import setup_roles

ADMINISTRATOR = "administrator"
ROLES = (AUTHOR, TRANSLATOR, EDITOR, ADMINISTRATOR)


class TeamError(ValueError):
    """Why the member cannot be added, said for the person adding them."""


@dataclass
class NewMember:
    user: object
    role: str
    link: str


def check(username: str, role: str, email: str) -> None:
    """Raise ``TeamError`` naming what is wrong with these details, or return."""
    User = get_user_model()
    try:
        User.username_validator(username)
    except ValidationError:
        raise TeamError(
            _("“%(name)s” is not a username: use letters, digits and @ . + - _ only.")
            % {"name": username}
        ) from None
    if role not in ROLES:
        raise TeamError(
            _("There is no role “%(role)s”; choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(ROLES)}
        )
    try:
        validate_email(email)
    except ValidationError:
        raise TeamError(_("“%(email)s” is not an e-mail address.") % {"email": email}) from None
    if User.objects.filter(username__iexact=username).exists():
        raise TeamError(
            _("A member “%(name)s” exists already; change their role in the admin.")
            % {"name": username}
        )


def add_member(
    username: str, role: str, email: str, *, first_name: str = "", last_name: str = ""
) -> NewMember:
    """Create the member with ``role`` and return them with their set-password link."""
    username, email = username.strip(), email.strip()
    check(username, role, email)
    with transaction.atomic():
        user = get_user_model()(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            is_superuser=role == ADMINISTRATOR,
        )
        user.set_unusable_password()
        user.save()
        if role != ADMINISTRATOR:
            group = Group.objects.filter(name=role).first() or setup_roles()[role]
            user.groups.add(group)
    return NewMember(user=user, role=role, link=set_password_link(user))


def set_password_link(user) -> str:
    """The absolute address where ``user`` chooses their password (once, before it expires)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("admin:set_password", args=[uid, token]))


def send_link(member: NewMember) -> None:
    """E-mail the member their link (raises the mail backend's error if it fails)."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    body = _(
        "You have been added to the Digest CMS team as %(role)s, with the username "
        "“%(name)s”.\n\nChoose your password here (the link works once, for %(days)s days):\n"
        "%(link)s\n"
    ) % {"role": member.role, "name": member.user.get_username(), "days": days, "link": member.link}
    subject = settings.EMAIL_SUBJECT_PREFIX + _("Choose your password")
    send_mail(subject, body, None, [member.user.email])
