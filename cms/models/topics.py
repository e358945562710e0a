"""Topics: tags shared by all languages, each with a display name per language."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.languages import default_language
from cms.models.checks import RefusesControlCharacters
from cms.public_urls import topic_path
from cms.publishing import public_entry_count, public_entry_filter
from cms.validators import validate_url_slug


class TopicQuerySet(models.QuerySet):
    def with_public_entries(self, language: str | None):
        """Topics that at least one public entry in ``language`` (``None``: any) carries.

        A topic has a page, a feed and an API document in a language only then.
        """
        public = public_entry_filter(prefix="entries__")
        if language is not None:
            public &= models.Q(entries__language=language)  # the same entry: one filter()
        return self.filter(public).distinct()

    def with_public_entry_counts(self, language: str):
        """``with_public_entries``, each topic annotated with its ``entry_count`` there."""
        return self.annotate(entry_count=public_entry_count(language)).filter(entry_count__gt=0)


class Topic(RefusesControlCharacters, models.Model):
    slug = models.CharField(_("slug"), max_length=80, unique=True, validators=[validate_url_slug])
    name = models.CharField(
        _("name"), max_length=100, help_text=_("The name in the site's default language.")
    )
    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_("Display names keyed by language code."),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, language: str | None = None) -> str:
        return topic_path(self.slug, language)

    def name_in(self, language: str | None = None) -> str:
        """The display name in ``language`` (default: the active one), falling back to ``name``."""
        language = language or get_language() or default_language()
        return self.names.get(language) or self.name

    @property
    def display_name(self) -> str:
        return self.name_in()
