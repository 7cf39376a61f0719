from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from feeds.ingest import ingest
from feeds.models import Source
from feeds.parsing import ParseError, parse


class Command(BaseCommand):
    help = (
        "Ingest a saved feed document for a source, through the same parse and ingest path as polling "
        "(and with the same caps: FEEDS_MAX_BYTES, FEEDS_MAX_ENTRIES)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, required=True, help="The source's id.")
        parser.add_argument("path", type=Path)

    def handle(self, *args, source: int, path: Path, **options):
        found = Source.objects.filter(pk=source).first()
        if found is None:
            raise CommandError(f"There is no source {source}.")
        if not path.is_file():
            raise CommandError(f"{path} is not a readable file.")
        limit = settings.FEEDS_MAX_BYTES
        # One byte more than the cap tells a file at the cap from a larger one without reading the rest.
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise CommandError(f"{path} is larger than {limit // 1024} KB (FEEDS_MAX_BYTES), the cap for a feed.")
        try:
            parsed = parse(data, base_url=found.site_url or found.feed_url)
        except ParseError as error:
            raise CommandError(f"{path}: {error.message}") from None
        report = ingest(found, parsed)
        if report.notice:
            self.stderr.write(self.style.WARNING(f"{found.name}: {report.notice}"))
        self.stdout.write(self.style.SUCCESS(f"{found.name}: {report}."))
