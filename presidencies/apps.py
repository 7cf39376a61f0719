from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub import registry


class PresidenciesConfig(AppConfig):
    name = "presidencies"
    label = "presidencies"
    verbose_name = _("Presidencies and accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        registry.purge_on("presidencies.officialaccount", "presidencies.accountidentifier")
        registry.smoke(
            urls=["/en/accounts/", "/api/v1/presidencies/"],
            counted=["presidencies.PresidencyPage", "presidencies.OfficialAccount"],
        )
        registry.demo("presidencies.demo.load", after=["hub"])
        registry.api_route("presidencies", "presidencies.api.PresidencyViewSet", basename="presidency")
        registry.api_route("accounts", "presidencies.api.OfficialAccountViewSet", basename="account")
        # Moderators publish: a second factor after their password (hub.mfa.rules).
        from .access import MODERATORS_GROUP_PATTERN

        registry.second_factor_groups(pattern=MODERATORS_GROUP_PATTERN)
        from . import signal_handlers  # noqa: F401
