"""The admin site: Django's own, with the autocomplete of ``cms.admin.autocomplete``
the inbox of ``cms.admin.inbox``, adding team members (``cms.admin.team``), and the page
where a new member chooses their password (Django's password-reset views).

It is the project's default admin site (``DigestAdminConfig`` in
``INSTALLED_APPS``), so ``admin.site`` and ``@admin.register`` keep working.
This module loads while apps are being set up: it imports no models.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class DigestAdminSite(admin.AdminSite):
    def get_urls(self):
        """Django's admin URLs, and every member's inbox (``cms.admin.inbox``)."""
        from django.contrib.auth import views as auth_views
        from django.urls import path, reverse_lazy

        from cms.admin.inbox import inbox_view
        from cms.admin.team import add_member_view

        def inbox(request):
            return inbox_view(self, request)

        def add_member(request):
            return add_member_view(self, request)

        names = {"site_header": self.site_header, "site_title": self.site_title}
        set_password = auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("admin:set_password_done"), extra_context=names
        )
        done = auth_views.PasswordResetCompleteView.as_view(extra_context=names)
        return [
            path("inbox/", self.admin_view(inbox), name="inbox"),
            path("team/add/", self.admin_view(add_member), name="team_add"),
            path("set-password/done/", done, name="set_password_done"),
            path("set-password/<uidb64>/<token>/", set_password, name="set_password"),
            *super().get_urls(),
        ]

    def get_app_list(self, request, app_label=None):
        """Content first: the editorial work comes before tokens, accounts and login records."""
        apps = super().get_app_list(request, app_label)
        return sorted(apps, key=lambda app: app["app_label"] != "cms")

    def autocomplete_view(self, request):
        from cms.admin.autocomplete import TeamAutocompleteView

        return TeamAutocompleteView.as_view(admin_site=self)(request)


class DigestAdminConfig(AdminConfig):
    default_site = "cms.admin_site.DigestAdminSite"
