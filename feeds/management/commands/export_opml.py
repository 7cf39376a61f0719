import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feeds.models import Source
from feeds.opml import write_opml


class Command(BaseCommand):
    help = "Write every source to an OPML 2.0 file ('-' for standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        data = write_opml(Source.objects.order_by("name"))
        if file == "-":
            sys.stdout.buffer.write(data)
            return
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory.")
        path.write_bytes(data)
        self.stderr.write(f"Wrote {Source.objects.count()} source(s) to {path}.")
