"""One delivery attempt: POST the signed event, log the outcome, say whether and when to retry.

Receivers get the event's fixed JSON body with ``X-Digest-Event``,
``X-Digest-Event-Id`` (for de-duplication: delivery is at least once),
``X-Digest-Delivery``, ``X-Digest-Timestamp`` and ``X-Digest-Signature``
headers. Any 2xx answer is success. Anything else (an error status, a
redirect, which is never followed, a timeout, a refused connection) is
logged, and retried after the next delay in ``CMS_WEBHOOK_RETRY_DELAYS``
until they run out; then the delivery is marked failed.
"""

import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import NamedTuple

from django.utils import timezone

from cms.conf import conf
from cms.webhooks.models import Attempt, Delivery
from cms.webhooks.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

USER_AGENT = "DigestCMS-Webhooks/1"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx code


# No proxies from the environment: events go straight to the registered address.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)


def post(delivery: Delivery) -> tuple[int | None, str]:
    """POST the event; the response code (``None`` if there was none) and an error message."""
    body = delivery.event.body.encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Digest-Event": delivery.event.type,
            "X-Digest-Event-Id": str(delivery.event.id),
            "X-Digest-Delivery": str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(delivery.endpoint.secret, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=float(conf.CMS_WEBHOOK_TIMEOUT)) as response:
            response.read(4096)
            status = response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, f"HTTP {error.code} {error.reason}"[:500]
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, f"{type(error).__name__}: {error}"[:500]
    return status, "" if 200 <= status < 300 else f"HTTP {status}"


class Outcome(NamedTuple):
    """A delivery's state after an attempt, and when to try again (``None``: never)."""

    state: str
    retry_at: datetime | None = None


def attempt_delivery(delivery_id: int) -> Outcome:
    """Make the next attempt of one delivery; its new state and when to retry.

    Queueing the retry is the caller's (``cms.webhooks.tasks``): this module
    only sends and logs.
    """
    delivery = Delivery.objects.select_related("event", "endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return Outcome("gone")
    if delivery.state not in (Delivery.State.PENDING, Delivery.State.RETRYING):
        return Outcome(delivery.state)
    if not delivery.endpoint.is_active:
        delivery.state = Delivery.State.CANCELLED
        delivery.save(update_fields=["state", "updated_at"])
        return Outcome(delivery.state)
    started = time.monotonic()
    code, error = post(delivery)
    number = delivery.attempts + 1
    Attempt.objects.create(
        delivery=delivery,
        number=number,
        response_code=code,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    delivery.attempts = number
    delivery.response_code = code
    delivery.last_error = error
    delivery.next_attempt_at = None
    delays = list(conf.CMS_WEBHOOK_RETRY_DELAYS)
    if code is not None and 200 <= code < 300:
        delivery.state = Delivery.State.DELIVERED
    elif number <= len(delays):
        delivery.state = Delivery.State.RETRYING
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=delays[number - 1])
    else:
        delivery.state = Delivery.State.FAILED
    delivery.save()
    return Outcome(delivery.state, delivery.next_attempt_at)
