"""Adding a team member from the admin, for administrators: the same as ``manage.py add_member``.

The page asks for the username, e-mail address, role and name, calls
``cms.team.add_member`` and shows the set-password link (and e-mails it
when asked). Whoever may not add and change user accounts gets a 403.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.roles import can_manage_team
from cms.team import ROLES, TeamError, add_member, send_link

ROLE_LABELS = {
    "author": gettext_lazy("Author: writes originals and submits them for review"),
    "translator": gettext_lazy("Translator: writes translations and submits them"),
    "editor": gettext_lazy("Editor: reviews, publishes, schedules"),
    "administrator": gettext_lazy("Administrator: everything, including the team"),
}


class MemberForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(role, ROLE_LABELS[role]) for role in ROLES],
        widget=forms.RadioSelect,
        initial="author",
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    send = forms.BooleanField(
        label=gettext_lazy("E-mail them the link to choose their password"),
        required=False,
        initial=True,
    )


def add_member_view(admin_site, request):
    if not can_manage_team(request.user):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    member, sent, problem = None, False, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = add_member(
                data["username"],
                data["role"],
                data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except TeamError as error:
            form.add_error(None, str(error))
        else:
            if data["send"]:
                try:
                    send_link(member)
                    sent = True
                except OSError as error:
                    problem = _("The e-mail could not be sent (%(error)s).") % {"error": error}
            form = MemberForm()
    context = {
        **admin_site.each_context(request),
        "title": _("Add a team member"),
        "form": form,
        "member": member,
        "sent": sent,
        "problem": problem,
    }
    return TemplateResponse(request, "admin/cms/team_add.html", context)
