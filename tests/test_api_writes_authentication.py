"""Token writes need a valid token of an active account with a role: no session, no unknown,
revoked or deactivated tokens.

Every refusal is checked twice: the status and JSON message, and an unchanged database
(nothing created, nothing overwritten).
"""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from cms.models import Entry
from tests.factories import make_user
from tests.support import api_writes as shared
from tests.support.api_writes import client_for, error_fields, payload, post

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api_writes.py for the modules that share them.
fresh_throttle_history = shared.fresh_throttle_history
alice = shared.alice


class TestAuthentication:
    def test_anonymous_writes_are_401_and_create_nothing(self):
        response = post(Client(), payload())
        assert error_fields(response, 401) == {}
        assert response["WWW-Authenticate"] == "Token"
        assert not Entry.objects.exists()

    def test_a_session_is_not_enough_the_write_api_takes_tokens_only(self, alice):
        client = Client()
        client.force_login(alice)
        error_fields(post(client, payload()), 401)
        assert not Entry.objects.exists()

    def test_unknown_token_is_401(self):
        client = Client(headers={"Authorization": "Token 0123456789abcdef"})
        error_fields(post(client, payload()), 401)

    def test_token_of_a_deactivated_account_is_401(self, alice):
        client = client_for(alice)
        alice.is_active = False
        alice.save()
        error_fields(post(client, payload()), 401)
        assert not Entry.objects.exists()

    def test_token_of_an_account_without_a_role_is_403(self):
        error_fields(post(client_for(make_user("nobody", staff=True)), payload()), 403)
        error_fields(post(client_for(make_user("reader")), payload()), 403)
        assert not Entry.objects.exists()

    def test_revoked_token_is_401(self, alice):
        client = client_for(alice)
        Token.objects.filter(user=alice).delete()
        error_fields(post(client, payload()), 401)
