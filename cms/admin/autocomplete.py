"""The admin's autocomplete, with the byline as editorial roles need it.

Django answers an autocomplete only to users who may view the related
model in the admin, and the byline's related model is the user: editors
would need the user admin (e-mail addresses, staff flags, groups) to credit
a colleague. For the byline this view asks ``cms.publishing`` instead, and
answers with active team members found by username or name, never by
e-mail address. Every other field keeps Django's rule.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.db.models import Q

from cms.models import Entry
from cms.permissions import byline_filter, can_choose_byline

TEAM_SEARCH_FIELDS = ("username", "first_name", "last_name")


def find_team_members(term: str):
    """Active team members whose username or names contain every word of ``term``."""
    members = get_user_model().objects.filter(byline_filter()).order_by("username")
    for word in term.split():
        members = members.filter(
            Q.create([(f"{field}__icontains", word) for field in TEAM_SEARCH_FIELDS], Q.OR)
        )
    return members


class TeamAutocompleteView(AutocompleteJsonView):
    def is_byline(self) -> bool:
        return self.source_field.model is Entry and self.source_field.name == "authors"

    def has_perm(self, request, obj=None):
        if self.is_byline():
            return can_choose_byline(request.user)
        return super().has_perm(request, obj)

    def get_queryset(self):
        if self.is_byline():
            return find_team_members(self.term)
        return super().get_queryset()
