"""``python manage.py setup_roles``: create or update the editorial groups."""

from django.core.management.base import BaseCommand

from cms.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the author, translator and editor groups and their permissions."

    def handle(self, *args, **options):
        groups = setup_roles()
        summary = ", ".join(
            f"{name} ({group.permissions.count()} permissions)" for name, group in groups.items()
        )
        self.stdout.write(f"Roles ready: {summary}.")
