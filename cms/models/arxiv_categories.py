"""Which topic the papers of each arXiv category get, as the editorial team decides."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArxivCategory(models.Model):
    """An arXiv subject category (``cs.LG``) and the topic its imported papers are filed under.

    The arXiv importer adds a row the first time it meets a category, with
    the existing topic of the same name (any case, any language) or a new
    one; editors change the topic here, and later imports follow. Without a
    topic, the category is kept as the paper's classification only.
    """

    code = models.CharField(_("arXiv category"), max_length=40, unique=True)
    name = models.CharField(_("arXiv's name for it"), max_length=200, blank=True)
    topic = models.ForeignKey(
        "cms.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arxiv_categories",
        verbose_name=_("topic"),
        help_text=_("Empty: papers keep the category as their classification, without a topic."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("arXiv category")
        verbose_name_plural = _("arXiv categories")

    def __str__(self) -> str:
        return f"{self.code} ({self.name})" if self.name else self.code
