"""Explicit workflow actions through the API: the same actions, rules and records as the
admin's buttons (tests/test_workflow_actions_admin.py), by action name or as a status change,
each naming the version it acts on."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cms.models import Entry, WorkflowStep
from cms.publishing import Status
from tests.factories import make_entry
from tests.support import workflow_actions as shared
from tests.support.workflow_actions import last_step

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/workflow_actions.py for the modules that share them.
alice, edith, alices_draft = shared.alice, shared.edith, shared.alices_draft


def api(user) -> Client:
    token, _created = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


def api_action(user, entry, **data):
    return api(user).post(
        f"/api/v1/entries/{entry.pk}/workflow/",
        json.dumps({"version": entry.version, **data}),
        content_type="application/json",
    )


def test_api_status_change_is_recorded_as_the_action(alice, alices_draft):
    response = api(alice).patch(
        f"/api/v1/entries/{alices_draft.pk}/",
        json.dumps({"status": "review", "version": alices_draft.version}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (last_step(alices_draft).action, last_step(alices_draft).actor) == ("submit", alice)


def test_api_request_changes_needs_a_comment(edith, alices_draft):
    Entry.objects.filter(pk=alices_draft.pk).update(status=Status.REVIEW)
    alices_draft.refresh_from_db()
    refused = api_action(edith, alices_draft, action="request_changes")
    assert refused.status_code == 400
    assert "comment" in json.loads(refused.content)["errors"]
    assert Entry.objects.get(pk=alices_draft.pk).status == Status.REVIEW
    response = api_action(edith, alices_draft, action="request_changes", comment="Shorter.")
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["status"] == "draft"
    assert last_step(alices_draft).comment == "Shorter."


def test_api_author_withdraws_but_cannot_publish(alice, alices_draft):
    assert api_action(alice, alices_draft, action="submit").status_code == 200
    alices_draft.refresh_from_db()
    assert api_action(alice, alices_draft, action="publish").status_code == 403
    assert api_action(alice, alices_draft, action="withdraw").status_code == 200
    assert Entry.objects.get(pk=alices_draft.pk).status == Status.DRAFT


def test_api_schedules_with_a_time_to_come_and_refuses_a_stale_version(edith):
    entry = make_entry("Planned", status=Status.REVIEW)
    when = (timezone.now() + timedelta(days=2)).isoformat()
    stale = api(edith).post(
        f"/api/v1/entries/{entry.pk}/workflow/",
        json.dumps({"action": "schedule", "publish_at": when, "version": entry.version + 5}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert api_action(edith, entry, action="schedule", publish_at=when).status_code == 200
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED and entry.publish_at > timezone.now()


def test_api_action_with_a_foreign_etag_in_if_match_is_412_as_a_change_is(alice, alices_draft):
    response = api(alice).post(
        f"/api/v1/entries/{alices_draft.pk}/workflow/",
        json.dumps({"action": "submit"}),
        content_type="application/json",
        headers={"If-Match": '"abc123"'},
    )
    assert response.status_code == 412, response.content
    alices_draft.refresh_from_db()
    assert alices_draft.status == Status.DRAFT
    assert not WorkflowStep.objects.filter(entry=alices_draft).exists()
