from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresidenciesConfig(AppConfig):
    name = "hub.presidencies"
    label = "presidencies"
    verbose_name = _("Presidencies and accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
