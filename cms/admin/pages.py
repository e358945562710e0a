"""Standalone pages, edited with the same Markdown editor as entries."""

from django.contrib import admin
from markdownx.widgets import AdminMarkdownxWidget

from cms.admin.forms import EDITOR_ATTRS
from cms.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "slug", "nav_order", "is_published", "updated_at"]
    list_filter = ["language", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "language", "nav_order", "is_published", "body"]

    class Media:
        js = ["cms/admin-editor.js"]  # cms/admin.css comes with every admin page (base_site.html)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = AdminMarkdownxWidget(attrs=EDITOR_ATTRS)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def view_on_site(self, page):
        return page.get_absolute_url() if page.is_published else None
