"""One POST to a translation engine, with a timeout and retries, failing with the engine's name.

A 429 or a 5xx answer, a refused connection and a timeout are retried after
a growing pause (the engine's ``Retry-After`` when it gives one, never more
than ``MAX_PAUSE``); any other error status fails at once. Every failure is
an ``MTError`` that names the engine and says what happened, never a
traceback; the key is never part of the message.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from cms.exceptions import MTError

RETRIED_STATUSES = {429, 500, 502, 503, 504}
MAX_PAUSE = 30.0


def _pause(attempt: int, first_pause: float, retry_after: str | None) -> float:
    if retry_after and retry_after.strip().isdigit():
        return min(float(retry_after), MAX_PAUSE)
    return min(first_pause * 2**attempt, MAX_PAUSE)


def post_json(
    engine: str,
    url: str,
    payload: dict,
    *,
    headers: dict[str, str] | None = None,
    timeout: float,
    retries: int,
    first_pause: float,
    sleep: Callable[[float], None] = time.sleep,
) -> dict:
    """POST ``payload`` as JSON to ``url`` and return the JSON answer (an object)."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    request_headers = {"Content-Type": "application/json", "Accept": "application/json"}
    request_headers.update(headers or {})
    problem = ""
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=body, headers=request_headers, method="POST")
        retry_after = None
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace").strip()
            problem = f"HTTP {error.code}" + (f": {detail}" if detail else "")
            if error.code not in RETRIED_STATUSES:
                raise MTError(engine, problem) from None
            retry_after = error.headers.get("Retry-After")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            problem = f"could not be reached ({reason})"
        except (ValueError, UnicodeDecodeError):
            raise MTError(engine, "answered with something that is not JSON") from None
        else:
            if not isinstance(answer, dict):
                raise MTError(engine, "answered with JSON that is not an object")
            return answer
        if attempt < retries:
            sleep(_pause(attempt, first_pause, retry_after))
    raise MTError(engine, f"{problem} (after {retries + 1} attempts)")
