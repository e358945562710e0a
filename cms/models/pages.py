"""Standalone pages such as About and Contact, shown in the navigation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.languages import language_choices
from cms.models.checks import RefusesControlCharacters, RendersMarkdownBody
from cms.public_urls import page_path
from cms.validators import validate_url_slug


class PageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Page(RendersMarkdownBody, RefusesControlCharacters, models.Model):
    language = models.CharField(_("language"), max_length=15, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.CharField(_("slug"), max_length=100, validators=[validate_url_slug])
    body = models.TextField(_("body"), blank=True)
    body_html = models.TextField(editable=False, default="")
    nav_order = models.PositiveSmallIntegerField(
        _("navigation order"), default=0, help_text=_("Lower numbers come first in the menu.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["language", "nav_order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"],
                name="page_unique_slug_per_language",
                violation_error_message=_("A page with this slug already exists in this language."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = self.rendered_body()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return page_path(self.language, self.slug)
