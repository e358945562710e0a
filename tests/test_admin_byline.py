"""The byline: editorial roles pick team members in the entry form without seeing the user admin.

The byline select asks the admin's autocomplete URL. Whoever may write or
change entries gets active team members from it (found by name, never by
e-mail address); nobody gains the user admin by it.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_user
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

BYLINE = {"app_label": "cms", "model_name": "entry", "field_name": "authors"}
ROLES = ["author", "translator", "editor"]


@pytest.fixture
def team():
    return {
        "mara": make_user("mara", staff=True, first_name="Mara", last_name="Lind"),
        "jun": make_user("jun", staff=True, first_name="Jun", last_name="Wei"),
        "gone": make_user("gone", staff=True, first_name="Mara", last_name="Gone", is_active=False),
    }


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def byline_search(client, term=""):
    return client.get(reverse("admin:autocomplete"), {**BYLINE, "term": term})


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [result["text"] for result in json.loads(response.content)["results"]]


@pytest.mark.parametrize("role", ROLES)
def test_editorial_roles_find_active_team_members_for_the_byline(role, team):
    client = logged_in(make_member(role, f"the-{role}"))
    assert names(byline_search(client, "mara")) == ["mara"]
    assert "jun" in names(byline_search(client))


@pytest.mark.parametrize("role", ROLES)
def test_the_byline_search_does_not_open_the_user_admin(role, team):
    client = logged_in(make_member(role, f"the-{role}"))
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[team["mara"].pk])).status_code == 403
    other_user_field = {"app_label": "cms", "model_name": "entry", "field_name": "updated_by"}
    assert client.get(reverse("admin:autocomplete"), other_user_field).status_code == 403


def test_deactivated_members_are_not_offered(team):
    client = logged_in(make_member("editor"))
    assert names(byline_search(client, "Mara")) == ["mara"]


def test_byline_search_finds_no_one_by_email_address(team):
    client = logged_in(make_member("author"))
    assert names(byline_search(client, "mara@example")) == []


def test_staff_without_entry_rights_and_anonymous_visitors_get_no_names(team):
    assert byline_search(logged_in(make_user("clerk", staff=True)), "mara").status_code == 403
    assert byline_search(Client(), "mara").status_code == 302


def test_author_sets_the_byline_of_their_own_draft(team):
    author = make_member("author", "alice")
    entry = make_entry("Alice's draft", status=Status.DRAFT, authors=[author])
    Entry.objects.filter(pk=entry.pk).update(created_by=author)
    chosen = [author.pk, team["mara"].pk]
    response = logged_in(author).post(change_url(entry), form_data(entry, authors=chosen))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert {user.username for user in entry.authors.all()} == {"alice", "mara"}


def test_a_deactivated_member_cannot_be_added_but_stays_where_credited(team):
    entry = make_entry("Old work", status=Status.DRAFT, authors=[team["gone"]])
    client = logged_in(make_member("editor"))
    kept = client.post(change_url(entry), form_data(entry, authors=[team["gone"].pk]))
    assert kept.status_code == 302, kept.context["adminform"].form.errors
    other = make_entry("New work", status=Status.DRAFT)
    refused = client.post(change_url(other), form_data(other, authors=[team["gone"].pk]))
    assert "authors" in refused.context["adminform"].form.errors
    assert not other.authors.exists()


@pytest.mark.parametrize("role", ["author", "editor"])
def test_the_creating_writer_is_in_the_byline_of_the_add_form(role):
    writer = make_member(role, "writer")
    client = logged_in(writer)
    page = client.get(reverse("admin:cms_entry_add"))
    selected = page.context["adminform"].form["authors"].value()
    assert [int(pk) for pk in selected] == [writer.pk]
    assert f'<option value="{writer.pk}" selected>writer</option>' in page.content.decode()
    response = client.post(reverse("admin:cms_entry_add"), form_data(authors=selected))
    assert response.status_code == 302
    assert [user.username for user in Entry.objects.get().authors.all()] == ["writer"]


def test_the_writer_may_take_themselves_out_of_the_byline(team):
    writer = make_member("author", "writer")
    client = logged_in(writer)
    client.post(reverse("admin:cms_entry_add"), form_data(authors=[team["mara"].pk]))
    assert [user.username for user in Entry.objects.get().authors.all()] == ["mara"]
