import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from presidencies.handover import HandoverError, handover, handover_plan, sitting_presidency


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date in YYYY-MM-DD form: {value!r}") from None


class Command(BaseCommand):
    help = (
        "Hand the G20 over to the next presidency: create it from the blueprint with its groups and "
        "collection, archive the outgoing one and its accounts. One transaction; running it twice changes nothing. "
        "Refused while the outgoing presidency is in office, unless --effective gives the day it takes effect "
        "(a later day is scheduled and applied then by Celery beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help='Short name ("United Kingdom") or ISO code (GB).')
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--start", type=_date, help="First day, YYYY-MM-DD (default: 1 December of year-1).")
        parser.add_argument("--end", type=_date, help="Last day, YYYY-MM-DD (default: 30 November).")
        parser.add_argument(
            "--effective",
            type=_date,
            help="Hand over early, on this day (YYYY-MM-DD): the outgoing term ends the day before. "
            "A later day is scheduled. Asks for confirmation.",
        )
        parser.add_argument(
            "--yes",
            "--noinput",
            dest="confirmed",
            action="store_true",
            help="Confirm an early handover without asking.",
        )

    def handle(self, *args, **options):
        effective = options["effective"]
        try:
            if effective is not None and sitting_presidency(options["year"], timezone.localdate()) is not None:
                self.confirm(options)
            report = handover(
                options["country"], options["year"], options["start"], options["end"], effective=effective
            )
        except (HandoverError, ValueError) as error:
            raise CommandError(str(error)) from None
        if report.scheduled is not None:
            if report.changed:
                self.stdout.write(self.style.SUCCESS(f"Handover scheduled: {report.scheduled}."))
            else:
                self.stdout.write(
                    self.style.SUCCESS(f"Nothing to do: the handover is already scheduled ({report.scheduled}).")
                )
            return
        if not report.changed:
            self.stdout.write(
                self.style.SUCCESS(f"Nothing to do: the handover to {report.incoming} is already complete.")
            )
            return
        for line in report.changes:
            self.stdout.write(f"  {line}")
        outgoing = f"; {report.outgoing} archived" if report.outgoing else ""
        self.stdout.write(self.style.SUCCESS(f"Handover done: {report.incoming} is in place{outgoing}."))

    def confirm(self, options) -> None:
        """An early handover: say what will change and ask, unless --yes."""
        plan = handover_plan(options["country"], options["year"], effective=options["effective"])
        self.stdout.write("An early handover. What will change:")
        for line in plan:
            self.stdout.write(f"  - {line}")
        if options["confirmed"]:
            return
        if not options.get("interactive", True) or not self.stdin_is_a_terminal():
            raise CommandError("An early handover needs confirmation: run it again with --yes.")
        if input("Type yes to hand over early: ").strip().lower() != "yes":
            raise CommandError("Not confirmed: nothing was changed.")

    @staticmethod
    def stdin_is_a_terminal() -> bool:
        import sys

        return sys.stdin.isatty()
