"""``python manage.py quickstart``: a working site with demo content in one command.

The demo content is Markdown in a checkout's ``devtools/demo/``, loaded by
the project's own Markdown importer; an installed package without
``devtools/`` stops before changing anything and says so.
"""

import os
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.conf import conf
from cms.export.static import collect_static
from cms.management import devtools
from cms.permissions import AUTHOR, EDITOR, TRANSLATOR

ADMIN_USERNAME = "admin"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def served_site_url(addrport: str, site_url: str) -> tuple[str, str]:
    """The ``CMS_SITE_URL`` to serve with, and a line saying what links will use.

    Links in pages, feeds, the sitemap and the API are built from
    ``CMS_SITE_URL``. A local one is pointed at the address being served; a
    public one is kept (the site is being previewed); a server listening on
    every interface cannot know the address readers use, so it says to set it.
    """
    host, _, port = addrport.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    served = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    current = urlsplit(site_url)
    if site_url == served:
        return site_url, f"Links use {site_url} (CMS_SITE_URL)."
    if host in {"0.0.0.0", "::"}:
        return site_url, (
            f"Links use CMS_SITE_URL, now {site_url}; set it to the address readers use, "
            f"such as CMS_SITE_URL=http://<this machine>:{port}/."
        )
    if (current.hostname or "") in LOCAL_HOSTS:
        return served, f"Links use {served}, the address served (set CMS_SITE_URL to change it)."
    return site_url, f"Links use CMS_SITE_URL, {site_url}, not the address served."


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo content, create an admin account, "
        "collect static files and serve the site at http://127.0.0.1:8000/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Stop after setting up; do not start a server."
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve.")

    def handle(self, *args, no_serve: bool, addrport: str, **options):
        verbosity = options["verbosity"]
        demo = devtools.load("demo", "quickstart")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        result = demo.load_demo_content()
        for item in result.report.skipped:
            self.stdout.write(f"  {item}")
        if result.changed:
            self.stdout.write(f"Demo content loaded: {result.report.summary()}")
        else:
            self.stdout.write("Demo content already present; nothing changed.")
        self.ensure_account(ADMIN_USERNAME, role=None)
        for role in (AUTHOR, TRANSLATOR, EDITOR):
            self.ensure_account(role, role=role)
        collect_static()
        if no_serve:
            self.stdout.write(
                self.style.SUCCESS("Ready. Start the site with: python manage.py runserver")
            )
            return
        settings.CMS_SITE_URL, line = served_site_url(addrport, conf.CMS_SITE_URL)
        self.stdout.write(self.style.SUCCESS(f"Serving at http://{addrport}/ (admin at /admin/)"))
        self.stdout.write(line)
        call_command("runserver", addrport, use_reloader=False)

    def ensure_account(self, username: str, role: str | None) -> None:
        """Create a demo account once; its password is printed only when it is created.

        ``role=None`` is the administrator (a superuser); the others join the
        editorial group of that name. ``DJANGO_SUPERUSER_PASSWORD``, when set,
        is used for every account instead of a generated password.
        """
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Account “{username}” already exists.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = None if password else secrets.token_urlsafe(12)
        email = f"{username}@example.org"
        if role is None:
            User.objects.create_superuser(username, email, password or generated)
        else:
            user = User.objects.create_user(username, email, password or generated, is_staff=True)
            user.groups.add(Group.objects.get(name=role))
        label = "Administrator" if role is None else f"Demo {role}"
        if generated is None:
            self.stdout.write(
                f"{label} account “{username}” created with DJANGO_SUPERUSER_PASSWORD."
            )
        else:
            self.stdout.write(
                f"{label} account created. Username: {username}  Password: {generated}  "
                "(shown only once)"
            )
