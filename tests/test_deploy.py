"""deploy/: the systemd units run commands the project has, and nginx accepts the site."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_there_are_units_for_the_web_server_the_task_worker_and_the_publish_worker():
    assert [path.name for path in UNITS] == [
        "digest-publish.service",
        "digest-tasks.service",
        "digest-web.service",
    ]


@pytest.mark.parametrize("path", UNITS, ids=lambda path: path.name)
def test_every_unit_runs_a_command_the_project_has(path):
    service = unit(path)["Service"]
    commands = [service["ExecStart"]] + [service.get("ExecStartPre", "")]
    for command in filter(None, commands):
        if "manage.py" in command:
            name = command.split("manage.py", 1)[1].split()[0]
            assert name in get_commands(), f"{path.name}: no command {name!r}"
        else:
            assert command.endswith("gunicorn site_project.wsgi")
    assert service["EnvironmentFile"] == "/etc/digest/digest.env"
    assert service["User"] == "digest"


def test_the_environment_file_names_only_settings_the_project_reads():
    read = (Path(settings.BASE_DIR) / "site_project/settings.py").read_text()
    read += (Path(settings.BASE_DIR) / "gunicorn.conf.py").read_text()
    names = re.findall(
        r"^#? ?([A-Z][A-Z0-9_]+)=", (DEPLOY / "digest.env.example").read_text(), re.M
    )
    ours = [name for name in names if name.startswith(("DJANGO_", "CMS_", "GUNICORN_"))]
    assert ours and not [name for name in ours if f'"{name}"' not in read]
    assert "REDIS_URL" in names and "DIGEST_PUBLISH_TARGET" in names


def test_nginx_proxies_to_gunicorns_default_address():
    site = (DEPLOY / "nginx/digest.conf").read_text()
    gunicorn = (Path(settings.BASE_DIR) / "gunicorn.conf.py").read_text()
    bind = re.search(r'"GUNICORN_BIND", "([^"]+)"', gunicorn)[1]
    assert f"server {bind};" in site


@pytest.mark.skipif(
    not shutil.which("nginx"), reason="nginx is not installed (.ci/run installs it)"
)
def test_nginx_accepts_the_site_configuration():
    done = subprocess.run(["bash", str(DEPLOY / "check-nginx")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
