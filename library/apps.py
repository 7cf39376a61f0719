from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub import registry


class LibraryConfig(AppConfig):
    name = "library"
    label = "library"
    verbose_name = _("Library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        registry.smoke(urls=["/en/library/", "/api/v1/library/"], counted=["library.LibraryItemPage"])
        registry.demo("library.demo.load", after=["presidencies"])
        registry.api_route("library", "library.api.LibraryItemViewSet", basename="library-item")
