import datetime

from django.core.management.base import BaseCommand, CommandError

from presidencies.handover import HandoverError, handover


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date in YYYY-MM-DD form: {value!r}") from None


class Command(BaseCommand):
    help = (
        "Hand the G20 over to the next presidency: create it from the blueprint with its groups and "
        "collection, archive the outgoing one and its accounts. One transaction; running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help='Short name ("United Kingdom") or ISO code (GB).')
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--start", type=_date, help="First day, YYYY-MM-DD (default: 1 December of year-1).")
        parser.add_argument("--end", type=_date, help="Last day, YYYY-MM-DD (default: 30 November).")

    def handle(self, *args, **options):
        try:
            report = handover(options["country"], options["year"], options["start"], options["end"])
        except HandoverError as error:
            raise CommandError(str(error)) from None
        if not report.changed:
            self.stdout.write(
                self.style.SUCCESS(f"Nothing to do: the handover to {report.incoming} is already complete.")
            )
            return
        for line in report.changes:
            self.stdout.write(f"  {line}")
        outgoing = f"; {report.outgoing} archived" if report.outgoing else ""
        self.stdout.write(self.style.SUCCESS(f"Handover done: {report.incoming} is in place{outgoing}."))
