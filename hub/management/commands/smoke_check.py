"""Smoke test of a running copy (a restored backup, a fresh deployment): public pages, feeds and the
API answer, every stored document and image file is there, and the content counts are what they were.

    python manage.py smoke_check                         # checks, prints a table, exits 1 on a failure
    python manage.py smoke_check --write-counts src.json # also record the counts (before a backup)
    python manage.py smoke_check --expect-counts src.json  # and compare with them (after a restore)
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from hub import registry


def smoke_urls() -> list[str]:
    """What every domain asked to be fetched (``hub.registry.smoke``, from its ``apps.py``)."""
    return registry.smoke_urls()


def content_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in registry.counted_models()}


def missing_files() -> list[str]:
    """Documents and images whose file is not in storage (a backup without its media)."""
    missing = []
    for label in ("wagtaildocs.Document", "wagtailimages.Image"):
        for item in apps.get_model(label).objects.all():
            if not item.file or not item.file.storage.exists(item.file.name):
                missing.append(f"{label} {item.pk}: {item.file.name}")
    return missing


class Command(BaseCommand):
    help = "Check that public pages, feeds, the API and stored files answer; compare content counts."

    def add_arguments(self, parser):
        parser.add_argument("--write-counts", metavar="FILE", help="Write the content counts to FILE (JSON).")
        parser.add_argument("--expect-counts", metavar="FILE", help="Fail unless the counts equal those in FILE.")
        parser.add_argument("--host", default="", help="Host header to send (default: the first ALLOWED_HOSTS name).")

    def handle(self, *args, **options):
        host = options["host"] or next((name for name in settings.ALLOWED_HOSTS if "*" not in name), "localhost")
        client = Client(HTTP_HOST=host, secure=True)
        failures = []
        for url in smoke_urls():
            response = client.get(url)
            ok = response.status_code == 200
            self.stdout.write(f"{response.status_code}  {url}")
            if not ok:
                failures.append(f"{url} answered {response.status_code}")
        files = missing_files()
        failures += [f"missing file: {name}" for name in files]
        self.stdout.write(f"stored files checked, {len(files)} missing")
        counts = content_counts()
        if options["write_counts"]:
            Path(options["write_counts"]).write_text(json.dumps(counts, indent=1, sort_keys=True) + "\n")
        if options["expect_counts"]:
            expected = json.loads(Path(options["expect_counts"]).read_text())
            for label, value in sorted(expected.items()):
                if counts.get(label) != value:
                    failures.append(f"{label}: {counts.get(label)} now, {value} expected")
        for label, value in sorted(counts.items()):
            self.stdout.write(f"{value:>7}  {label}")
        if failures:
            raise CommandError("Smoke check failed:\n  " + "\n  ".join(failures))
        self.stdout.write(self.style.SUCCESS("Smoke check passed."))
