"""Topics, with one name field per configured language."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cms.models import Topic


class TopicAdminForm(forms.ModelForm):
    """Shows ``Topic.names`` as one plain text field per extra language."""

    class Meta:
        model = Topic
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, language in settings.LANGUAGES[1:]:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language},
                max_length=100,
                required=False,
                initial=self.instance.names.get(code, ""),
            )

    def save(self, commit=True):
        self.instance.names = {
            code: self.cleaned_data[f"name_{code}"].strip()
            for code, _language in settings.LANGUAGES[1:]
            if self.cleaned_data.get(f"name_{code}", "").strip()
        }
        return super().save(commit)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "slug", "translated_names"]
    search_fields = ["name", "slug", "names"]
    prepopulated_fields = {"slug": ["name"]}

    def get_fields(self, request, obj=None):
        return ["name", "slug"] + [f"name_{code}" for code, _lang in settings.LANGUAGES[1:]]

    @admin.display(description=_("Other languages"))
    def translated_names(self, topic):
        return " · ".join(topic.names.values())
