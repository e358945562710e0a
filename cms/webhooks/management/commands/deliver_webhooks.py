"""``python manage.py deliver_webhooks``: the background worker that sends webhook events."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.webhooks.queue import requeue_lost
from cms.webhooks.tasks import announce_due


class Command(BaseCommand):
    help = (
        "Send queued webhook events: announce scheduled entries whose time has come, queue "
        "again any delivery whose task was lost, then run the django-tasks database worker "
        "(retries and scheduled announcements are tasks for later)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Exit when no task is ready instead of waiting."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls (default 1)."
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many.")

    def handle(self, *args, batch: bool, interval: float, max_tasks: int | None, **options):
        announced = announce_due()
        if announced and options["verbosity"]:
            self.stdout.write(f"Announced {announced} entries that became public.")
        requeued = requeue_lost()
        if requeued and options["verbosity"]:
            self.stdout.write(f"Queued {requeued} lost deliveries again.")
        worker_options = {"batch": batch, "interval": interval, "reload": False}
        if max_tasks:
            worker_options["max_tasks"] = max_tasks
        call_command(
            "db_worker",
            startup_delay=False,
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
            **worker_options,
        )
