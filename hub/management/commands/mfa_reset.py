"""Reset an officer's second factor from the command line, under the same two-person rule as the admin:
one office member asks (``--requested-by`` with ``--reason``), another approves (``--approved-by``).

    manage.py mfa_reset alice --requested-by bob --reason "Lost phone; confirmed by a call"
    manage.py mfa_reset alice --approved-by carol

For when the admin cannot be used (the office itself locked out); each step is in Wagtail's log."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hub.mfa.reset import ResetRefused, SecondFactorReset, approve_reset, request_reset


class Command(BaseCommand):
    help = "Ask for, or approve, the reset of an officer's second factor (two office members)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The officer whose second factor is reset.")
        step = parser.add_mutually_exclusive_group(required=True)
        step.add_argument("--requested-by", metavar="USERNAME", help="The office member asking for the reset.")
        step.add_argument("--approved-by", metavar="USERNAME", help="A second office member approving it.")
        parser.add_argument("--reason", default="", help="Why, and how the officer's identity was confirmed.")

    def handle(self, username, requested_by=None, approved_by=None, reason="", **options):
        user = self._user(username)
        try:
            if requested_by:
                request_reset(user, self._user(requested_by), reason)
                self.stdout.write(f"Reset of {username} requested; another office member must approve it.")
                return
            reset = SecondFactorReset.objects.filter(user=user, approved_at__isnull=True).first()
            if reset is None:
                raise CommandError(f"No reset of {username} is waiting for approval: ask for one first.")
            removed = approve_reset(reset, self._user(approved_by))
        except ResetRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Second factor of {username} reset ({removed} devices removed).")

    def _user(self, username: str):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
