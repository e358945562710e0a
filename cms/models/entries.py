"""Entries: one write-up of a paper in one language, and its translations."""

import functools
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.exceptions import EditConflict
from cms.languages import language_choices
from cms.models.checks import RefusesControlCharacters, RendersMarkdownBody
from cms.models.papers import PaperSnapshot, paper_property, save_paper, validate_paper
from cms.models.redirects import Redirect
from cms.publishing import Status, public_entry_filter
from cms.summaries import summary_adds_to_body
from cms.validators import validate_url_slug


class TranslationMethod(models.TextChoices):
    ORIGINAL = "original", _("Original")
    MACHINE = "machine", _("Machine translation")
    HUMAN = "human", _("Human translation")


def new_preview_key() -> str:
    """A fresh key for an entry's preview links; a new one stops every link made before."""
    return secrets.token_urlsafe(16)


PLAIN_SLUG = re.compile(r"[A-Za-z0-9_-]+\Z")
SLUG_MARK = "entry-slug-mark"


def path_of(language: str, slug: str) -> str:
    """The URL path of the entry with ``slug`` in ``language``.

    Lists, feeds and sitemaps ask for thousands of these, and ``reverse``
    costs more than the rest of a sitemap line. A slug of plain letters,
    digits, hyphens and underscores comes out of ``reverse`` as it went in,
    so its path is the language's path around a mark, with the slug in the
    mark's place; other slugs (which ``reverse`` quotes) go through it.
    """
    if not PLAIN_SLUG.match(slug):
        with translation.override(language):
            return reverse("cms:entry-detail", kwargs={"slug": slug})
    before, after = _around_slug(language, get_script_prefix(), get_resolver(get_urlconf()))
    return before + slug + after


@functools.lru_cache(maxsize=64)
def _around_slug(language: str, script_prefix: str, resolver) -> tuple[str, str]:
    """What comes before and after the slug in an entry's path; cached per resolver, so a
    changed URLconf (``clear_url_caches`` makes a new resolver) is never served stale."""
    with translation.override(language):
        path = reverse(
            "cms:entry-detail", kwargs={"slug": SLUG_MARK}, urlconf=resolver.urlconf_name
        )
    before, _mark, after = path.partition(SLUG_MARK)
    return before, after


class EntryQuerySet(models.QuerySet):
    def published(self, now=None):
        """Entries the public may see now; see ``cms.publishing``."""
        return self.filter(public_entry_filter(now))

    def families(self, original_ids):
        """The entries with ids ``original_ids`` and their translations: whole language families.

        On ``published()``, the versions of an entry a reader may be offered.
        """
        return self.filter(
            models.Q(pk__in=original_ids) | models.Q(translation_of_id__in=original_ids)
        )

    def for_listing(self):
        """What cards and lists show, loaded in a fixed number of queries."""
        return (
            self.select_related("paper")
            .prefetch_related("topics", "authors")
            .defer("body", "body_html")
        )


class Entry(RendersMarkdownBody, RefusesControlCharacters, models.Model):
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
        max_length=10,
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
        indexes = [models.Index(fields=["language", "status", "publish_at"])]
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
                Redirect.objects.record(self, path_of(stored["language"], stored["slug"]))

    def get_absolute_url(self) -> str:
        return path_of(self.language, self.slug)

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

    def shared_paper(self):
        """The paper this version shows: its own, or its original's before it is first saved."""
        if self.paper_id is not None or self.is_cached("paper"):
            return self.paper
        if self.translation_of_id is not None:
            return self.translation_of.shared_paper()
        return self.__dict__.get("_staged_paper")

    def is_cached(self, name: str) -> bool:
        return self._meta.get_field(name).is_cached(self)

    def paper_for_writing(self):
        """Where a paper value set on this entry goes until ``save`` (see cms/models/papers.py)."""
        if self.translation_of_id is None and (
            self.paper_id is not None or self.is_cached("paper")
        ):
            if self.paper is not None:
                self.__dict__["_paper_touched"] = True
                return self.paper
        staged = self.__dict__.get("_staged_paper")
        if staged is None:
            from cms.models.papers import Paper

            staged = self.__dict__["_staged_paper"] = Paper()
        return staged

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        original = self.translation_of
        if original is not None:
            if self.pk is not None and original.pk == self.pk:
                errors.setdefault("translation_of", []).append(
                    _("An entry cannot be a translation of itself.")
                )
            elif original.translation_of_id is not None:
                errors.setdefault("translation_of", []).append(
                    _("Choose the original entry, not another translation of it.")
                )
            if original.language == self.language:
                errors.setdefault("language", []).append(
                    _("A translation must be in a different language from its original (%s).")
                    % original.get_language_display()
                )
            if self.translation_method == TranslationMethod.ORIGINAL:
                errors.setdefault("translation_method", []).append(
                    _("A translation is either a machine or a human translation.")
                )
            if self.pk is not None and self.translations.exists():
                errors.setdefault("translation_of", []).append(
                    _("This entry has translations of its own, so it must stay an original.")
                )
        if self.translation_method != TranslationMethod.ORIGINAL and not self.translator.strip():
            errors.setdefault("translator", []).append(
                _("Say who or what translated it, such as “Google Translate” or “Li Wei”.")
            )
        if self.translation_method == TranslationMethod.ORIGINAL and self.translator.strip():
            errors.setdefault("translation_method", []).append(
                _("An entry with a translator is a machine or a human translation.")
            )
        reserved = self.reserved_slug_problem()
        if reserved:
            errors.setdefault("slug", []).append(reserved)
        if errors:
            raise ValidationError(errors)

    def reserved_slug_problem(self) -> str | None:
        """Why the slug is taken by another entry's old address, or ``None`` when it is free."""
        if not self.slug or self.language not in dict(settings.LANGUAGES):
            return None
        try:
            path = path_of(self.language, self.slug)
        except NoReverseMatch:
            return None  # the slug's own validator says what is wrong with it
        if not Redirect.objects.reserved_path(self, path):
            return None
        if self.pk is not None:
            stored = Entry.objects.filter(pk=self.pk).values_list("language", "slug").first()
            if stored == (self.language, self.slug):
                return None  # it holds the address already (data from before this rule)
        return _(
            "The address %(path)s is reserved: another entry used to be there and readers are "
            "sent on from it to that entry. Choose another slug (an editor can delete the "
            "redirect under Redirects to free it)."
        ) % {"path": path}

    @property
    def paper_author_list(self) -> list[str]:
        return [name.strip() for name in self.paper_authors.splitlines() if name.strip()]

    @property
    def classification_list(self) -> list[str]:
        return [code.strip() for code in self.classification.splitlines() if code.strip()]

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
