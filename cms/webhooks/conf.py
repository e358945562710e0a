"""Webhook settings with their defaults, read on every use so tests can override them."""

from django.conf import settings


def retry_delays() -> list[float]:
    """Seconds to wait before each retry; their count is the number of retries."""
    return list(getattr(settings, "CMS_WEBHOOK_RETRY_DELAYS", [30, 120, 600, 3600, 6 * 3600]))


def timeout() -> float:
    """Seconds to wait for a receiver to answer one POST."""
    return float(getattr(settings, "CMS_WEBHOOK_TIMEOUT", 10))
