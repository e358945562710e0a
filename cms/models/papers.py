"""Papers: what is true of a paper whatever language it is written up in.

An original entry and all its translations point at one ``Paper``, so the
authors, arXiv id, DOI, links, dates and classification are entered once
(on the original) and every language version shows them. ``Entry`` keeps
its former attribute names (``entry.arxiv_id``, ``entry.paper_authors``…)
as properties that read the shared paper, so pages, the API and the
structured data carry the same fields as before. Writing such a property
on an original changes its paper; on a translation the value only fills a
field the shared paper leaves empty (importers bring the same front matter
for every language), see ``Entry.save``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.models.checks import RefusesControlCharacters
from cms.validators import validate_arxiv_id, validate_doi, validate_web_url

# Entry attribute -> Paper field. The entry names are the API's and the templates'.
PAPER_FIELDS = {
    "paper_authors": "authors",
    "source_url": "source_url",
    "arxiv_id": "arxiv_id",
    "doi": "doi",
    "code_url": "code_url",
    "journal_ref": "journal_ref",
    "paper_comment": "comment",
    "paper_published": "published",
    "paper_updated": "updated",
    "classification": "classification",
}
ENTRY_NAMES = {paper_name: entry_name for entry_name, paper_name in PAPER_FIELDS.items()}


class Paper(RefusesControlCharacters, models.Model):
    """The paper an original entry and its translations are about."""

    authors = models.TextField(
        _("paper authors"), blank=True, help_text=_("The paper's own authors, one per line.")
    )
    source_url = models.URLField(
        _("source URL"), blank=True, max_length=500, validators=[validate_web_url]
    )
    arxiv_id = models.CharField(
        _("arXiv ID"), max_length=32, blank=True, validators=[validate_arxiv_id]
    )
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[validate_doi])
    code_url = models.URLField(
        _("code URL"), blank=True, max_length=500, validators=[validate_web_url]
    )
    journal_ref = models.CharField(
        _("journal reference"),
        max_length=300,
        blank=True,
        help_text=_("Where the paper was published, as its authors cite it."),
    )
    comment = models.CharField(
        _("authors' comment"),
        max_length=500,
        blank=True,
        help_text=_("The authors' note on the paper, such as “15 pages, accepted at ACL”."),
    )
    published = models.DateTimeField(_("paper first published"), null=True, blank=True)
    updated = models.DateTimeField(_("paper last revised"), null=True, blank=True)
    classification = models.TextField(
        _("classification"),
        blank=True,
        help_text=_(
            "Subject classes outside the topics, such as MSC “68T50” or ACM “I.2.7”, one per line."
        ),
    )

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        indexes = [models.Index(fields=["arxiv_id"]), models.Index(fields=["doi"])]

    def __str__(self) -> str:
        return self.arxiv_id or self.doi or f"paper {self.pk}"

    def fill_blanks_from(self, other: "Paper") -> bool:
        """Take ``other``'s values for the fields this paper leaves empty; True if any was taken."""
        taken = False
        for name in PAPER_FIELDS.values():
            if getattr(self, name) in ("", None) and getattr(other, name) not in ("", None):
                setattr(self, name, getattr(other, name))
                taken = True
        return taken


def paper_property(entry_name: str) -> property:
    """``Entry.<entry_name>``: the shared paper's value; setting it stages it for ``save``."""
    paper_name = PAPER_FIELDS[entry_name]
    default = Paper._meta.get_field(paper_name).get_default()

    def read(entry):
        paper = entry.shared_paper()
        return getattr(paper, paper_name) if paper is not None else default

    def write(entry, value):
        setattr(entry.paper_for_writing(), paper_name, value)

    return property(read, write, doc=f"The paper's {paper_name} (shared by all language versions).")


def _touched_paper(entry) -> "Paper | None":
    """The paper object holding values written through ``entry`` since it was loaded, if any."""
    staged = entry.__dict__.get("_staged_paper")
    if staged is not None:
        return staged
    if entry.translation_of_id is None and entry.is_cached("paper") and entry.paper is not None:
        return entry.paper if entry.__dict__.get("_paper_touched") else None
    return None


def validate_paper(entry, exclude=None) -> dict:
    """Errors in the paper values written through ``entry``, under the entry's field names."""
    paper = _touched_paper(entry)
    if paper is None:
        return {}
    skipped = [PAPER_FIELDS[name] for name in (exclude or ()) if name in PAPER_FIELDS]
    try:
        paper.full_clean(exclude=skipped, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return {ENTRY_NAMES.get(name, name): errors for name, errors in error.message_dict.items()}
    return {}


def save_paper(entry) -> None:
    """Before ``entry`` is saved: give it its paper, the original's one for a translation.

    An original without a paper gets a new one (and its translations with
    it); values written through an original are saved on its paper; values
    written through a translation fill the shared paper's empty fields only.
    """
    staged = entry.__dict__.pop("_staged_paper", None)
    touched = entry.__dict__.pop("_paper_touched", False)
    entries = type(entry)._default_manager
    if entry.translation_of_id is not None:
        shared_id = (
            entries.filter(pk=entry.translation_of_id).values_list("paper_id", flat=True).first()
        )
        if shared_id is None:
            paper = staged or Paper()
            paper.save()
            entries.filter(pk=entry.translation_of_id).update(paper=paper)
        elif staged is not None or entry.paper_id != shared_id:
            paper = Paper.objects.get(pk=shared_id)
            if staged is not None and paper.fill_blanks_from(staged):
                paper.save()
        else:
            return
        entry.paper = paper
        return
    if entry.paper_id is not None and not entry.is_cached("paper"):
        return  # nothing was written through it (writing loads the paper)
    paper = entry.paper if entry.paper_id is not None or entry.is_cached("paper") else None
    created = paper is None
    if created:
        paper = staged or Paper()
    if paper.pk is None or touched:
        paper.save()
    entry.paper = paper
    if created and entry.pk is not None:
        entries.filter(translation_of_id=entry.pk).update(paper=paper)


def _snapshot_fields() -> dict:
    fields = {}
    for entry_name, paper_name in PAPER_FIELDS.items():
        name, path, args, kwargs = Paper._meta.get_field(paper_name).deconstruct()
        fields[entry_name] = type(Paper._meta.get_field(paper_name))(*args, **kwargs)
    return fields


# Every entry revision records the paper's values as they were when it was saved,
# so revisions compare and restore them, and importers see what they last wrote.
PaperSnapshot = type(
    "PaperSnapshot",
    (models.Model,),
    {
        "__module__": __name__,
        "Meta": type("Meta", (), {"abstract": True}),
        **_snapshot_fields(),
    },
)


def snapshot_paper(sender, instance, history_instance, **kwargs) -> None:
    """``pre_create_historical_record``: copy the shared paper's values into the revision."""
    for entry_name in PAPER_FIELDS:
        setattr(history_instance, entry_name, getattr(instance, entry_name))


class SharesPaper:
    """What an entry reads and writes of the paper it shares with its language family."""

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
            staged = self.__dict__["_staged_paper"] = Paper()
        return staged

    @property
    def paper_author_list(self) -> list[str]:
        return [name.strip() for name in self.paper_authors.splitlines() if name.strip()]

    @property
    def classification_list(self) -> list[str]:
        return [code.strip() for code in self.classification.splitlines() if code.strip()]
