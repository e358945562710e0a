"""The admin: where the editorial team writes, translates and publishes."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cms.admin import (  # noqa: F401  (registers the admins)
    arxiv_categories,
    entries,
    pages,
    redirects,
    topics,
)

admin.site.site_header = _("Digest CMS")
admin.site.site_title = _("Digest CMS")
admin.site.index_title = _("Editorial desk")
