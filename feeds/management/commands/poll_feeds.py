from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from feeds.ingest import IngestReport
from feeds.models import Source
from feeds.polling import poll_source


class Command(BaseCommand):
    help = (
        "Poll partner feeds now, the same path Celery takes, without a worker: every active source, "
        "or one with --source. Prints a summary; exits 0 even when some sources fail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, help="Poll only this source (its id).")
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, source=None, no_progress=False, **options):
        sources = Source.objects.filter(active=True).order_by("pk")
        if source is not None:
            sources = Source.objects.filter(pk=source)
            if not sources.exists():
                raise CommandError(f"There is no source {source}.")
        totals = IngestReport()
        statuses: dict[str, int] = {}
        failures: list[str] = []
        for item in tqdm(list(sources), desc="Polling", unit="source", file=self.stderr, disable=no_progress):
            outcome = poll_source(item.pk)
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
            if outcome.report:
                for name in ("new", "updated", "unchanged", "duplicates", "skipped", "beyond_cap"):
                    setattr(totals, name, getattr(totals, name) + getattr(outcome.report, name))
            if outcome.failed:
                failures.append(f"{item.name} ({item.feed_url}): {outcome.error}")
        summary = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items())) or "no sources"
        self.stdout.write(f"Sources: {summary}.")
        self.stdout.write(f"Items: {totals}.")
        for failure in failures:
            self.stdout.write(self.style.WARNING(f"Failed: {failure}"))
