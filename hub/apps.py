from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("G20 hub")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .pagecache import connect_signals

        connect_signals()
