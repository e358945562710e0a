"""Webhooks end to end: a real receiver on 127.0.0.1, the real worker command, signed events.

These tests commit (``transaction=True``) because events are queued on
commit, exactly as in production. The receiver is ``http.server`` in a
thread, answers with the status codes it is given, and stops by itself.
"""

import json
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import Entry
from cms.publishing import Status
from cms.webhooks import tasks
from cms.webhooks.models import Attempt, Delivery, Endpoint, Event
from cms.webhooks.queue import requeue_lost
from cms.webhooks.signing import verify
from tests.factories import make_entry, make_member, make_user, tomorrow

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """Records every POST; answers each with the next code of ``codes`` (the last repeats)."""

    def __init__(self, codes=(200,)):
        self.codes = list(codes)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                receiver.requests.append(
                    {"headers": dict(self.headers), "body": self.rfile.read(length)}
                )
                code = receiver.codes[min(len(receiver.requests), len(receiver.codes)) - 1]
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 5
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    @contextmanager
    def running(self):
        thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.daemon = True
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
            thread.join(timeout=5)


@pytest.fixture(autouse=True)
def fast_retries(settings):
    settings.CMS_WEBHOOK_RETRY_DELAYS = [0, 0, 0]
    settings.CMS_WEBHOOK_TIMEOUT = 5


def run_worker() -> None:
    call_command("deliver_webhooks", batch=True, interval=0, verbosity=0)


def editor_client() -> Client:
    client = Client()
    client.force_login(make_member("editor", "edith"))
    return client


def publish_in_admin(client: Client, entry: Entry):
    return client.post(
        reverse("admin:cms_entry_changelist"),
        {"action": "publish", "_selected_action": [entry.pk], "index": 0},
    )


def test_publishing_in_the_admin_delivers_a_signed_event():
    receiver = Receiver()
    endpoint = Endpoint.objects.create(url=receiver.url)
    entry = make_entry("Fresh", slug="fresh", status=Status.DRAFT)
    with receiver.running():
        response = publish_in_admin(editor_client(), entry)
        assert response.status_code == 302
        run_worker()
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    [request] = receiver.requests
    headers = request["headers"]
    assert headers["X-Digest-Event"] == "entry.published"
    assert headers["Content-Type"] == "application/json"
    assert verify(
        endpoint.secret,
        headers["X-Digest-Timestamp"],
        request["body"],
        headers["X-Digest-Signature"],
    )
    assert not verify(
        "wrong", headers["X-Digest-Timestamp"], request["body"], headers["X-Digest-Signature"]
    )
    event = json.loads(request["body"])
    assert event["type"] == "entry.published"
    assert event["id"] == headers["X-Digest-Event-Id"]
    assert event["data"]["entry"]["public"] is True
    assert event["data"]["entry"]["api_url"] == (
        "https://digest.example.org/api/v1/en/entries/fresh.json"
    )
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)


def test_failing_receiver_gets_retries_and_the_log_shows_them():
    receiver = Receiver(codes=[500, 503, 200])
    Endpoint.objects.create(url=receiver.url)
    entry = make_entry("Fresh", slug="fresh", status=Status.DRAFT)
    with receiver.running():
        assert publish_in_admin(editor_client(), entry).status_code == 302
        run_worker()
    assert len(receiver.requests) == 3
    assert len({r["headers"]["X-Digest-Event-Id"] for r in receiver.requests}) == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("delivered", 3)
    log = list(Attempt.objects.filter(delivery=delivery).values_list("number", "response_code"))
    assert log == [(1, 500), (2, 503), (3, 200)]


def test_receiver_that_always_fails_ends_failed_and_the_save_still_succeeded():
    receiver = Receiver(codes=[500])
    Endpoint.objects.create(url=receiver.url)
    entry = make_entry("Fresh", slug="fresh", status=Status.DRAFT)
    with receiver.running():
        assert publish_in_admin(editor_client(), entry).status_code == 302
        run_worker()
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_code) == ("failed", 4, 500)
    assert delivery.log.count() == 4


def test_unreachable_receiver_is_logged_and_the_save_still_succeeded():
    receiver = Receiver()
    url = receiver.url
    receiver.server.server_close()  # nothing listens on the port any more
    Endpoint.objects.create(url=url)
    entry = make_entry("Fresh", slug="fresh", status=Status.DRAFT)
    assert publish_in_admin(editor_client(), entry).status_code == 302
    run_worker()
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    delivery = Delivery.objects.get()
    assert delivery.state == "failed"
    assert delivery.response_code is None
    assert "Connection refused" in delivery.last_error or "URLError" in delivery.last_error


def test_redirects_are_not_followed():
    receiver = Receiver(codes=[302])
    Endpoint.objects.create(url=receiver.url)
    with receiver.running():
        make_entry("Published", slug="published")
        run_worker()
    delivery = Delivery.objects.get()
    assert delivery.response_code == 302
    assert len(receiver.requests) == 4  # every attempt went to the registered URL


def test_editing_unpublishing_and_deleting_published_entries_are_events():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Live", slug="live")
    entry.title = "Live, edited"
    entry.save()
    entry.status = Status.DRAFT
    entry.save()
    entry.status = Status.PUBLISHED
    entry.save()
    entry.delete()
    types = list(Event.objects.order_by("created_at").values_list("type", flat=True))
    assert types == [
        "entry.published",
        "entry.updated",
        "entry.unpublished",
        "entry.published",
        "entry.unpublished",
    ]
    assert json.loads(Event.objects.order_by("created_at").last().body)["data"]["entry"]["deleted"]


def test_drafts_and_reviews_make_no_events():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Draft", slug="draft", status=Status.DRAFT)
    entry.status = Status.REVIEW
    entry.save()
    assert not Event.objects.exists()


def test_no_event_without_active_endpoints():
    Endpoint.objects.create(url="http://127.0.0.1:9/off", is_active=False)
    make_entry("Live", slug="live")
    assert not Event.objects.exists()


def test_event_is_written_in_the_transaction_of_the_change():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    with pytest.raises(RuntimeError), transaction.atomic():
        make_entry("Rolled back", slug="rolled-back")
        assert Event.objects.count() == 1
        raise RuntimeError
    assert not Event.objects.exists()
    assert not Delivery.objects.exists()


def test_a_failure_to_record_the_event_never_breaks_the_save(monkeypatch):
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Delivery.objects, "bulk_create", broken)
    entry = make_entry("Saved anyway", slug="saved")
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    assert not Event.objects.exists()


def test_api_publish_sends_the_event_too():
    from rest_framework.authtoken.models import Token

    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    editor = make_member("editor", "edith")
    token = Token.objects.create(user=editor)
    entry = make_entry("Draft", slug="draft", status=Status.DRAFT)
    with receiver.running():
        response = Client().patch(
            f"/api/v1/entries/{entry.pk}/",
            json.dumps({"status": "published", "version": entry.version}),
            content_type="application/json",
            headers={"Authorization": f"Token {token.key}"},
        )
        assert response.status_code == 200
        run_worker()
    assert [r["headers"]["X-Digest-Event"] for r in receiver.requests] == ["entry.published"]


def test_finished_export_event():
    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)

    class Result:
        ok, pages, files, bytes = True, 12, 3, 4567

    with receiver.running():
        tasks.announce_export(Result(), "https://digest.example.org/")
        run_worker()
    body = json.loads(receiver.requests[0]["body"])
    assert body["type"] == "export.finished"
    assert body["data"]["export"] == {
        "base_url": "https://digest.example.org/",
        "ok": True,
        "pages": 12,
        "files": 3,
        "bytes": 4567,
    }


def test_lost_deliveries_are_queued_again_when_the_worker_starts():
    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    with transaction.atomic():
        make_entry("Live", slug="live")
        transaction.get_connection().run_on_commit.clear()  # the process "died" before queueing
    assert Delivery.objects.get().task_id == ""
    Delivery.objects.update(updated_at="2000-01-01T00:00:00Z")
    assert requeue_lost() == 1
    with receiver.running():
        run_worker()
    assert Delivery.objects.get().state == "delivered"
    assert len(receiver.requests) == 1


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


def schedule_in(seconds: float) -> datetime:
    return timezone.now() + timedelta(seconds=seconds)


def wait_until(moment: datetime) -> None:
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.2)


def event_bodies() -> str:
    return " ".join(Event.objects.values_list("body", flat=True))


def test_scheduled_entry_is_announced_when_it_becomes_public_not_before():
    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    publish_at = schedule_in(2)
    entry = make_entry("Embargoed result", slug="embargoed", status=Status.DRAFT)
    with receiver.running():
        scheduled = editor_client().post(
            reverse("admin:cms_entry_workflow", args=[entry.pk]),
            {
                "_workflow": "schedule",
                "_workflow_publish_at": timezone.localtime(publish_at).replace(tzinfo=None),
                "_workflow_version": entry.version,
            },
        )
        assert scheduled.status_code == 302
        assert Entry.objects.get(pk=entry.pk).publish_at == publish_at
        run_worker()
        assert receiver.requests == []
        assert "Embargoed result" not in event_bodies()
        wait_until(publish_at)
        run_worker()
    [request] = receiver.requests
    event = json.loads(request["body"])
    assert event["type"] == "entry.published"
    assert event["data"]["entry"]["title"] == "Embargoed result"
    assert event["data"]["entry"]["public"] is True


def test_editing_a_scheduled_entry_sends_nothing_before_its_time():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Embargoed", slug="embargoed", publish_at=tomorrow())
    entry.title = "Embargoed, edited"
    entry.save()
    entry.publish_at = tomorrow() + timedelta(days=1)
    entry.save()
    assert not Event.objects.exists()


def test_unscheduling_before_the_time_cancels_the_announcement():
    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    publish_at = schedule_in(1)
    entry = make_entry("Withdrawn", slug="withdrawn", publish_at=publish_at)
    entry.status = Status.DRAFT
    entry.save()
    wait_until(publish_at)
    with receiver.running():
        run_worker()
    assert receiver.requests == []
    assert not Event.objects.exists()


def test_deleting_a_scheduled_entry_sends_nothing():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    make_entry("Embargoed", slug="embargoed", publish_at=tomorrow()).delete()
    assert not Event.objects.exists()


def test_a_lost_announcement_is_made_when_the_worker_starts():
    from django_tasks_db.models import DBTaskResult

    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    publish_at = schedule_in(1)
    make_entry("Embargoed", slug="embargoed", publish_at=publish_at)
    DBTaskResult.objects.all().delete()  # the queued task was lost
    wait_until(publish_at)
    with receiver.running():
        run_worker()
    assert [r["headers"]["X-Digest-Event"] for r in receiver.requests] == ["entry.published"]


def test_unpublished_event_carries_what_was_public_not_the_new_text():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Public title", slug="public-title")
    entry.title = "Secret new title"
    entry.slug = "secret-new-slug"
    entry.status = Status.DRAFT
    entry.save()
    event = json.loads(Event.objects.get(type="entry.unpublished").body)
    assert event["data"]["entry"]["title"] == "Public title"
    assert event["data"]["entry"]["url"].endswith("/en/entries/public-title/")
    assert event["data"]["entry"]["public"] is False
    assert "Secret new" not in event_bodies()


def test_moving_a_public_entry_into_the_future_is_an_unpublication():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Public title", slug="public-title")
    entry.title = "Rescheduled title"
    entry.publish_at = tomorrow()
    entry.save()
    types = list(Event.objects.order_by("created_at").values_list("type", flat=True))
    assert types == ["entry.published", "entry.unpublished"]
    assert "Rescheduled title" not in event_bodies()
