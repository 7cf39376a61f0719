from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from factchecks.importing import ImportFailed, import_file


class Command(BaseCommand):
    help = (
        "Import debunks from a CSV or JSON Lines file (format: docs/debunk-format.md). Every row is checked "
        "first; if any row is bad, nothing is imported and every error is listed with its line and field. "
        "Rows are matched by case id and language, so importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv", "jsonl"], help="Default: from the file name (.jsonl or .csv).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, file: Path, format=None, dry_run=False, no_progress=False, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a readable file.")

        def progress(records):
            return tqdm(records, desc="Importing", unit="debunk", file=self.stderr, disable=no_progress)

        try:
            report = import_file(file, format, progress=progress, dry_run=dry_run)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(f"{file}: {error}")
            raise CommandError(
                f"{len(failure.errors)} error(s) in {len({e.line for e in failure.errors})} row(s); "
                "nothing was imported."
            ) from None
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"{report.unchanged} row(s) checked: no errors. Nothing written."))
            return
        for name in report.outlets_created:
            self.stdout.write(f"New outlet: {name}")
        self.stdout.write(
            self.style.SUCCESS(f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged.")
        )
