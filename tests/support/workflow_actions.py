"""The members, the draft and the records shared by tests/test_workflow_actions_*.py."""

import pytest
from django.test import Client

from cms.models import Entry, WorkflowStep
from cms.publishing import Status
from tests.factories import make_entry, make_member


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def last_step(entry) -> WorkflowStep:
    return WorkflowStep.objects.filter(entry=entry).first()


@pytest.fixture
def alice():
    return make_member("author", "alice")


@pytest.fixture
def edith():
    return make_member("editor", "edith")


@pytest.fixture
def alices_draft(alice):
    entry = make_entry("Alice's draft", slug="alices-draft", status=Status.DRAFT, authors=[alice])
    Entry.objects.filter(pk=entry.pk).update(created_by=alice)
    entry.refresh_from_db()
    return entry
