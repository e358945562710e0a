"""How an entry is a translation: its method, and the rules that keep language families whole.

A family is one original and its translations, each in another language; a
translation names who or what translated it. ``translation_problems`` is
``Entry.clean``'s part for these rules, so forms, the API and importers,
which all call ``full_clean``, get the same messages. ``TranslationProvenance``
holds the rest of a translation's provenance as data (``cms/provenance.py``
tells it to readers).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TranslationMethod(models.TextChoices):
    ORIGINAL = "original", _("Original")
    MACHINE = "machine", _("Machine translation")
    POST_EDITED = "post_edited", _("Machine translation, edited")
    HUMAN = "human", _("Human translation")


class TranslationProvenance(models.Model):
    """Beside the method and translator: the engine's code, who edited a machine
    translation, when it was made and from which version of its original, and
    whether readers are told that the original has changed since (the desk)."""

    mt_engine = models.CharField(
        _("engine"), max_length=20, blank=True, editable=False, help_text=_("deepl, google…")
    )
    post_editor = models.CharField(
        _("edited by"),
        max_length=100,
        blank=True,
        help_text=_("Who edited the machine translation."),
    )
    translated_at = models.DateTimeField(_("translated"), null=True, blank=True, editable=False)
    translated_from_version = models.PositiveIntegerField(
        _("original's version translated"), null=True, blank=True, editable=False
    )
    outdated_note = models.BooleanField(
        _("tell readers the original has changed"),
        default=False,
        help_text=_("Shows a note on the page until the translation is brought up to date."),
    )

    class Meta:
        abstract = True

    def record_translation(self) -> None:
        """A new translation: when, and from which version of its original, it was made."""
        if self.translation_of_id is None:
            return
        self.translated_at = self.translated_at or timezone.now()
        if self.translated_from_version is None:
            self.translated_from_version = self.translation_of.version


def translation_problems(entry) -> dict[str, list[str]]:
    """What is wrong with ``entry``'s place in its language family, by field."""
    errors: dict[str, list[str]] = {}
    original = entry.translation_of
    if original is not None:
        if entry.pk is not None and original.pk == entry.pk:
            errors.setdefault("translation_of", []).append(
                _("An entry cannot be a translation of itself.")
            )
        elif original.translation_of_id is not None:
            errors.setdefault("translation_of", []).append(
                _("Choose the original entry, not another translation of it.")
            )
        if original.language == entry.language:
            errors.setdefault("language", []).append(
                _("A translation must be in a different language from its original (%s).")
                % original.get_language_display()
            )
        if entry.translation_method == TranslationMethod.ORIGINAL:
            errors.setdefault("translation_method", []).append(
                _("A translation is either a machine or a human translation.")
            )
        if entry.pk is not None and entry.translations.exists():
            errors.setdefault("translation_of", []).append(
                _("This entry has translations of its own, so it must stay an original.")
            )
    if entry.translation_method == TranslationMethod.POST_EDITED and not entry.post_editor.strip():
        errors.setdefault("post_editor", []).append(_("Say who edited the machine translation."))
    if entry.translation_method != TranslationMethod.ORIGINAL and not entry.translator.strip():
        errors.setdefault("translator", []).append(
            _("Say who or what translated it, such as “Google Translate” or “Li Wei”.")
        )
    if entry.translation_method == TranslationMethod.ORIGINAL and entry.translator.strip():
        errors.setdefault("translation_method", []).append(
            _("An entry with a translator is a machine or a human translation.")
        )
    return errors
