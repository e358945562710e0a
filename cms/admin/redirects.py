"""Redirects are recorded automatically when a slug changes; the admin lists them."""

from django.contrib import admin

from cms.models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "entry", "created_at"]
    search_fields = ["old_path", "entry__title"]
    list_select_related = ["entry"]
    readonly_fields = ["old_path", "entry", "created_at"]

    def has_add_permission(self, request):
        return False
