"""Machine translation from the API (``POST /api/v1/entries/<id>/translate/``) and the
admin's "Translate with <engine>" button: a draft, or the engine's error and nothing made.

The engine is the local stand-in (``tests/support/mt_server.py``), never the internet.
"""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_member
from tests.support import machine_translation as shared

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/machine_translation.py.
stand_in = shared.stand_in
original = shared.original
engines = shared.engines


def test_api_action_creates_a_draft_and_an_engine_failure_is_a_502_naming_it(
    original, engines, stand_in, settings
):
    settings.CMS_MT_ENGINE = engines["libretranslate"]
    token, _created = Token.objects.get_or_create(user=make_member("translator", "tess"))
    client = Client(headers={"Authorization": f"Token {token.key}"})
    url = f"/api/v1/entries/{original.pk}/translate/"
    stand_in.failures = [500] * 10
    failed = client.post(url, {"language": "zh-hans"}, content_type="application/json")
    assert failed.status_code == 502
    assert json.loads(failed.content)["detail"].startswith("LibreTranslate: HTTP 500")
    assert not Entry.objects.filter(language="zh-hans").exists()
    stand_in.failures = []
    response = client.post(url, {"language": "zh-hans"}, content_type="application/json")
    assert response.status_code == 201, response.content
    data = json.loads(response.content)
    assert data["title"] == "译:FAST ATTENTION" and data["status"] == "draft"
    assert data["arxiv_id"] == "2401.01234"
    again = client.post(url, {"language": "zh-hans"}, content_type="application/json")
    assert again.status_code == 400


def test_api_action_refuses_an_unusable_engine_before_asking_anything(original, settings):
    """No engine set up is the site's state (403); an engine the site cannot use, the
    request's mistake (400, on the field); neither is a server error, and nothing is made."""
    settings.CMS_MT_ENGINE = ""
    token, _created = Token.objects.get_or_create(user=make_member("translator", "tess"))
    client = Client(headers={"Authorization": f"Token {token.key}"})
    url = f"/api/v1/entries/{original.pk}/translate/"
    unset = client.post(url, {"language": "zh-hans"}, content_type="application/json")
    assert unset.status_code == 403
    assert "CMS_MT_ENGINE" in json.loads(unset.content)["detail"]
    wrong = client.post(
        url, {"language": "zh-hans", "engine": "babelfish"}, content_type="application/json"
    )
    assert wrong.status_code == 400
    assert list(json.loads(wrong.content)["errors"]) == ["engine"]
    missing = client.post("/api/v1/entries/0/translate/", {"language": "zh-hans"})
    assert missing.status_code == 404
    assert not Entry.objects.filter(language="zh-hans").exists()


def test_admin_button_translates_into_a_draft_and_shows_an_engine_error(
    original, engines, stand_in, settings
):
    settings.CMS_MT_ENGINE = engines["google"]
    client = Client()
    client.force_login(make_member("editor", "erin"))
    change = f"/admin/cms/entry/{original.pk}/change/"
    page = client.get(change).content.decode()
    assert "Translate with Google Translate into" in page
    url = f"/admin/cms/entry/{original.pk}/machine-translate/?language=zh-hans"
    stand_in.failures = [503] * 10
    failed = client.post(url, follow=True)
    assert "No translation was made: Google Translate: HTTP 503" in failed.content.decode()
    assert not Entry.objects.filter(language="zh-hans").exists()
    stand_in.failures = []
    response = client.post(url)
    draft = Entry.objects.get(language="zh-hans")
    assert response["Location"] == f"/admin/cms/entry/{draft.pk}/desk/"
    assert draft.status == Status.DRAFT and draft.mt_engine == "google"
