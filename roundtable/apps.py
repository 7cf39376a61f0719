from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub import registry


class RoundtableConfig(AppConfig):
    name = "roundtable"
    label = "roundtable"
    verbose_name = _("Roundtable")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import public_pages_of

        registry.purge_on(
            "roundtable.roundtablemember",
            "roundtable.minutes",
            "roundtable.commitment",
            "roundtable.progressupdate",
            "roundtable.consultationsubmission",
            pages=public_pages_of,
        )
        registry.smoke(
            urls=[
                "/en/roundtable/",
                "/en/roundtable/commitments/",
                "/en/roundtable/calendar.ics",
                "/en/roundtable/rss/",
                "/en/roundtable/commitments/rss/",
                "/api/v1/meetings/",
                "/api/v1/commitments/",
                "/api/v1/consultations/",
            ],
            counted=[
                "roundtable.RoundtableMeetingPage",
                "roundtable.Minutes",
                "roundtable.Commitment",
                "roundtable.ConsultationPage",
                "roundtable.ConsultationSubmission",
            ],
        )
        registry.demo("roundtable.demo.load", after=["hub"])
        # The core's organisations, with their roundtable membership (logo, representatives).
        registry.api_route("organisations", "roundtable.api.RoundtableOrganisationViewSet", basename="organisation")
        registry.api_route("meetings", "roundtable.api.MeetingViewSet", basename="meeting")
        registry.api_route("commitments", "roundtable.api.CommitmentViewSet", basename="commitment")
        registry.api_route("consultations", "roundtable.consultations_api.ConsultationViewSet", basename="consultation")
        # Chairs approve minutes and moderators read contributors' personal data: a second factor (hub.mfa.rules).
        from .access import CHAIRS_GROUP, MODERATORS_GROUP

        registry.second_factor_groups(CHAIRS_GROUP, MODERATORS_GROUP)
        from . import signal_handlers  # noqa: F401
