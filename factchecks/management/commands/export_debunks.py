from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factchecks.exchange import export_queryset, write_export


class Command(BaseCommand):
    help = (
        "Export every live, public debunk (all languages) as CSV or JSON Lines, in the format import_debunks "
        "reads. CSV cells a spreadsheet would run as formulas are escaped. FILE '-' writes to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "jsonl"], required=True)
        parser.add_argument("file")

    def handle(self, *args, format: str, file: str, **options):
        if file == "-":
            count = write_export(format, export_queryset(), self.stdout)
        else:
            path = Path(file)
            if not path.parent.is_dir():
                raise CommandError(f"{path.parent} is not a directory.")
            with path.open("w", encoding="utf-8", newline="") as stream:
                count = write_export(format, export_queryset(), stream)
        self.stderr.write(f"Exported {count} debunk(s).")
