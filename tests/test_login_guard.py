"""Failed admin logins are throttled per user name and address, and per address across user
names (django-axes), through the real form.

Catalogue row D04: guessing passwords stops after a few tries, a locked
user sees why, forged ``X-Forwarded-For`` headers earn no fresh tries, a
stranger cannot lock an editor out of their own desk, one address cannot
spray guesses across every account, and an administrator can lift a lock.
"""

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import make_member, make_user
from tests.test_security_headers import inline_code

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
LIMIT = 5
ADDRESS_LIMIT = 12
PRINT_ADDRESS_LIMIT = (
    "from django.conf import settings; print(settings.CMS_LOGIN_ADDRESS_FAILURE_LIMIT)"
)


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.CMS_LOGIN_ADDRESS_FAILURE_LIMIT = ADDRESS_LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def editor():
    return make_member("editor", "eve")


def log_in(username, password, *, address="203.0.113.7", **headers):
    """Fill in and send the admin login form as a browser would, CSRF token included."""
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address, **headers)
    form = client.get(LOGIN_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    response = client.post(
        LOGIN_URL,
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        },
    )
    return client, response


def logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def fail(times, username="eve", **kwargs):
    for attempt in range(1, times + 1):
        _client, response = log_in(username, "wrong-password", **kwargs)
        # The form again with its error, until the attempt that reaches the limit.
        assert response.status_code == (200 if attempt < LIMIT else 429)


def test_correct_password_through_the_form_logs_in(editor):
    client, response = log_in("eve", "pw-eve")
    assert response.status_code == 302
    assert logged_in(client)


def test_after_the_limit_even_the_right_password_is_refused_with_a_clear_message(editor):
    fail(LIMIT)
    client, response = log_in("eve", "pw-eve")
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Too many wrong passwords" in page
    assert "15 minutes" in page
    assert "administrator" in page
    assert inline_code(page) == []


def test_lock_is_recorded_for_the_user_name_and_address(editor):
    fail(LIMIT)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("eve", "203.0.113.7")
    assert attempt.failures_since_start == LIMIT


def test_success_before_the_limit_resets_the_count(editor):
    fail(LIMIT - 1)
    assert log_in("eve", "pw-eve")[1].status_code == 302
    fail(LIMIT - 1)
    client, response = log_in("eve", "pw-eve")
    assert response.status_code == 302


def test_rotating_x_forwarded_for_earns_no_fresh_attempts(editor):
    for n in range(LIMIT):
        log_in("eve", "wrong-password", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    _client, response = log_in("eve", "pw-eve", HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429


def test_behind_the_proxy_the_address_it_appended_is_the_one_that_counts(editor, settings):
    settings.CMS_BEHIND_PROXY = True
    fail(LIMIT, HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.10")
    assert AccessAttempt.objects.get().ip_address == "192.0.2.10"
    # The same attacker, forging a different first hop, is still locked.
    _client, response = log_in("eve", "pw-eve", HTTP_X_FORWARDED_FOR="9.9.9.9, 192.0.2.10")
    assert response.status_code == 429
    # The editor, reaching the proxy from elsewhere, is not.
    _client, response = log_in("eve", "pw-eve", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 302


def test_a_stranger_cannot_lock_an_editor_out_from_another_address(editor):
    fail(LIMIT + 3, address="198.51.100.66")
    client, response = log_in("eve", "pw-eve", address="203.0.113.7")
    assert response.status_code == 302
    assert logged_in(client)


def test_other_users_at_the_same_address_can_still_log_in(editor):
    make_member("author", "alice")
    fail(LIMIT)
    assert log_in("alice", "pw-alice")[1].status_code == 302


def test_lock_lifts_after_the_cool_off_time(editor):
    fail(LIMIT)
    started = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=started - timedelta(minutes=16))
    assert log_in("eve", "pw-eve")[1].status_code == 302


def test_administrator_unlocks_with_the_reset_command(editor):
    fail(LIMIT)
    call_command("axes_reset_username", "eve")
    assert log_in("eve", "pw-eve")[1].status_code == 302


def test_administrator_sees_and_removes_the_lock_in_the_admin(editor):
    fail(LIMIT)
    admin = Client()
    admin.force_login(make_user("root", superuser=True))
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist)
    assert page.status_code == 200
    assert "eve" in page.content.decode()
    attempt = AccessAttempt.objects.get()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 302
    assert log_in("eve", "pw-eve")[1].status_code == 302


def test_editors_cannot_see_the_lock_records(editor):
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_api_token_still_works_for_a_user_locked_out_of_the_login_form(editor):
    from rest_framework.authtoken.models import Token

    fail(LIMIT)
    token = Token.objects.create(user=editor)
    response = Client().post(
        "/api/v1/entries/",
        {"title": "From the API"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 400  # authenticated; only the missing fields are wrong
    assert "slug" in response.json()["errors"]


def spray(times, *, address="203.0.113.7"):
    """One wrong password for each of ``times`` different user names, from one address."""
    for number in range(times):
        log_in(f"guess{number}", "wrong-password", address=address)


def test_one_address_spraying_many_user_names_is_locked_at_the_address_limit(editor):
    spray(ADDRESS_LIMIT)
    client, response = log_in("eve", "pw-eve")
    assert response.status_code == 429
    assert not logged_in(client)
    assert "from your address" in response.content.decode()


def test_the_address_limit_leaves_other_addresses_alone(editor):
    spray(ADDRESS_LIMIT)
    assert log_in("eve", "pw-eve", address="198.51.100.5")[1].status_code == 302


def test_below_the_address_limit_every_account_still_logs_in(editor):
    spray(ADDRESS_LIMIT - 1)
    assert log_in("eve", "pw-eve")[1].status_code == 302


def test_logging_in_to_ones_own_account_does_not_wipe_the_count_of_guesses_at_others(editor):
    make_member("author", "mallory")
    spray(ADDRESS_LIMIT - 1)
    assert log_in("mallory", "pw-mallory")[1].status_code == 302
    _client, response = log_in("someone-else", "wrong-password")
    assert response.status_code == 429


def test_address_limit_is_read_from_the_environment():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + PRINT_ADDRESS_LIMIT],
        env={**os.environ, "CMS_LOGIN_ADDRESS_FAILURE_LIMIT": "40"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "40"
