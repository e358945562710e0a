"""Topics, with one name field per configured language."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cms.models import Topic
from cms.validators import validate_no_control_characters


def name_field(code: str) -> str:
    """The form field holding the topic's name in ``code``.

    Language codes have hyphens ("zh-hans"), which a field name must not:
    every place that names these fields asks here.
    """
    return "name_" + code.replace("-", "_")


def other_languages() -> list[tuple[str, str]]:
    """The configured languages after the default, read now so settings may change."""
    return list(settings.LANGUAGES[1:])


class TopicAdminForm(forms.ModelForm):
    """Shows ``Topic.names`` as one plain text field per extra language.

    The fields are declared on a class made per request (``topic_admin_form``),
    because the admin refuses fields its form class does not declare, and the
    languages come from settings.
    """

    class Meta:
        model = Topic
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _language in other_languages():
            field = self.fields.get(name_field(code))
            if field is not None:
                field.initial = self.instance.names.get(code, "")

    def save(self, commit=True):
        """Names in the configured languages from the form; any others stay as they were."""
        configured = {code for code, _language in other_languages()}
        names = {code: name for code, name in self.instance.names.items() if code not in configured}
        for code, _language in other_languages():
            name = self.cleaned_data.get(name_field(code), "").strip()
            if name:
                names[code] = name
        self.instance.names = names
        return super().save(commit)


def topic_admin_form() -> type[TopicAdminForm]:
    """``TopicAdminForm`` with a declared name field for each configured extra language."""
    fields = {
        name_field(code): forms.CharField(
            label=_("Name in %(language)s") % {"language": language},
            max_length=100,
            required=False,
            validators=[validate_no_control_characters],
        )
        for code, language in other_languages()
    }
    return type("TopicAdminForm", (TopicAdminForm,), fields)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "slug", "translated_names"]
    search_fields = ["name", "slug", "names"]
    prepopulated_fields = {"slug": ["name"]}

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return ["name", "slug", "translated_names"]
        return ["name", "slug"] + [name_field(code) for code, _language in other_languages()]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", topic_admin_form())
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=_("Other languages"))
    def translated_names(self, topic):
        return " · ".join(topic.names.values())
