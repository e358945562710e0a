"""HMAC-SHA256 signatures, so receivers know an event came from this site and is fresh.

The signed message is ``<timestamp>.<body>``: the ``X-Digest-Timestamp``
header, a dot, and the raw request body. The ``X-Digest-Signature`` header
is ``sha256=`` and the hex digest, keyed with the endpoint's secret. A
receiver recomputes it over the bytes it received, compares in constant
time, and rejects old timestamps to stop replays.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Digest-Signature"
TIMESTAMP_HEADER = "X-Digest-Timestamp"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """What a receiver does; used by the tests and shown in the README."""
    return hmac.compare_digest(signature(secret, timestamp, body), header)
