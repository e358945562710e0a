"""``bench --hugo``: the benchmark's entries as a Hugo site, and Hugo timed on it beside ours."""

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings

from cms.models import Entry
from cms.publishing import Status
from devtools.bench.hugo import HUGO_MISSING, site_config, timed_hugo, write_hugo_site
from devtools.bench.report import BenchReport, ExportFigure, HugoFigure
from tests.factories import make_entry, make_topic, make_user

HUGO = shutil.which("hugo")


@pytest.fixture
def entries(db):
    physics, mara = make_topic("physics", "Physics"), make_user("mara")
    make_entry("Quarks", slug="quarks", topics=[physics], authors=[mara], summary="Small.")
    make_entry("Gluons", slug="gluons", topics=[physics], body="Glue *binds*.")
    make_entry("Leptons", slug="leptons")
    make_entry("夸克", slug="kuake", language="zh-hans", topics=[physics])
    make_entry("Draft", slug="draft", status=Status.DRAFT, body="CANARY")


def read_front_matter(path: Path) -> tuple[dict, str]:
    front, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    return json.loads(front), body


def test_each_public_entry_becomes_one_markdown_file_with_its_front_matter(entries, tmp_path):
    assert write_hugo_site(tmp_path, 2, (0, 111, 3)) == 4
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("content/**/*.md"))
    assert files == [
        "content/en/entries/gluons.md",
        "content/en/entries/leptons.md",
        "content/en/entries/quarks.md",
        "content/zh-hans/entries/kuake.md",
    ]
    front, body = read_front_matter(tmp_path / "content/en/entries/quarks.md")
    assert front["title"] == "Quarks" and front["slug"] == "quarks"
    assert front["summary"] == "Small."
    assert (front["topics"], front["authors"]) == (["physics"], ["mara"])
    published = Entry.objects.get(slug="quarks").publish_at
    assert datetime.fromisoformat(front["date"]) == published
    assert read_front_matter(tmp_path / "content/en/entries/gluons.md")[1] == "Glue *binds*.\n"
    assert "夸克" in (tmp_path / "content/zh-hans/entries/kuake.md").read_text(encoding="utf-8")
    assert "CANARY" not in "".join(p.read_text() for p in tmp_path.rglob("*.md"))


def test_layouts_cover_entry_pages_lists_and_taxonomies(entries, tmp_path):
    write_hugo_site(tmp_path, 2, (0, 111, 3))
    layouts = sorted(p.name for p in (tmp_path / "layouts/_default").iterdir())
    assert layouts == ["baseof.html", "list.html", "single.html", "terms.html"]
    assert ".Paginate" in (tmp_path / "layouts/_default/list.html").read_text()


def test_config_has_the_same_page_size_languages_and_taxonomies():
    old = site_config(["en", "zh-hans"], 10, (0, 111, 3))
    assert "paginate = 10" in old and "pagerSize" not in old
    assert 'topic = "topics"' in old and 'author = "authors"' in old
    assert '[languages."zh-hans"]\ncontentDir = "content/zh-hans"' in old
    new = site_config(["en"], 25, (0, 140, 0))
    assert "[pagination]\npagerSize = 25" in new and "paginate =" not in new


def test_bench_hugo_without_hugo_on_path_says_so_in_one_line_and_fails(tmp_path):
    manage = Path(settings.BASE_DIR) / "manage.py"
    env = {**os.environ, "PATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(manage), "bench", "--hugo", "--entries", "10"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert done.stderr.strip() == f"CommandError: {HUGO_MISSING}"
    assert done.stdout == ""


@pytest.mark.skipif(HUGO is None, reason="hugo is not installed")
def test_real_hugo_builds_the_site_and_its_figure_counts_pages_and_redirects(
    entries, settings, tmp_path
):
    settings.CMS_ENTRIES_PER_PAGE = 2
    figure = timed_hugo(HUGO, tmp_path / "hugo")
    public = tmp_path / "hugo/public"
    assert "Glue <em>binds</em>." in (public / "en/entries/gluons/index.html").read_text()
    assert (public / "en/page/2/index.html").is_file()  # three English entries, two to a page
    assert (public / "en/topics/physics/index.html").is_file()
    assert (public / "zh-hans/entries/kuake/index.html").is_file()
    assert "CANARY" not in "".join(p.read_text() for p in public.rglob("*.html"))
    assert figure.redirects >= 1  # Hugo's page/1/ aliases
    assert figure.pages > 4 and figure.rendered == figure.pages + figure.redirects
    assert figure.seconds > 0 and figure.peak_mb > 1
    assert figure.label.startswith("hugo v") and figure.version


def test_report_puts_hugo_beside_our_exports_with_the_ratio():
    ours = ExportFigure("full, --jobs 1", 1000, 1010, 0, 10.0, 120.0, redirects=10)
    hugo = HugoFigure("hugo v0.111.3, same entries", 1200, 1300, 0, 0.6, 175.0, 100, 0.5, "0.111.3")
    report = BenchReport(100, 1.0, exports=[ours], hugo=hugo)
    table = report.table()
    assert "hugo v0.111.3, same entries" in table
    assert "Hugo's pages/s are 20.0 times ours (full, --jobs 1)" in table
    figures = report.as_dict()
    assert figures["hugo"]["pages_per_second"] == 2000.0
    assert figures["hugo"]["redirects"] == 100
    assert figures["hugo_ratios"] == {"full, --jobs 1": 20.0}
    assert figures["exports"][0]["redirects"] == 10
    assert "hugo" not in BenchReport(100, 1.0, exports=[ours]).as_dict()
