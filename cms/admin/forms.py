"""The entry form: the Markdown editor and the check that no edit is lost."""

from urllib.parse import urlencode

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from markdownx.widgets import AdminMarkdownxWidget

from cms import workflow
from cms.admin.workflow import posted_action
from cms.models import Entry, Paper
from cms.models.papers import PAPER_FIELDS
from cms.permissions import byline_filter, original_choices, translation_of_problem

# Words for static/cms/admin-editor.js, which has no translations of its own.
EDITOR_ATTRS = {
    "data-cms-preview-title": _lazy("Preview, in the published page's style"),
    "data-cms-upload-label": _lazy("Upload an image"),
    "data-cms-alt-label": _lazy("Describe the image (alt text)"),
    "data-cms-upload-failed": _lazy("The image could not be uploaded; try again."),
}

# The public site's stylesheets, which static/cms/admin-preview.js loads around the preview.
PREVIEW_STYLES = ["cms/site.css", "cms/code.css"]

CONFLICT_FIELDS = [
    "title",
    "slug",
    "language",
    "summary",
    "body",
    "status",
    "publish_at",
    "translation_of",
    "translation_method",
    "translator",
    *PAPER_FIELDS,
]


def label_split_date_times(fields) -> None:
    """Name the date and time boxes of each split date-time field for screen readers.

    The admin's split widget has one ``<label>`` for two inputs, so neither
    input has an accessible name of its own.
    """
    for field in fields:
        if isinstance(field.widget, forms.SplitDateTimeWidget):
            date, time = field.widget.widgets
            date.attrs["aria-label"] = _("%(field)s: date") % {"field": field.label}
            time.attrs["aria-label"] = _("%(field)s: time") % {"field": field.label}


PAPER_HELP = {
    "arxiv_id": _lazy("For example 1706.03762 or 2401.01234v2."),
    "doi": _lazy("For example 10.1038/s41586-021-03819-2, without “https://doi.org/”."),
}


def _paper_form_field(entry_name: str) -> forms.Field:
    """The form field for one of the paper's values, labelled as the paper's own field."""
    model_field = Paper._meta.get_field(PAPER_FIELDS[entry_name])
    if isinstance(model_field, models.DateTimeField):
        return forms.SplitDateTimeField(
            label=model_field.verbose_name.capitalize(),
            required=False,
            widget=AdminSplitDateTime,
        )
    widgets = {
        "authors": forms.Textarea(attrs={"rows": 4}),
        "classification": forms.Textarea(attrs={"rows": 2}),
    }
    if isinstance(model_field, models.URLField):
        return model_field.formfield(assume_scheme="https")
    field = model_field.formfield(widget=widgets.get(model_field.name))
    field.help_text = PAPER_HELP.get(entry_name, field.help_text)
    return field


# The paper's values, edited on the original entry's form (they live on its Paper).
PaperFields = type(
    "PaperFields",
    (forms.Form,),
    {name: _paper_form_field(name) for name in PAPER_FIELDS},
)


class EntryAdminForm(PaperFields, forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source_url = forms.URLField(
        label=_lazy("Source URL"), max_length=500, required=False, assume_scheme="https"
    )
    code_url = forms.URLField(
        label=_lazy("Code URL"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Entry
        fields = [
            "title",
            "slug",
            "language",
            "summary",
            "body",
            "topics",
            "authors",
            "translation_of",
            "translation_method",
            "translator",
            "status",
            "publish_at",
        ]
        help_texts = {
            "title": _lazy("The entry's own title in its language, not necessarily the paper's."),
            "language": _lazy("The language this entry is written in."),
            "body": _lazy(
                "Markdown; the preview beside it shows the published page. Add an image by "
                "dragging it in, pasting it or “Upload an image”. Tab leaves the editor; "
                "Ctrl+] and Ctrl+[ indent and unindent."
            ),
            "translation_method": _lazy(
                "Original for text written here; machine or human for a translation, "
                "with the translator below."
            ),
        }
        widgets = {
            "body": AdminMarkdownxWidget(attrs=EDITOR_ATTRS),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    user = None
    unsaved = None  # values posted with a comment and not saved (cms.admin.conversation)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version
        if "authors" in self.fields:
            credited = self.instance.authors.values("pk") if self.instance.pk else []
            self.fields["authors"].queryset = self.fields["authors"].queryset.filter(
                byline_filter() | Q(pk__in=credited)
            )
        if self.user is not None and "translation_of" in self.fields:
            field = self.fields["translation_of"]
            field.queryset = original_choices(
                self.user, field.queryset, self.instance.translation_of_id
            )
        if self.instance.pk is not None:
            for name in PAPER_FIELDS:
                self.initial.setdefault(name, getattr(self.instance, name))
        if "body" in self.fields:
            self.fields["body"].widget.attrs["data-cms-preview-styles"] = " ".join(
                static(name) for name in PREVIEW_STYLES
            )
        label_split_date_times(self.fields.values())
        for name in ("topics", "authors"):
            if name in self.fields:
                # select2 puts its "clear all" × inside the list of chosen items, where a
                # screen reader finds a list holding a non-item (axe: "list"); each chosen
                # item has its own × already. Django offers the × to fields not required.
                inner = getattr(self.fields[name].widget, "widget", self.fields[name].widget)
                inner.is_required = True
        if self.unsaved and not self.is_bound:
            self.initial.update(self.unsaved)

    def clean(self):
        cleaned = super().clean()
        if self.user is not None and "translation_of" in cleaned:
            problem = translation_of_problem(self.user, self.instance, cleaned["translation_of"])
            if problem:
                self.add_error("translation_of", problem)
        if cleaned.get("translation_of") is not None:
            self.refuse_other_shared_values(cleaned["translation_of"], cleaned)
        if self.instance.pk is not None:
            self.check_not_stale(cleaned.get("loaded_version"))
        return cleaned

    def refuse_other_shared_values(self, original, cleaned) -> None:
        """A translation shows its original's paper and topics: a value chosen here that
        differs is an error naming the field, not a value dropped on save. Left empty,
        the field takes the original's (as the read-only form of a translation shows)."""
        for name in PAPER_FIELDS:
            value = cleaned.get(name) if name in self.fields else None
            if value and value != getattr(original, name):
                self.add_error(
                    name,
                    _("The paper's details belong to the original; change them there."),
                )
        chosen = cleaned.get("topics") if "topics" in self.fields else None
        if chosen and {topic.pk for topic in chosen} != set(
            original.topics.values_list("pk", flat=True)
        ):
            self.add_error(
                "topics", _("A translation's topics are its original's; choose them there.")
            )

    def _post_clean(self):
        """A workflow button saves the form and takes its action: refuse both if the action
        may not be taken, so nothing is saved and the text stays in the form. Asked once the
        instance holds the form's values (a new translation is one only by then).

        Paper values go to the entry's paper (through its properties) before it is validated."""
        for name in PAPER_FIELDS:
            if name in self.fields and name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()
        if self.user is None or self.errors:
            return
        try:
            posted = posted_action(self.data)
            if posted is not None:
                workflow.check(self.user, self.instance, posted[0], **posted[1])
        except workflow.WorkflowRefused as refused:
            self.add_error(None, ValidationError(refused.message, code="workflow"))

    def check_not_stale(self, loaded_version: int | None) -> None:
        """Refuse the save when the entry changed after this form was loaded."""
        current = Entry.objects.select_related("updated_by").filter(pk=self.instance.pk).first()
        if current is None or loaded_version == current.version:
            return
        who = (
            current.updated_by.get_full_name() or current.updated_by.get_username()
            if current.updated_by
            else _("someone else")
        )
        when = formats.date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        changed = [
            str(
                Paper._meta.get_field(PAPER_FIELDS[name]).verbose_name
                if name in PAPER_FIELDS
                else Entry._meta.get_field(name).verbose_name
            )
            for name in CONFLICT_FIELDS
            if name in self.cleaned_data and self.cleaned_data[name] != getattr(current, name)
        ]
        message = _(
            "%(who)s saved this entry at %(when)s, after you opened it, so your changes "
            "were not saved and nothing was overwritten. Your text is still in the form. "
            "Fields where your version differs from the saved one: %(fields)s. "
            "Open the entry in a new tab to see the saved version and merge the two here; "
            "saving this form again will then replace the saved version."
        ) % {"who": who, "when": when, "fields": ", ".join(changed) or _("none")}
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = current.version
        raise ValidationError(
            format_html(
                '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
                message,
                self.changes_since_url(current, loaded_version),
                _("See what they changed"),
            ),
            code="edit_conflict",
        )

    @staticmethod
    def changes_since_url(current: Entry, loaded_version: int | None) -> str:
        """The revisions page comparing the version this form loaded with the saved one."""
        url = reverse("admin:cms_entry_revisions", args=[current.pk])
        records = current.history.order_by("-history_id")
        newest = records.first()
        loaded = records.filter(version=loaded_version).first()
        if newest is None or loaded is None:
            return url
        return f"{url}?{urlencode({'from': loaded.history_id, 'to': newest.history_id})}"
