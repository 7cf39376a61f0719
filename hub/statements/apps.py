from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "hub.statements"
    label = "statements"
    verbose_name = _("Statements")
    default_auto_field = "django.db.models.BigAutoField"
