"""Writing the inbox rows and sending the e-mails for one event (inside the task)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cms.absolute import absolute_url
from cms.models import Entry, Notification, NotificationKind, NotificationPreference
from cms.notifications.recipients import recipients

logger = logging.getLogger(__name__)


def headline(kind: str, entry: Entry, actor) -> str:
    """One sentence saying what happened, for the inbox and the e-mail's first line."""
    who = (actor.get_full_name() or actor.get_username()) if actor else _("Someone")
    values = {"who": who, "title": entry.title}
    if kind == NotificationKind.WENT_LIVE:
        when = formats.date_format(timezone.localtime(entry.publish_at), "DATETIME_FORMAT")
        return _("“%(title)s” went live at %(when)s, as scheduled.") % {**values, "when": when}
    sentences = {
        NotificationKind.SUBMITTED: _("%(who)s submitted “%(title)s” for review."),
        NotificationKind.CHANGES_REQUESTED: _("%(who)s asked for changes to “%(title)s”:"),
        NotificationKind.PUBLISHED: _("%(who)s published “%(title)s”."),
        NotificationKind.COMMENT: _("%(who)s commented on “%(title)s”:"),
    }
    return sentences[kind] % values


def message(kind: str, entry: Entry, actor, text: str, recipient) -> EmailMessage:
    link = absolute_url(reverse("admin:cms_entry_change", args=[entry.pk]))
    lines = [headline(kind, entry, actor)]
    if text:
        lines += ["", text]
    lines += ["", _("Open the entry: %(link)s") % {"link": link}]
    lines += ["", _("You can choose which notifications come by e-mail in the admin's inbox.")]
    subject = f"{settings.EMAIL_SUBJECT_PREFIX}{NotificationKind(kind).label}: {entry.title}"
    return EmailMessage(subject, "\n".join(lines), to=[recipient.email])


def deliver(kind: str, entry_id: int, actor_id: int | None, text: str = "") -> int:
    """Tell everyone ``kind`` concerns; the number of people told (inbox rows written)."""
    entry = Entry.objects.filter(pk=entry_id).first()
    if entry is None:
        return 0  # deleted before the task ran: nothing left to point at
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    people = recipients(kind, entry, actor_id)
    Notification.objects.bulk_create(
        [
            Notification(recipient=person, kind=kind, entry=entry, actor=actor, text=text)
            for person in people
        ]
    )
    preferences = {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user__in=people)
    }
    emails = []
    with translation.override(settings.LANGUAGE_CODE):
        for person in people:
            preference = preferences.get(person.pk)
            if person.email and (preference is None or preference.wants_email(kind)):
                emails.append(message(kind, entry, actor, text, person))
    if emails:
        try:
            get_connection().send_messages(emails)
        except OSError:
            logger.exception("Could not send %s notification e-mails for entry %s", kind, entry_id)
    return len(people)
