"""A real webhook receiver on 127.0.0.1, the real worker command, and publishing in the admin.

Shared by tests/test_webhooks_*.py. The receiver is ``http.server`` in a thread, answers with
the status codes it is given, and stops by itself.
"""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import make_member


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
