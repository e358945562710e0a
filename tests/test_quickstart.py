"""``quickstart``: one command to a working site, and a second run changes nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.models import Entry, Page, Topic, TranslationMethod
from cms.publishing import Status

pytestmark = pytest.mark.django_db


def run_quickstart(capsys) -> str:
    call_command("quickstart", "--no-serve")
    return capsys.readouterr().out


@pytest.fixture(autouse=True)
def static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"


def test_quickstart_loads_demo_content_and_an_admin(capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    out = run_quickstart(capsys)
    passwords = dict(re.findall(r"Username: (\S+)  Password: (\S+)  \(shown only once\)", out))
    assert set(passwords) == {"admin", "author", "translator", "editor"}
    users = get_user_model().objects
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.check_password(passwords["admin"])
    for role in ("author", "translator", "editor"):
        member = users.get(username=role)
        assert member.check_password(passwords[role])
        assert list(member.groups.values_list("name", flat=True)) == [role]

    assert Entry.objects.filter(language="en").count() >= 6
    assert Entry.objects.filter(language="zh-hans").count() >= 6
    assert Entry.objects.published().count() >= 12
    translations = Entry.objects.exclude(translation_of=None)
    assert translations.count() >= 4
    assert (
        translations.filter(translation_method=TranslationMethod.MACHINE)
        .exclude(translator="")
        .exists()
    )
    assert translations.filter(translation_method=TranslationMethod.HUMAN).exists()
    assert Topic.objects.count() >= 5
    assert Page.objects.filter(slug="about").count() == len(("en", "zh-hans"))
    assert Entry.objects.filter(status=Status.DRAFT).exists()


def test_quickstart_twice_changes_nothing(capsys, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-test-password")
    run_quickstart(capsys)
    snapshot = list(Entry.objects.values_list("pk", "version", "updated_at").order_by("pk"))
    out = run_quickstart(capsys)
    assert "nothing changed" in out
    assert "already exists" in out
    assert "Password:" not in out
    assert list(Entry.objects.values_list("pk", "version", "updated_at").order_by("pk")) == snapshot


def test_demo_site_pages_all_answer(client, capsys):
    run_quickstart(capsys)
    for entry in Entry.objects.published():
        assert client.get(entry.get_absolute_url()).status_code == 200, entry.slug
    for url in ["/", "/en/", "/zh-hans/", "/en/topics/", "/en/pages/about/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "addrport, site_url, expected",
    [
        ("127.0.0.1:9000", "http://127.0.0.1:8000/", "http://127.0.0.1:9000/"),
        ("localhost:8001", "http://localhost:8000/", "http://localhost:8001/"),
        ("127.0.0.1:8000", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
        ("127.0.0.1:9000", "https://digest.example.org/", "https://digest.example.org/"),
        ("0.0.0.0:9000", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
    ],
)
def test_serving_on_another_port_points_local_links_at_it(addrport, site_url, expected):
    from cms.management.commands.quickstart import served_site_url

    url, line = served_site_url(addrport, site_url)
    assert url == expected
    if addrport.startswith("0.0.0.0"):
        assert "set it to the address readers use" in line
    else:
        assert url in line


def test_quickstart_serves_with_the_site_url_of_its_port(capsys, monkeypatch, settings):
    from django.core.management.commands import runserver

    seen = {}
    monkeypatch.setattr(
        runserver.Command,
        "handle",
        lambda self, *a, **o: seen.setdefault("url", settings.CMS_SITE_URL),
    )
    settings.CMS_SITE_URL = "http://127.0.0.1:8000/"
    call_command("quickstart", "--addrport", "127.0.0.1:9123")
    assert seen["url"] == "http://127.0.0.1:9123/"
    assert "Links use http://127.0.0.1:9123/" in capsys.readouterr().out
