from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub import registry


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("G20 hub")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The core's own share; each domain adds its own from its apps.py.
        registry.smoke(
            urls=["/en/", "/fr/", "/es/", "/en/search/?q=G20", "/sitemap.xml", "/healthz", "/api/v1/"],
            counted=[
                "wagtailcore.Page",
                "wagtailcore.Revision",
                "wagtaildocs.Document",
                "wagtailimages.Image",
                "hub.Organisation",
                "hub.Topic",
                "auth.User",
            ],
        )
        registry.demo("hub.demo.content.load")
        registry.api_route("topics", "hub.rest.shared.TopicViewSet", basename="topic")
        registry.api_route("organisations", "hub.rest.shared.OrganisationViewSet", basename="organisation")
        registry.smoke(urls=["/api/v1/organisations/"])
        from hub.mfa import checks as mfa_checks  # noqa: F401 - registers the deploy check on the second factor
        from hub.publishing.pagecache import connect_signals
        from hub.rest import schema  # noqa: F401 - registers the schema's filter extension
        from hub.web import (
            checks,  # noqa: F401 - registers the deployment checks
            private_documents,
            sessions,  # noqa: F401 - starts a session's clocks on every sign-in
        )

        connect_signals()
        private_documents.connect_signals()
