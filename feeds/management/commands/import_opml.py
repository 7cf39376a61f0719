from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feeds.opml import read_opml
from feeds.parsing import ParseError


class Command(BaseCommand):
    help = "Add the feeds of an OPML file as sources. Addresses the fetcher would refuse are listed, not added."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a readable file.")
        try:
            report = read_opml(file.read_bytes())
        except ParseError as error:
            raise CommandError(f"{file}: {error.message}") from None
        for url in report.refused:
            self.stderr.write(f"Refused: {url}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.added)} added, {len(report.existing)} already there, {len(report.refused)} refused."
            )
        )
