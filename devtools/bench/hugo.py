"""The benchmark's entries as a Hugo site, and Hugo timed building it (``bench --hugo``).

Hugo is the speed the export is measured against (issue 20). Timing it by
hand on a hand-made site gave a ratio nobody could re-run; this writes the
same public entries the benchmark generated (the same languages, slugs,
dates, summaries, Markdown bodies, topics and authors) as Hugo content with
a minimal layout: an entry page, paginated lists of the same page size for
each language, topic and author, the taxonomy indexes, and Hugo's default
feeds and sitemaps. Then it runs ``hugo`` on it and reports the files it
wrote, its wall time and its peak resident memory, beside our exports.

Only the benchmark imports this module.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

from cms.models import Entry
from devtools.bench.process import Run, run_measured
from devtools.bench.report import HugoFigure

HUGO_MISSING = (
    "--hugo needs the hugo binary on PATH (apt-get install hugo, or https://gohugo.io); "
    "none was found."
)
LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{- .Date.Format "Jan. 2, 2006" }}</time>
<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{- end }}</ul>
<p>{{ range .GetTerms "authors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ range (.Paginate $pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time>{{ .Date.Format "Jan. 2, 2006" }}</time><p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>
{{- end }}</ul>{{ end }}
""",
}


def hugo_version(binary: str) -> tuple[int, int, int]:
    """The version ``hugo version`` reports, as numbers (``(0, 111, 3)``)."""
    output = subprocess.run([binary, "version"], capture_output=True, text=True, check=True)
    found = re.search(r"v(\d+)\.(\d+)\.(\d+)", output.stdout)
    if found is None:
        raise RuntimeError(f"Cannot read Hugo's version from {output.stdout.strip()!r}.")
    major, minor, patch = (int(part) for part in found.groups())
    return major, minor, patch


def site_config(languages: list[str], page_size: int, version: tuple[int, int, int]) -> str:
    """``config.toml``: one content folder per language, topics and authors as taxonomies.

    Hugo 0.128 moved the page size from ``paginate`` to ``[pagination]``.
    """
    lines = [
        f'baseURL = "{settings.CMS_SITE_URL}"',
        'title = "Digest"',
        f'defaultContentLanguage = "{languages[0]}"',
        "defaultContentLanguageInSubdir = true",
    ]
    if version < (0, 128, 0):
        lines.append(f"paginate = {page_size}")
    else:
        lines += ["[pagination]", f"pagerSize = {page_size}"]
    lines += ["[taxonomies]", 'topic = "topics"', 'author = "authors"']
    lines += ["[permalinks]", 'entries = "/entries/:slug/"']
    for weight, language in enumerate(languages, start=1):
        lines += [f'[languages."{language}"]', f'contentDir = "content/{language}"']
        lines.append(f"weight = {weight}")
    return "\n".join(lines) + "\n"


def entry_file(entry: Entry) -> str:
    """One entry as Markdown with JSON front matter, which Hugo reads and ``json`` escapes."""
    front = {
        "title": entry.title,
        "slug": entry.slug,
        "date": entry.publish_at.isoformat(),
        "summary": entry.summary,
        "topics": [topic.slug for topic in entry.topics.all()],
        "authors": [author.username for author in entry.authors.all()],
    }
    return json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + entry.body + "\n"


def write_hugo_site(root: Path, page_size: int, version: tuple[int, int, int]) -> int:
    """Write the public entries as a Hugo site under ``root``; returns how many entries."""
    languages = [code for code, _name in settings.LANGUAGES]
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(site_config(languages, page_size, version))
    for name, text in LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text)
    for language in languages:
        (root / "content" / language / "entries").mkdir(parents=True, exist_ok=True)
    written = 0
    entries = (
        Entry.objects.published()
        .filter(language__in=languages)
        .prefetch_related("topics", "authors")
        .order_by("pk")
    )
    for entry in entries.iterator(chunk_size=500):
        path = root / "content" / entry.language / "entries" / f"{entry.slug}.md"
        path.write_text(entry_file(entry), encoding="utf-8")
        written += 1
    return written


def count_output(public: Path) -> tuple[int, int]:
    """Pages (HTML and XML documents) and redirects (Hugo's alias pages) Hugo wrote."""
    pages = redirects = 0
    for path in public.rglob("*"):
        if path.suffix not in (".html", ".xml") or not path.is_file():
            continue
        with path.open("rb") as stream:
            if b'http-equiv="refresh"' in stream.read(1024):
                redirects += 1
            else:
                pages += 1
    return pages, redirects


def run_hugo(binary: str, root: Path) -> Run:
    """Build the site once, timed; a failed build is an error, not a figure."""
    command = [binary, "--source", str(root), "--destination", str(root / "public")]
    run = run_measured([*command, "--cacheDir", str(root / "cache")])
    if run.returncode:
        raise RuntimeError(f"hugo failed (exit {run.returncode}): {run.tail(5)}")
    return run


def timed_hugo(binary: str, root: Path) -> HugoFigure:
    """Write the Hugo site (not timed), build it with Hugo (timed), count what it wrote."""
    shutil.rmtree(root, ignore_errors=True)
    version = hugo_version(binary)
    write_hugo_site(root, settings.CMS_ENTRIES_PER_PAGE, version)
    run = run_hugo(binary, root)
    pages, redirects = count_output(root / "public")
    return HugoFigure(
        "hugo v{}.{}.{}, same entries".format(*version),
        pages,
        rendered=pages + redirects,
        reused=0,
        seconds=run.seconds,
        peak_mb=run.peak_mb,
        redirects=redirects,
        cpu_seconds=run.cpu_seconds,
        version=".".join(map(str, version)),
    )
