"""``python manage.py quickstart``: a working site with demo content in one command."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.demo.loader import load_demo_content
from cms.export.static import collect_static
from cms.publishing import AUTHOR, EDITOR, TRANSLATOR

ADMIN_USERNAME = "admin"


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
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        result = load_demo_content()
        if result.total_created:
            details = ", ".join(f"{count} {kind}" for kind, count in result.created.items())
            self.stdout.write(f"Demo content loaded: {details}.")
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
        self.stdout.write(self.style.SUCCESS(f"Serving at http://{addrport}/ (admin at /admin/)"))
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
