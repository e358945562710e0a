"""Adding team members: ``manage.py add_member`` and the administrators' admin page.

A member gets their role and a link to choose their own password; no
password is ever set, printed or sent by whoever adds them.
"""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from cms.permissions import can_publish
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://digest\.example\.org/admin/set-password/[\w-]+/[\w-]+/")


def add_member(*args) -> str:
    out = StringIO()
    call_command("add_member", *args, stdout=out)
    return out.getvalue()


def test_add_member_creates_an_editor_and_prints_a_set_password_link():
    output = add_member("probe", "--role", "editor", "--email", "probe@example.org")
    probe = get_user_model().objects.get(username="probe")
    assert (probe.email, probe.is_staff, probe.is_superuser) == ("probe@example.org", True, False)
    assert list(probe.groups.values_list("name", flat=True)) == ["editor"]
    assert can_publish(probe)
    assert not probe.has_usable_password()
    assert LINK.search(output)


def test_the_link_lets_the_member_choose_a_password_once_and_log_in():
    link = LINK.search(add_member("probe", "--role", "author", "--email", "p@example.org"))[0]
    client = Client()
    form = client.get(link.removeprefix("https://digest.example.org"), follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    chosen = "a long new passphrase 42"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": chosen, "new_password2": chosen}
    )
    assert done.status_code == 302
    assert get_user_model().objects.get(username="probe").check_password(chosen)
    again = Client().get(link.removeprefix("https://digest.example.org"), follow=True)
    assert "new_password1" not in again.content.decode()  # used once, it is spent


def test_send_e_mails_the_link_and_never_a_password():
    output = add_member("probe", "--role", "translator", "--email", "p@example.org", "--send")
    [message] = mail.outbox
    assert message.to == ["p@example.org"]
    assert LINK.search(message.body)
    assert not LINK.search(output)
    assert "password:" not in message.body.lower()


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["probe", "--role", "editor", "--email", "not-an-address"], "is not an e-mail address"),
        (["bad name!", "--role", "editor", "--email", "p@example.org"], "is not a username"),
    ],
)
def test_bad_details_are_named_and_nothing_is_created(args, problem):
    with pytest.raises(CommandError, match=problem):
        add_member(*args)
    assert not get_user_model().objects.exists()


def test_an_existing_username_is_refused():
    make_user("probe")
    with pytest.raises(CommandError, match="exists already"):
        add_member("Probe", "--role", "editor", "--email", "p@example.org")


def test_an_administrator_adds_a_member_from_the_admin():
    admin = make_user("root", superuser=True)
    client = Client()
    client.force_login(admin)
    response = client.post(
        reverse("admin:team_add"),
        {"username": "mara", "email": "mara@example.org", "role": "editor", "send": "on"},
    )
    assert response.status_code == 200
    assert "mara is on the team as editor" in response.content.decode()
    assert get_user_model().objects.get(username="mara").groups.filter(name="editor").exists()
    assert LINK.search(mail.outbox[0].body)


def test_editorial_roles_cannot_add_members():
    client = Client()
    client.force_login(make_member("editor"))
    assert client.get(reverse("admin:team_add")).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "Add a team member" not in index
