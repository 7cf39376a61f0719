from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub import registry


class StatementsConfig(AppConfig):
    name = "statements"
    label = "statements"
    verbose_name = _("Statements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        registry.own_feed("statements.StatementIndexPage")
        registry.smoke(
            urls=["/en/statements/", "/en/statements/rss/", "/api/v1/statements/"], counted=["statements.StatementPage"]
        )
        registry.demo("statements.demo.load", after=["presidencies"])
        registry.api_route("statements", "statements.api.StatementViewSet", basename="statement")
