"""``python manage.py quickstart``: a working site with demo content in one command."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.demo.loader import load_demo_content

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
        self.ensure_admin()
        call_command("collectstatic", interactive=False, verbosity=0)
        if no_serve:
            self.stdout.write(
                self.style.SUCCESS("Ready. Start the site with: python manage.py runserver")
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Serving at http://{addrport}/ (admin at /admin/)"))
        call_command("runserver", addrport, use_reloader=False)

    def ensure_admin(self) -> None:
        User = get_user_model()
        if User.objects.filter(username=ADMIN_USERNAME).exists():
            self.stdout.write(f"Admin account “{ADMIN_USERNAME}” already exists.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = None if password else secrets.token_urlsafe(12)
        User.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", password or generated)
        if generated is None:
            self.stdout.write(
                f"Admin account “{ADMIN_USERNAME}” created with DJANGO_SUPERUSER_PASSWORD."
            )
        else:
            self.stdout.write(
                f"Admin account created. Username: {ADMIN_USERNAME}  Password: {generated}\n"
                "This password is shown only once."
            )
