"""Admin wiring of the roundtable: members, minutes, commitments and the consultation moderation
queue under one menu; the meeting workflow in the page's action menu; private attachment access; and the
next meeting on the home page."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hub.listings.languages import in_language
from hub.pages.lookups import exclude_private, request_locale, section_page

from . import admin_views
from .models import (
    Commitment,
    ConsultationSubmission,
    Minutes,
    RoundtableIndexPage,
    RoundtableMeetingPage,
    RoundtableMember,
    SubmissionStatus,
)


class MemberViewSet(SnippetViewSet):
    model = RoundtableMember
    icon = "group"
    menu_label = _("Members")
    list_display = ["organisation", "joined_on", "updated_at"]
    search_fields = ["organisation__name"]


class MinutesViewSet(SnippetViewSet):
    model = Minutes
    icon = "doc-full"
    menu_label = _("Minutes")
    list_display = ["meeting", "status", "updated_at"]
    list_filter = ["status"]

    def get_queryset(self, request):
        return Minutes.objects.select_related("meeting")


class CommitmentViewSet(SnippetViewSet):
    model = Commitment
    icon = "tick"
    menu_label = _("Commitments")
    list_display = ["text", "owner", "due_date", "status", "progress"]
    list_filter = ["status", "owner__kind"]
    search_fields = ["text"]
    panels = [FieldPanel("meeting"), *Commitment.panels[1:]]

    def get_queryset(self, request):
        return Commitment.objects.select_related("owner", "meeting")


class SubmissionDetailsPanel(Panel):
    """What the submitter sent, read-only, with the private attachment for moderators."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "roundtable/admin/submission_details.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            submission = self.instance
            context["submission"] = submission
            if submission.pk and submission.attachment:
                context["attachment_url"] = reverse("roundtable_submission_attachment", args=[submission.pk])
            if submission.pk and submission.contact_email:
                context["erase_url"] = reverse("roundtable_erase_submitter") + "?email=" + submission.contact_email
            return context


class SubmissionViewSet(SnippetViewSet):
    model = ConsultationSubmission
    icon = "form"
    menu_label = _("Consultation submissions")
    list_display = ["organisation_name", "consultation", "status", "consent_to_publish", "received_at"]
    list_filter = ["status", "consent_to_publish", "consultation"]
    search_fields = ["organisation_name"]
    add_to_admin_menu = False
    panels = [
        SubmissionDetailsPanel(heading=_("Submission")),
        FieldPanel("status"),
        FieldPanel("moderation_note"),
    ]

    def get_queryset(self, request):
        return ConsultationSubmission.objects.select_related("consultation")


class RoundtableViewSetGroup(SnippetViewSetGroup):
    items = (MemberViewSet, MinutesViewSet, CommitmentViewSet, SubmissionViewSet)
    menu_icon = "group"
    menu_label = _("Roundtable")
    menu_name = "roundtable"
    menu_order = 330


register_snippet(RoundtableViewSetGroup)


@hooks.register("register_admin_urls")
def register_roundtable_urls():
    return [
        path(
            "roundtable/meetings/<int:page_id>/workflow/",
            admin_views.meeting_workflow,
            name="roundtable_meeting_workflow",
        ),
        path(
            "roundtable/submissions/<int:pk>/attachment/",
            admin_views.submission_attachment,
            name="roundtable_submission_attachment",
        ),
        path(
            "roundtable/consultations/<int:page_id>/submissions.csv",
            admin_views.submissions_csv,
            name="roundtable_submissions_csv",
        ),
        path("roundtable/submissions/erase/", admin_views.erase_submitter, name="roundtable_erase_submitter"),
    ]


@hooks.register("register_page_action_menu_item")
def register_workflow_menu_item():
    return admin_views.MeetingWorkflowMenuItem()


@hooks.register("after_edit_snippet")
def record_moderation(request, instance):
    if isinstance(instance, ConsultationSubmission) and instance.status != SubmissionStatus.NEW:
        ConsultationSubmission.objects.filter(pk=instance.pk).update(
            moderated_at=timezone.now(), moderated_by=request.user
        )


@hooks.register("register_log_actions")
def register_roundtable_log_actions(actions):
    actions.register_action("roundtable.held", _("Mark meeting as held"), _("Meeting marked as held"))
    actions.register_action("roundtable.minutes_started", _("Start minutes"), _("Minutes started"))
    actions.register_action("roundtable.minutes_circulated", _("Circulate minutes"), _("Minutes circulated"))
    actions.register_action("roundtable.minutes_approved", _("Approve minutes"), _("Minutes approved"))
    actions.register_action("roundtable.minutes_published", _("Publish minutes"), _("Minutes published"))


# --- What the core's templates show of the roundtable (slots of hub_tags) -------------------


def next_meeting(locale) -> RoundtableMeetingPage | None:
    """The live, public meeting that has not ended and starts soonest, in ``locale`` where translated
    (else its original)."""
    meetings = in_language(exclude_private(RoundtableMeetingPage.objects.live()), locale)
    return meetings.filter(end__gte=timezone.now()).order_by("start", "pk").first()


@hooks.register("hub_slot_home_panels", order=40)
def next_meeting_slot(context, heading_level: int = 2) -> str:
    """The next roundtable meeting on the home page, after the latest statements, debunks and news."""
    request = context.get("request")
    locale = request_locale(request)
    meeting = next_meeting(locale)
    if meeting is None:
        return ""
    index = section_page(request, RoundtableIndexPage)
    return render_to_string(
        "roundtable/includes/home_panel.html",
        {"meeting": meeting, "index": index, "heading_level": heading_level},
        request=request,
    )
