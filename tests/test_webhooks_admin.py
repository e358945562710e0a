"""Webhook endpoints and deliveries in the admin: http(s) URLs only, a secret per endpoint,
the delivery log for administrators only, ping and send-again actions.

These tests commit (``transaction=True``) because events are queued on commit, exactly as
in production.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cms.webhooks.models import Delivery, Endpoint
from tests.factories import make_entry, make_user
from tests.support import webhooks as shared
from tests.support.webhooks import Receiver, editor_client, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

# Fixtures defined once in tests/support/webhooks.py for the modules that share them.
fast_retries = shared.fast_retries


@pytest.mark.parametrize(
    "url", ["ftp://example.org/hook", "javascript:alert(1)", "file:///etc/passwd"]
)
def test_endpoint_urls_must_be_http_or_https(url):
    with pytest.raises(ValidationError):
        Endpoint(url=url).full_clean()


def test_each_endpoint_gets_its_own_secret():
    first, second = (
        Endpoint.objects.create(url="https://a.example/"),
        Endpoint.objects.create(url="https://b.example/"),
    )
    assert first.secret != second.secret and len(first.secret) >= 32


def test_an_endpoint_typed_without_a_scheme_is_saved_as_https():
    admin = Client()
    admin.force_login(make_user("root", superuser=True))
    form = {"url": "hooks.example.org/in", "description": "", "secret": "s" * 40, "is_active": "on"}
    page = admin.post(reverse("admin:webhooks_endpoint_add"), form)
    assert page.status_code == 302, page.context["adminform"].form.errors
    assert Endpoint.objects.get().url == "https://hooks.example.org/in"


def test_delivery_log_is_for_administrators_only():
    receiver = Receiver(codes=[500, 200])
    Endpoint.objects.create(url=receiver.url)
    with receiver.running():
        make_entry("Live", slug="live")
        run_worker()
    delivery = Delivery.objects.get()
    admin = Client()
    admin.force_login(make_user("root", superuser=True))
    page = admin.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert b"500" in page.content and b"delivered" in page.content.lower()
    assert admin.get(reverse("admin:webhooks_delivery_changelist")).status_code == 200
    editor = editor_client()
    assert editor.get(reverse("admin:webhooks_endpoint_changelist")).status_code == 403
    assert editor.get(reverse("admin:webhooks_delivery_changelist")).status_code == 403


def test_admin_ping_action_reaches_the_receiver():
    receiver = Receiver()
    endpoint = Endpoint.objects.create(url=receiver.url)
    admin = Client()
    admin.force_login(make_user("root", superuser=True))
    with receiver.running():
        response = admin.post(
            reverse("admin:webhooks_endpoint_changelist"),
            {"action": "send_ping", "_selected_action": [endpoint.pk], "index": 0},
        )
        assert response.status_code == 302
        run_worker()
    assert receiver.requests[0]["headers"]["X-Digest-Event"] == "ping"


def test_failed_delivery_can_be_queued_again_from_the_admin():
    receiver = Receiver(codes=[500, 500, 500, 500, 200])
    Endpoint.objects.create(url=receiver.url)
    with receiver.running():
        make_entry("Live", slug="live")
        run_worker()
        delivery = Delivery.objects.get()
        assert delivery.state == "failed"
        admin = Client()
        admin.force_login(make_user("root", superuser=True))
        admin.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "retry", "_selected_action": [delivery.pk], "index": 0},
        )
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("delivered", 5)
