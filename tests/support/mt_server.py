"""A stand-in for LibreTranslate, DeepL and Google Translation, on a local port, for tests.

It speaks each engine's request and answer shapes and "translates" by
upper-casing the text outside HTML tags and marking each text with ``译:``,
so a test can see what was sent and what came back. ``failures`` makes it
answer the next requests with error statuses (429, 500…), and ``requests``
records what it was sent.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TAG = re.compile(r"(<[^>]+>)")


def fake_translate(text: str) -> str:
    """``译:`` and the text with everything outside tags upper-cased (the tags' contents kept)."""
    pieces = TAG.split(text)
    inside_protected = False
    out = []
    for piece in pieces:
        if piece.startswith("<"):
            inside_protected = piece.startswith("<span") and 'translate="no"' in piece
            out.append(piece)
        elif inside_protected:
            out.append(piece)
        else:
            out.append(piece.upper())
    return "译:" + "".join(out)


class StandIn:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.failures: list[int] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> StandIn:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                parts = urlsplit(self.path)
                stand_in.requests.append(
                    {
                        "path": parts.path,
                        "query": parse_qs(parts.query),
                        "headers": dict(self.headers),
                        "json": payload,
                    }
                )
                if stand_in.failures:
                    status = stand_in.failures.pop(0)
                    self.answer(status, {"error": f"stand-in error {status}"})
                    return
                if parts.path == "/translate":
                    texts = payload["q"]
                    answer = (
                        [fake_translate(t) for t in texts]
                        if isinstance(texts, list)
                        else (fake_translate(texts))
                    )
                    self.answer(200, {"translatedText": answer})
                elif parts.path == "/v2/translate":
                    if not self.headers.get("Authorization", "").startswith("DeepL-Auth-Key "):
                        self.answer(403, {"message": "Forbidden"})
                        return
                    texts = [{"text": fake_translate(t)} for t in payload["text"]]
                    self.answer(200, {"translations": texts})
                elif parts.path == "/language/translate/v2":
                    if not parse_qs(parts.query).get("key"):
                        self.answer(403, {"error": {"message": "no key"}})
                        return
                    texts = [{"translatedText": fake_translate(t)} for t in payload["q"]]
                    self.answer(200, {"data": {"translations": texts}})
                else:
                    self.answer(404, {"error": "not found"})

            def answer(self, status: int, data: dict) -> None:
                body = json.dumps(data, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
