"""Webhook settings, as the webhook modules ask for them; values and defaults are ``cms.conf``'s."""

from cms.conf import conf


def retry_delays() -> list[float]:
    """Seconds to wait before each retry; their count is the number of retries."""
    return list(conf.CMS_WEBHOOK_RETRY_DELAYS)


def timeout() -> float:
    """Seconds to wait for a receiver to answer one POST."""
    return float(conf.CMS_WEBHOOK_TIMEOUT)
