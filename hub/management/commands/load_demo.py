"""``load_demo``: every domain's demo content, in the order the domains asked for (``hub.registry.demo``).

It prints one line per kind of content that changed and a summary; the loaders' own step-by-step
notes (and the page cache's purge log) are shown with ``--verbosity 2`` only.
"""

import io
import logging
from contextlib import contextmanager

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from hub import registry


@contextmanager
def quiet_loggers(*names: str):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def counts(labels: list[str]) -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in labels}


class Command(BaseCommand):
    help = (
        "Load demo content: the core's pages, topics and organisations, then each domain's demo. "
        "Idempotent: running it twice changes nothing."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 2
        labels = registry.counted_models()
        before = counts(labels)
        notes = self.stdout if verbose else io.StringIO()
        with quiet_loggers() if verbose else quiet_loggers("hub", "wagtail", "feeds"), transaction.atomic():
            for loader in registry.demo_loaders():
                if verbose:
                    self.stdout.write(f"Loading demo content from {loader.load} ...")
                import_string(loader.load)(notes)
        after = counts(labels)
        changed = 0
        for label in labels:
            added = after[label] - before[label]
            if added:
                changed += 1
                name = apps.get_model(label)._meta.verbose_name_plural
                self.stdout.write(f"  {name}: {after[label]} ({added:+d})")
        summary = ", ".join(f"{after[label]} {apps.get_model(label)._meta.verbose_name_plural}" for label in labels)
        self.stdout.write(f"In all: {summary}." if changed else f"Nothing to change; in all: {summary}.")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
