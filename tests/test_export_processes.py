"""The export in real processes on a file database: ``--jobs`` and a killed export.

Worker processes cannot see a test transaction or an in-memory database, so
these tests migrate a temporary SQLite file, fill it with generated content
and run ``manage.py export`` as a subprocess, as a user would.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import file_tree

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
ENTRIES = 60


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    """A migrated SQLite file with generated content, and the environment that points at it."""
    root = tmp_path_factory.mktemp("processes")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(root / "static"),
        "DJANGO_MEDIA_ROOT": str(root / "media"),
        "CMS_SITE_URL": "https://digest.example.org/",
    }
    manage(env, "migrate", "--verbosity", "0")
    script = f"from devtools.sample import generate_content; generate_content({ENTRIES})"
    manage(env, "shell", "--command", script)
    return root, env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    """Run manage.py; exports skip Pagefind, whose index differs run to run (see README)."""
    if args[0] == "export":
        args = (*args, "--no-search")
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


def test_two_workers_write_exactly_what_one_process_writes(environment):
    root, env = environment
    one = manage(env, "export", "--output", str(root / "one"), "--jobs", "1")
    two = manage(env, "export", "--output", str(root / "two"), "--jobs", "2")
    assert "Exported" in one.stdout and "Exported" in two.stdout
    assert file_tree(root / "one") == file_tree(root / "two")
    assert len(file_tree(root / "two")) > 100


def test_a_killed_export_leaves_the_previous_output_untouched(environment):
    root, env = environment
    manage(env, "export", "--output", str(root / "live"), "--quiet")
    before = file_tree(root / "live")
    process = subprocess.Popen(
        [
            sys.executable,
            MANAGE,
            "export",
            "--output",
            str(root / "live"),
            "--quiet",
            "--no-search",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    written = 0
    deadline = time.monotonic() + 120
    while written < 30 and time.monotonic() < deadline and process.poll() is None:
        staging = [path for path in root.glob(".live.export-new-*") if path.is_dir()]
        written = sum(1 for path in staging[0].rglob("*") if path.is_file()) if staging else 0
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the export finished before it could be killed"
    assert written >= 30
    assert file_tree(root / "live") == before
    assert list(root.glob(".live.export-new-*"))
    manage(env, "export", "--output", str(root / "live"), "--quiet")
    after = file_tree(root / "live")
    assert after == before
    assert not list(root.glob(".live.export-new-*"))


def test_a_jobs_export_that_fails_after_its_workers_wrote_leaves_no_standby_record(
    environment, tmp_path
):
    """Workers write pages the parent has not yet noted, so a failed --jobs export cannot vouch
    for its standby: the next export checks it file by file and still equals a full export.
    The journal is emptied, so the export takes the digest road, whose workers claim each file
    as they crawl (a new account credited on a new entry is otherwise planned)."""
    root, env = environment
    shutil.copy(root / "db.sqlite3", tmp_path / "db.sqlite3")
    env = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    site, record = tmp_path / "site", tmp_path / ".site.export" / "standby.json"
    manage(env, "export", "--output", str(site), "--jobs", "2", "--quiet")
    before = file_tree(site)
    collide = "from django.contrib.auth import get_user_model; from tests.factories import "
    collide += "make_entry; make_entry('Clash', authors=[get_user_model().objects.create("
    collide += "username=get_user_model().objects.filter(entries__isnull=False).first()"
    collide += ".username.upper())]); from cms.models import ContentChange; "
    collide += "ContentChange.objects.all().delete()"
    manage(env, "shell", "--command", collide)
    with pytest.raises(subprocess.CalledProcessError) as failed:
        manage(env, "export", "--output", str(site), "--jobs", "2", "--incremental")
    assert "would both be written" in failed.value.stderr
    assert file_tree(site) == before
    assert not record.exists()
    manage(
        env,
        "shell",
        "--command",
        "from cms.models import Entry; Entry.objects.get(title='Clash').delete()",
    )
    manage(env, "export", "--output", str(site), "--jobs", "2", "--incremental", "--quiet")
    manage(env, "export", "--output", str(tmp_path / "full"), "--quiet")
    assert (
        file_tree(site)
        == file_tree(tmp_path / "full")
        == file_tree(tmp_path / ".site.export-standby")
    )
    assert record.exists()


def test_a_published_entry_planned_with_two_workers_equals_a_full_export(environment):
    root, env = environment
    manage(env, "export", "--output", str(root / "moved"), "--quiet")
    script = "from devtools.bench.run import add_one_entry; add_one_entry()"
    manage(env, "shell", "--command", script)
    planned = manage(env, "export", "--output", str(root / "moved"), "--incremental", "--jobs", "2")
    assert "planned from the change journal" in planned.stdout
    manage(env, "export", "--output", str(root / "moved-full"), "--quiet")
    assert file_tree(root / "moved") == file_tree(root / "moved-full")
