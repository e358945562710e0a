"""The admin site: Django's own, with the autocomplete of ``cms.admin.autocomplete``
and the inbox of ``cms.admin.inbox``.

It is the project's default admin site (``DigestAdminConfig`` in
``INSTALLED_APPS``), so ``admin.site`` and ``@admin.register`` keep working.
This module loads while apps are being set up: it imports no models.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class DigestAdminSite(admin.AdminSite):
    def get_urls(self):
        """Django's admin URLs, and every member's inbox (``cms.admin.inbox``)."""
        from django.urls import path

        from cms.admin.inbox import inbox_view

        def inbox(request):
            return inbox_view(self, request)

        return [path("inbox/", self.admin_view(inbox), name="inbox"), *super().get_urls()]

    def autocomplete_view(self, request):
        from cms.admin.autocomplete import TeamAutocompleteView

        return TeamAutocompleteView.as_view(admin_site=self)(request)


class DigestAdminConfig(AdminConfig):
    default_site = "cms.admin_site.DigestAdminSite"
