"""``python manage.py add_member USERNAME --role ROLE --email ADDRESS``: a new team member.

The work is ``cms.team.add_member``; this prints the set-password link, or
e-mails it with ``--send``. It never takes or prints a password.
"""

from django.core.management.base import BaseCommand, CommandError

from cms.team import ROLES, TeamError, add_member, send_link


class Command(BaseCommand):
    help = (
        "Add a team member with a role (author, translator, editor, administrator) and give "
        "them a link to choose their own password: printed, or e-mailed with --send."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--email", required=True, help="Their e-mail address.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--send", action="store_true", help="E-mail the link instead of printing it."
        )

    def handle(self, *args, username, role, email, first_name, last_name, send, **options):
        try:
            member = add_member(username, role, email, first_name=first_name, last_name=last_name)
        except TeamError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Added {member.user.get_username()} as {role}.")
        if send:
            try:
                send_link(member)
            except OSError as error:
                self.stderr.write(f"The e-mail could not be sent ({error}); give them this link:")
                self.stdout.write(member.link)
                return
            self.stdout.write(f"Sent the link to choose a password to {member.user.email}.")
            return
        self.stdout.write("Give them this link to choose their password (it works once):")
        self.stdout.write(member.link)
