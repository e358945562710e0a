"""The arXiv category → topic table, which the arXiv importer fills and editors correct."""

from django.contrib import admin

from cms.models import ArxivCategory


@admin.register(ArxivCategory)
class ArxivCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "topic"]
    list_editable = ["topic"]
    list_select_related = ["topic"]
    search_fields = ["code", "name", "topic__name"]
    autocomplete_fields = ["topic"]
    fields = ["code", "name", "topic"]
