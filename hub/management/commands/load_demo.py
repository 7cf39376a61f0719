import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load demo content: the core's pages, topics and organisations, then each app's demo.py. "
        "Idempotent: running it twice changes nothing."
    )

    def handle(self, *args, **options):
        modules = []
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if importlib.util.find_spec(name) is not None:
                modules.append(importlib.import_module(name))
        with transaction.atomic():
            for module in modules:
                self.stdout.write(f"Loading demo content from {module.__name__} ...")
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
