"""Entries: one write-up of a paper in one language, and its translations."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.exceptions import EditConflict
from cms.languages import language_choices
from cms.models.checks import RefusesControlCharacters, RendersMarkdownBody
from cms.models.entry_queries import EntryQuerySet
from cms.models.papers import (
    PaperSnapshot,
    SharesPaper,
    paper_property,
    save_paper,
    validate_paper,
)
from cms.models.redirects import Redirect
from cms.models.translations import (
    TranslationMethod,
    TranslationProvenance,
    translation_problems,
)
from cms.public_urls import entry_path
from cms.publishing import Status
from cms.summaries import summary_adds_to_body
from cms.validators import validate_url_slug


def new_preview_key() -> str:
    """A fresh key for an entry's preview links; a new one stops every link made before."""
    return secrets.token_urlsafe(16)


class Entry(SharesPaper, RendersMarkdownBody, RefusesControlCharacters, TranslationProvenance):
    language = models.CharField(_("language"), max_length=15, choices=language_choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.CharField(
        _("slug"),
        max_length=120,
        validators=[validate_url_slug],
        help_text=_("Part of the URL; unique within the language."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("Plain text for cards, feeds and search results (up to 500 characters)."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown. Drag an image into the editor to upload it."),
    )
    body_html = models.TextField(editable=False, default="")

    topics = models.ManyToManyField(
        "cms.Topic", related_name="entries", blank=True, verbose_name=_("topics")
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="entries",
        blank=True,
        verbose_name=_("byline"),
        help_text=_("Team members who wrote this entry."),
    )

    paper = models.ForeignKey(
        "cms.Paper",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="entries",
        verbose_name=_("paper"),
        help_text=_("Shared by the original and all its translations."),
    )
    paper_authors = paper_property("paper_authors")
    source_url = paper_property("source_url")
    arxiv_id = paper_property("arxiv_id")
    doi = paper_property("doi")
    code_url = paper_property("code_url")
    journal_ref = paper_property("journal_ref")
    paper_comment = paper_property("paper_comment")
    paper_published = paper_property("paper_published")
    paper_updated = paper_property("paper_updated")
    classification = paper_property("classification")

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("When a published entry becomes public. Empty means now."),
    )

    translation_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The original entry, when this entry is a translation of it."),
    )
    translation_method = models.CharField(
        _("text origin"),
        max_length=12,
        choices=TranslationMethod.choices,
        default=TranslationMethod.ORIGINAL,
    )
    translator = models.CharField(
        _("translator"),
        max_length=100,
        blank=True,
        help_text=_("The engine (“Google Translate”) or the person (“Li Wei”) who translated it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set by the importers (cms/importers/): the stable key a re-import finds
    # the entry by ("arxiv:2401.01234"), and what the source said beyond the
    # fields above (arXiv version, dates and links; the engine as written).
    import_ref = models.CharField(
        _("import reference"), max_length=200, null=True, blank=True, unique=True, editable=False
    )
    import_meta = models.JSONField(_("import details"), default=dict, blank=True, editable=False)
    # Signed into every preview link (cms/preview.py); replacing it revokes them all.
    preview_key = models.CharField(max_length=32, default=new_preview_key, editable=False)

    objects = EntryQuerySet.as_manager()
    history = HistoricalRecords(
        bases=[PaperSnapshot],
        excluded_fields=["body_html", "preview_key"],
        m2m_fields=[topics, authors],
        verbose_name=_("entry revision"),
        verbose_name_plural=_("entry revisions"),
    )

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"],
                name="entry_unique_slug_per_language",
                violation_error_message=_(
                    "An entry with this slug already exists in this language."
                ),
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=models.Q(translation_of__isnull=False),
                name="entry_one_translation_per_language",
                violation_error_message=_(
                    "This original already has a translation in this language."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["language", "status", "publish_at"]),
            # The API's list of every language's entries, newest first, without sorting them all.
            models.Index(fields=["status", "publish_at"]),
        ]
        permissions = [
            ("publish_entry", _("Can publish, unpublish, schedule and archive entries")),
            ("revert_entry", _("Can restore an earlier revision of an entry")),
            ("write_original", _("Can write original entries")),
            ("translate_entry", _("Can create and edit translations")),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, expected_version: int | None = None, **kwargs) -> None:
        """Render the body and bump ``version``.

        With ``expected_version`` the save happens only if the stored entry is
        still at that version (an atomic compare-and-set); otherwise it raises
        ``EditConflict`` and changes nothing. Editors' saves always pass it.
        """
        self.body_html = self.rendered_body()
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "publish_at",
                "version",
                "updated_at",
            }
        if self.pk is None or self._state.adding:
            self.record_translation()
            with transaction.atomic(using=kwargs.get("using")):
                save_paper(self)
                super().save(*args, **kwargs)
            return
        with transaction.atomic(using=kwargs.get("using")):
            save_paper(self)
            stored = Entry.objects.filter(pk=self.pk).values("language", "slug").first()
            if expected_version is not None:
                claimed = Entry.objects.filter(pk=self.pk, version=expected_version).update(
                    version=expected_version + 1
                )
                if not claimed:
                    raise EditConflict(
                        f"Entry {self.pk} was saved by someone else after version "
                        f"{expected_version} was loaded."
                    )
                self.version = expected_version + 1
            else:
                self.version += 1
            super().save(*args, **kwargs)
            if stored and (stored["language"], stored["slug"]) != (self.language, self.slug):
                Redirect.objects.record(self, entry_path(stored["language"], stored["slug"]))

    def get_absolute_url(self) -> str:
        return entry_path(self.language, self.slug)

    def clean_fields(self, exclude=None) -> None:
        """The entry's own fields, then the paper values written through it."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        errors.update(validate_paper(self, exclude))
        if errors:
            raise ValidationError(errors)

    def clean(self) -> None:
        errors = translation_problems(self)
        reserved = Redirect.objects.slug_problem(self)
        if reserved:
            errors.setdefault("slug", []).append(reserved)
        if errors:
            raise ValidationError(errors)

    @property
    def summary_adds_to_body(self) -> bool:
        return summary_adds_to_body(self.summary, self.body, self.body_html)

    @property
    def is_translation(self) -> bool:
        return self.translation_method != TranslationMethod.ORIGINAL

    @property
    def original_id(self) -> int:
        """The id shared by an original and all its translations."""
        return self.translation_of_id or self.pk

    def public_versions(self) -> list["Entry"]:
        """The other language versions of this entry that the public may see."""
        family = Entry.objects.published().families([self.original_id])
        return list(family.exclude(pk=self.pk).order_by("language"))
