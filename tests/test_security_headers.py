"""HTTP hardening: the headers every response carries, and pages that work under them.

Catalogue rows D01, D02, X15 and E07. The policy forbids inline script and
style, so each kind of page (site, admin list and change form with the
Markdown editor, API docs) is checked for inline code that the browser
would block. Production settings are read at import, so they are checked in
a subprocess with the environment a deployer sets.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import make_entry, make_topic

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def entry():
    return make_entry("Header test", topics=[make_topic("ml")], body="*Hello* [x](/en/)")


class TestHeaders:
    @pytest.mark.parametrize(
        "url", ["/en/", "/en/feed.xml", "/api/v1/en/entries.json", "/admin/login/", "/nowhere/"]
    )
    def test_every_kind_of_response_carries_the_policy_and_nosniff(self, client, entry, url):
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        policy = directives(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]

    def test_policy_allows_no_inline_or_evaluated_script_or_style(self, client, entry):
        policy = directives(client.get("/en/"))
        for name in ("default-src", "script-src", "style-src"):
            assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(policy[name])

    def test_entry_page_images_from_other_https_sites_stay_allowed(self, client, entry):
        policy = directives(client.get(entry.get_absolute_url()))
        assert "https:" in policy["img-src"]
        assert "http:" not in policy["img-src"]

    def test_foreign_host_is_refused(self, client, entry):
        assert client.get("/en/", HTTP_HOST="evil.example").status_code == 400


def inline_code(markup: str) -> list[str]:
    """Everything in a page that a script-src/style-src 'self' policy would block."""
    soup = BeautifulSoup(markup, "html5lib")
    found = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            continue  # a data block: never executed, not governed by script-src
        if not script.get("src") or script.get_text().strip():
            found.append(str(script)[:120])
    found += [str(style)[:120] for style in soup.find_all("style")]
    for element in soup.find_all(True):
        for attribute in element.attrs:
            if attribute == "style" or attribute.startswith("on"):
                found.append(f"<{element.name} {attribute}=…>")
            if attribute in ("href", "src", "action") and str(element[attribute]).startswith(
                "javascript:"
            ):
                found.append(f"<{element.name} {attribute}=javascript:…>")
    return found


class TestPagesWorkUnderThePolicy:
    def test_site_pages_have_no_inline_code(self, client, entry):
        for url in (
            "/en/",
            entry.get_absolute_url(),
            "/en/topics/",
            "/en/topics/ml/",
            "/en/search/?q=hello",
            "/en/archive/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert inline_code(response.content.decode()) == [], url

    def test_admin_pages_and_the_markdown_editor_have_no_inline_code(self, editor_client, entry):
        change = reverse("admin:cms_entry_change", args=[entry.pk])
        for url in ("/admin/", reverse("admin:cms_entry_changelist"), change):
            response = editor_client.get(url)
            assert response.status_code == 200, url
            assert inline_code(response.content.decode()) == [], url
        form = editor_client.get(change).content.decode()
        assert 'class="markdownx"' in form

    def test_api_docs_load_swagger_from_files(self, client):
        response = client.get("/api/v1/docs/")
        assert response.status_code == 200
        assert inline_code(response.content.decode()) == []


def production_run(code: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-" + "k" * 60,
        "DJANGO_ALLOWED_HOSTS": "digest.example.org",
        "DJANGO_SETTINGS_MODULE": "site_project.settings",
        # As deploy/digest.env.example sets them (checks cms.W001 and cms.W002).
        "CMS_SITE_URL": "https://digest.example.org/",
        "DJANGO_BEHIND_TLS_PROXY": "1",
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test import Client
from django.conf import settings
from django.urls import Resolver404, resolve
from django.views.static import serve


def media_served():
    try:
        return resolve("/media/uploads/x.png").func is serve
    except Resolver404:
        return False


client = Client(HTTP_HOST="digest.example.org")
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "hsts": secure.get("Strict-Transport-Security"),
    "csp": secure.get("Content-Security-Policy"),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "debug": settings.DEBUG,
    "media_served": media_served(),
    "autorefresh": getattr(settings, "WHITENOISE_AUTOREFRESH", settings.DEBUG),
}))
"""


class TestProductionSettings:
    def test_http_redirects_to_https_and_https_answers_with_hsts(self):
        result = production_run(PRODUCTION_PROBE)
        assert result.returncode == 0, result.stderr
        probe = json.loads(result.stdout.strip().splitlines()[-1])
        assert probe["plain_status"] == 301
        assert probe["plain_location"].startswith("https://digest.example.org/")
        assert "max-age=31536000" in probe["hsts"]
        assert "includeSubDomains" in probe["hsts"]
        assert "script-src 'self'" in probe["csp"]
        assert probe["session_secure"] and probe["csrf_secure"]
        assert probe["debug"] is False
        # Uploads are the web server's business in production (catalogue D03).
        assert probe["media_served"] is False
        assert probe["autorefresh"] is False

    def test_check_deploy_reports_nothing(self):
        result = production_run(
            "import sys; from django.core.management import execute_from_command_line; "
            "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', "
            "'WARNING'])"
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    def test_production_refuses_to_start_without_a_secret_key(self):
        environment = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""}
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=PROJECT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0
        assert "Set DJANGO_SECRET_KEY" in result.stderr
