"""The in-admin inbox: each member's notifications, and which of them also come by e-mail.

Served by the admin site (``DigestAdminSite.get_urls``) to every staff
member, whatever their role: everyone reads only their own notifications, and
of those only the ones about entries they still see in the admin (``inbox_of``).
"""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Entry, Notification, NotificationPreference
from cms.permissions import admin_entry_filter, visible_in_admin

INBOX_LENGTH = 100


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_submitted", "email_changes_requested", "email_published", "email_comment"]


def inbox_of(user):
    """``user``'s notifications, less those about an entry they no longer see in the admin
    (taken off its byline, say): the inbox shows the entry's title and the comment."""
    mine = Notification.objects.filter(recipient=user)
    if admin_entry_filter(user) is None:
        return mine
    visible = visible_in_admin(user, Entry.objects.all()).values("pk")
    return mine.filter(Q(entry__isnull=True) | Q(entry__in=visible))


def inbox_view(admin_site, request):
    """GET: the newest notifications and the e-mail choices; POST: mark read, or save choices."""
    # Saved only when the member saves choices: no row means every e-mail (delivery.py).
    preference = NotificationPreference.objects.filter(user=request.user).first()
    preference = preference or NotificationPreference(user=request.user)
    mine = inbox_of(request.user)
    form = PreferenceForm(instance=preference)
    if request.method == "POST":
        if "_mark_read" in request.POST:
            mine.filter(read_at__isnull=True).update(read_at=timezone.now())
            messages.success(request, _("Every notification is marked as read."))
            return HttpResponseRedirect(reverse("admin:inbox"))
        form = PreferenceForm(request.POST, instance=preference)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your e-mail choices are saved."))
            return HttpResponseRedirect(reverse("admin:inbox"))
    notifications = list(
        mine.select_related("entry", "actor").order_by("-created_at", "-id")[:INBOX_LENGTH]
    )
    context = {
        **admin_site.each_context(request),
        "title": _("Inbox"),
        "notifications": notifications,
        "unread": sum(1 for item in notifications if item.read_at is None),
        "form": form,
    }
    return TemplateResponse(request, "admin/cms/inbox.html", context)
