"""What the load test talks to the server with: a keep-alive session and the forms a browser sends.

Only the standard library, so the load test measures any server without
bringing a client library's own behaviour into the figures.
"""

import http.client
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit


class FormParser(HTMLParser):
    """The fields a browser would submit from ``<form id=form_id>``."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormParser(form_id)
    parser.feed(page)
    return parser.fields


class Session:
    """One HTTP/1.1 connection with its own cookies (attributes ignored: http on 127.0.0.1)."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | list | None = None):
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "digest-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection; a browser reconnects.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), content.decode("utf-8", "replace")

    def close(self):
        if self.connection:
            self.connection.close()


def log_in(base_url: str, username: str, password: str) -> Session:
    session = Session(base_url)
    _status, _location, page = session.request("GET", "/admin/login/")
    fields = dict(form_fields(page, "login-form"))
    fields.update(username=username, password=password, next="/admin/")
    status, location, _page = session.request("POST", "/admin/login/", fields)
    if status != 302:
        raise RuntimeError(f"Logging in as {username} failed (HTTP {status}).")
    return session
