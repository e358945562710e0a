"""What a fresh ``manage.py`` process imports: the optional heavy libraries only when used.

Every management command pays for start-up before it does anything; ``export
--incremental`` after one edit is meant to take under a second in all. These
libraries are imported where they are used (the S3 storage, CJK spacing, the
Markdown parser, image uploads, the static search index), and Python's own
``-X importtime`` report shows whether start-up still reaches them.
"""

import os
import subprocess
import sys

from django.conf import settings

LOADED_ONLY_WHEN_USED = {
    "boto3",
    "botocore",
    "s3transfer",
    "pangu",
    "markdown_it",
    "latex2mathml",
    "PIL",
    "snowballstemmer",
}


def imported_by(*arguments: str) -> set[str]:
    environment = {**os.environ, "DJANGO_MEDIA_STORAGE": "filesystem"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "manage.py", *arguments],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_system_checks_import_no_storage_spacing_markdown_image_or_stemming_library():
    """``manage.py check`` imports the URL conf, every model, admin and template tag library."""
    imported = {name.split(".")[0] for name in imported_by("check")}
    assert imported & LOADED_ONLY_WHEN_USED == set()


def test_export_help_does_not_load_the_export():
    assert not {name for name in imported_by("export", "--help") if name.startswith("cms.export")}
