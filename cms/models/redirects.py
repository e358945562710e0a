"""Redirects from an entry's old URLs, so that no published link ever breaks."""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from cms.models.checks import RefusesControlCharacters
from cms.public_urls import entry_path


class RedirectManager(models.Manager):
    def record(self, entry, old_path: str) -> None:
        """Remember ``old_path`` for ``entry``, unless it is the entry's current path.

        Only the entry's own redirects are ever removed or kept up to date: an
        old path that already leads to another entry stays with that entry,
        whatever this one's status, so no draft can remove or take over the
        old address of a published entry (see ``reserved_path``).
        """
        new_path = entry.get_absolute_url()
        if old_path == new_path:
            return
        self.filter(old_path=new_path, entry=entry).delete()
        self.get_or_create(old_path=old_path, defaults={"entry": entry})

    def reserved_path(self, entry, path: str) -> bool:
        """Is ``path`` the old address of another entry, which a redirect leads from?"""
        others = self.filter(old_path=path)
        if entry.pk is not None:
            others = others.exclude(entry_id=entry.pk)
        return others.exists()

    def slug_problem(self, entry) -> str | None:
        """Why ``entry``'s slug is another entry's old address, or ``None`` when it is free."""
        if not entry.slug or entry.language not in dict(settings.LANGUAGES):
            return None
        try:
            path = entry_path(entry.language, entry.slug)
        except NoReverseMatch:
            return None  # the slug's own validator says what is wrong with it
        if not self.reserved_path(entry, path):
            return None
        if entry.pk is not None:
            stored = type(entry).objects.filter(pk=entry.pk).values_list("language", "slug").first()
            if stored == (entry.language, entry.slug):
                return None  # it holds the address already (data from before this rule)
        return _(
            "The address %(path)s is reserved: another entry used to be there and readers are "
            "sent on from it to that entry. Choose another slug (an editor can delete the "
            "redirect under Redirects to free it)."
        ) % {"path": path}


class Redirect(RefusesControlCharacters, models.Model):
    """``old_path`` once served ``entry``; it now leads to the entry's current URL.

    Pointing at the entry rather than at a path means an entry renamed twice
    sends both old addresses straight to the newest one. An old path is
    reserved for its entry: no other entry may take that slug (an editor
    who wants it deletes the redirect first).
    """

    old_path = models.CharField(_("old path"), max_length=300, unique=True)
    entry = models.ForeignKey(
        "cms.Entry", on_delete=models.CASCADE, related_name="redirects", verbose_name=_("entry")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RedirectManager()

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self) -> str:
        return f"{self.old_path} → {self.entry.get_absolute_url()}"
