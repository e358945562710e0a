"""Review conversations: comments on an entry, in threads, resolvable, anchored to a paragraph.

A thread is a comment without a parent and its replies (a reply to a reply
joins the same thread, so threads stay flat enough to read beside a form).
A comment may point at one paragraph of the body as it was when written:
its number and its opening words, so the anchor still makes sense after the
text moved. Resolving closes the whole thread; it can be reopened.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

QUOTE_LENGTH = 120


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs (blocks between blank lines), as a comment anchors to them."""
    blocks = [" ".join(block.split()) for block in body.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


class CommentQuerySet(models.QuerySet):
    def threads(self):
        """Top-level comments with their replies and people, in the order they were written."""
        return (
            self.filter(parent__isnull=True)
            .select_related("author", "resolved_by")
            .prefetch_related(
                models.Prefetch(
                    "replies", queryset=Comment.objects.select_related("author").order_by("id")
                )
            )
            .order_by("id")
        )

    def open(self):
        return self.filter(parent__isnull=True, resolved_at__isnull=True)


class Comment(models.Model):
    entry = models.ForeignKey(
        "cms.Entry", on_delete=models.CASCADE, related_name="comments", verbose_name=_("entry")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    body = models.TextField(_("comment"), max_length=5000)
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    quote = models.CharField(_("quoted words"), max_length=QUOTE_LENGTH, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["entry", "parent", "resolved_at"])]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
