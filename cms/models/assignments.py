"""Who translates which original into which language: the desk's queue assignments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.languages import language_choices


class TranslationAssignment(models.Model):
    """An editor's request that ``translator`` translate ``original`` into ``language``.

    A translator's queue shows only what is assigned to them; the assignment
    stays after the translation exists, so the same person brings it up to
    date when the original changes.
    """

    original = models.ForeignKey(
        "cms.Entry",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("original"),
    )
    language = models.CharField(_("language"), max_length=15, choices=language_choices)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="translation_assignments",
        verbose_name=_("translator"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation assignment")
        verbose_name_plural = _("translation assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["original", "language"], name="one_assignment_per_original_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.original} → {self.language}: {self.translator}"
