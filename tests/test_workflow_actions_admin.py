"""Explicit workflow actions in the admin: buttons on the entry form and list actions.

Submit for review, Withdraw, Request changes (with a comment), Publish,
Schedule (in the site's time zone) and Unpublish: each is offered and
allowed only to its roles (``cms.roles.allowed_actions``), each goes through
the real admin form, and each is recorded three times over: a
``WorkflowStep``, the revision's change reason and the admin log. The API's
side of the same rules is tests/test_workflow_actions_api.py.
"""

from datetime import UTC

import html5lib
import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import Entry, WorkflowStep
from cms.publishing import Status
from tests.factories import make_entry, make_member
from tests.support import workflow_actions as shared
from tests.support.workflow_actions import last_step, logged_in
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/workflow_actions.py for the modules that share them.
alice, edith, alices_draft = shared.alice, shared.edith, shared.alices_draft


def buttons(client, entry) -> dict[str, str | None]:
    """The workflow buttons on the entry's change form: action → where it posts (formaction)."""
    page = client.get(change_url(entry))
    assert page.status_code == 200
    tree = html5lib.parse(page.content, namespaceHTMLElements=False)
    return {
        button.get("value"): button.get("formaction")
        for button in tree.iterfind(".//button[@name='_workflow']")
    }


def workflow_post(client, entry, action, **fields):
    data = {"_workflow": action, "_workflow_version": entry.version, **fields}
    return client.post(reverse("admin:cms_entry_workflow", args=[entry.pk]), data, follow=True)


def test_submitting_from_the_form_saves_the_edits_and_the_action_together(alice, alices_draft):
    revisions = alices_draft.history.count()
    response = logged_in(alice).post(
        change_url(alices_draft),
        form_data(alices_draft, title="Alice's better draft", _workflow="submit"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == change_url(alices_draft)
    assert "Submitted for review" in response.content.decode()
    assert "changed successfully" not in response.content.decode()
    alices_draft.refresh_from_db()
    assert (alices_draft.title, alices_draft.status) == ("Alice's better draft", Status.REVIEW)
    revision = alices_draft.history.filter(history_change_reason="Submitted for review").last()
    assert (revision.title, revision.status) == ("Alice's better draft", Status.REVIEW)
    assert alices_draft.history.count() > revisions
    step = last_step(alices_draft)
    assert (step.action, step.actor, step.from_status, step.to_status) == (
        "submit",
        alice,
        Status.DRAFT,
        Status.REVIEW,
    )
    assert LogEntry.objects.filter(object_id=str(alices_draft.pk)).exists()


def test_the_author_withdraws_an_entry_they_may_no_longer_edit(alice, alices_draft):
    client = logged_in(alice)
    client.post(change_url(alices_draft), form_data(alices_draft, _workflow="submit"))
    alices_draft.refresh_from_db()
    offered = buttons(client, alices_draft)
    assert list(offered) == ["withdraw"]
    assert offered["withdraw"] == reverse("admin:cms_entry_workflow", args=[alices_draft.pk])
    response = workflow_post(client, alices_draft, "withdraw")
    assert "Withdrawn from review" in response.content.decode()
    alices_draft.refresh_from_db()
    assert alices_draft.status == Status.DRAFT
    assert last_step(alices_draft).action == "withdraw"
    assert "submit" in buttons(client, alices_draft)


def test_request_changes_needs_a_comment_and_refuses_without_saving(edith, alices_draft):
    Entry.objects.filter(pk=alices_draft.pk).update(status=Status.REVIEW)
    alices_draft.refresh_from_db()
    client = logged_in(edith)
    refused = client.post(
        change_url(alices_draft),
        form_data(alices_draft, title="Edith's title", _workflow="request_changes"),
    )
    assert refused.status_code == 200
    assert "Say what should change" in refused.content.decode()
    assert Entry.objects.get(pk=alices_draft.pk).title == "Alice's draft"

    response = client.post(
        change_url(alices_draft),
        form_data(
            alices_draft,
            _workflow="request_changes",
            _workflow_comment="Cite the second benchmark.",
        ),
    )
    assert response.status_code == 302
    alices_draft.refresh_from_db()
    assert alices_draft.status == Status.DRAFT
    step = last_step(alices_draft)
    assert (step.action, step.comment) == ("request_changes", "Cite the second benchmark.")
    reason = alices_draft.history.order_by("-history_id").first().history_change_reason
    assert reason == "Changes requested: Cite the second benchmark."


@pytest.mark.parametrize(
    ("role", "status", "offered"),
    [
        ("author", Status.DRAFT, ["submit"]),
        ("author", Status.REVIEW, ["withdraw"]),
        ("author", Status.PUBLISHED, []),
        ("editor", Status.DRAFT, ["submit", "publish", "schedule", "archive"]),
        ("editor", Status.REVIEW, ["request_changes", "publish", "schedule", "archive"]),
        ("editor", Status.PUBLISHED, ["unpublish", "archive"]),
    ],
)
def test_each_role_is_offered_only_its_actions(role, status, offered):
    member = make_member(role, "member")
    entry = make_entry("Work", slug="work", status=status)
    if role == "author":
        entry.authors.add(member)
    assert list(buttons(logged_in(member), entry)) == offered


def test_an_author_cannot_take_an_editors_action_by_posting_it(alice, alices_draft):
    client = logged_in(alice)
    response = workflow_post(client, alices_draft, "publish")
    assert "is not open to you" in response.content.decode()
    assert Entry.objects.get(pk=alices_draft.pk).status == Status.DRAFT
    assert not WorkflowStep.objects.exists()


def test_scheduling_shows_the_site_time_zone_and_reads_the_time_in_it(settings, edith):
    settings.TIME_ZONE = "Asia/Shanghai"
    entry = make_entry("Planned", slug="planned", status=Status.REVIEW)
    client = logged_in(edith)
    assert "Time zone: Asia/Shanghai, UTC+08:00" in client.get(change_url(entry)).content.decode()

    past = workflow_post(client, entry, "schedule", _workflow_publish_at="2020-01-01T09:00")
    assert "Choose a time still to come" in past.content.decode()
    assert Entry.objects.get(pk=entry.pk).status == Status.REVIEW

    year = timezone.now().year + 1
    response = workflow_post(client, entry, "schedule", _workflow_publish_at=f"{year}-03-01T09:30")
    assert "Asia/Shanghai" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED
    assert entry.publish_at.astimezone(UTC).strftime("%m-%d %H:%M") == "03-01 01:30"
    assert Client().get("/en/entries/planned/").status_code == 404
    assert last_step(entry).publish_at == entry.publish_at


def test_publish_now_and_unpublish_reach_the_site(edith):
    entry = make_entry("Ready", slug="ready", status=Status.REVIEW)
    client = logged_in(edith)
    workflow_post(client, entry, "publish")
    assert Client().get("/en/entries/ready/").status_code == 200
    entry.refresh_from_db()
    workflow_post(client, entry, "unpublish")
    assert Client().get("/en/entries/ready/").status_code == 404
    actions = list(WorkflowStep.objects.filter(entry=entry).values_list("action", flat=True))
    assert actions == ["unpublish", "publish"]


def test_an_action_from_a_page_opened_before_a_newer_save_changes_nothing(edith):
    entry = make_entry("Moving", status=Status.REVIEW)
    seen_version = entry.version
    entry.title = "Moved on"
    entry.save()
    response = logged_in(edith).post(
        reverse("admin:cms_entry_workflow", args=[entry.pk]),
        {"_workflow": "publish", "_workflow_version": seen_version},
        follow=True,
    )
    assert "changed after you opened it" in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).status == Status.REVIEW


def test_list_actions_withdraw_and_publish_through_the_same_rules(alice, alices_draft, edith):
    Entry.objects.filter(pk=alices_draft.pk).update(status=Status.REVIEW)
    changelist = reverse("admin:cms_entry_changelist")
    logged_in(alice).post(
        changelist, {"action": "withdraw", "_selected_action": [alices_draft.pk], "index": 0}
    )
    assert Entry.objects.get(pk=alices_draft.pk).status == Status.DRAFT
    logged_in(edith).post(
        changelist, {"action": "publish", "_selected_action": [alices_draft.pk], "index": 0}
    )
    assert Entry.objects.get(pk=alices_draft.pk).status == Status.PUBLISHED
    steps = WorkflowStep.objects.filter(entry=alices_draft).values_list("action", "actor")
    assert list(steps) == [("publish", edith.pk), ("withdraw", alice.pk)]
