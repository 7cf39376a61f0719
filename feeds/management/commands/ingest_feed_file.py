from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feeds.ingest import ingest
from feeds.models import Source
from feeds.parsing import ParseError, parse


class Command(BaseCommand):
    help = "Ingest a saved feed document for a source, through the same parse and ingest path as polling."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, required=True, help="The source's id.")
        parser.add_argument("path", type=Path)

    def handle(self, *args, source: int, path: Path, **options):
        found = Source.objects.filter(pk=source).first()
        if found is None:
            raise CommandError(f"There is no source {source}.")
        if not path.is_file():
            raise CommandError(f"{path} is not a readable file.")
        try:
            parsed = parse(path.read_bytes(), base_url=found.site_url or found.feed_url)
        except ParseError as error:
            raise CommandError(f"{path}: {error.message}") from None
        report = ingest(found, parsed)
        self.stdout.write(self.style.SUCCESS(f"{found.name}: {report}."))
