from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub import registry


class FactchecksConfig(AppConfig):
    name = "factchecks"
    verbose_name = _("Fact-checks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        registry.own_feed("factchecks.FactCheckIndexPage")
        registry.purge_on("factchecks.outlet")
        registry.smoke(
            urls=["/en/fact-checks/", "/en/fact-checks/atom/", "/api/v1/debunks/"], counted=["factchecks.DebunkPage"]
        )
        registry.demo("factchecks.demo.load", after=["statements"])
        registry.api_route("debunks", "factchecks.api.DebunkViewSet", basename="debunk")
        registry.api_route("outlets", "factchecks.api.OutletViewSet", basename="outlet")
        registry.api_path("debunks/export.csv", "factchecks.api.export_csv", name="debunks-export-csv")
        registry.api_path("debunks/export.jsonl", "factchecks.api.export_jsonl", name="debunks-export-jsonl")
        from . import signal_handlers  # noqa: F401
