"""Admin: right-of-reply requests listed for officers, newest first, filterable by status; and the latest
debunks on the home page."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from hub.pages.lookups import request_locale, section_page

from .models import DebunkPage, FactCheckIndexPage, ReviewRequest, ReviewRequestStatus
from .models.pages import readable_debunks


class ReviewRequestViewSet(SnippetViewSet):
    model = ReviewRequest
    icon = "mail"
    menu_label = _("Review requests")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["debunk", "name", "organisation", "status", "received_at"]
    list_filter = ["status"]
    search_fields = ["name", "organisation", "message"]


register_snippet(ReviewRequestViewSet)


class WaitingReviewRequestsPanel(Component):
    """The right-of-reply requests no officer has answered yet, oldest first (they wait longest)."""

    name = "waiting_review_requests"
    order = 160
    template_name = "factchecks/admin/waiting_review_requests_panel.html"

    def get_context_data(self, parent_context=None):
        waiting = ReviewRequest.objects.filter(
            status__in=[ReviewRequestStatus.NEW, ReviewRequestStatus.IN_REVIEW]
        ).select_related("debunk")
        return {"waiting": list(waiting.order_by("received_at")[:5]), "waiting_count": waiting.count()}


@hooks.register("construct_homepage_panels")
def add_waiting_review_requests_panel(request, panels):
    if request.user.has_perm("factchecks.change_reviewrequest"):
        panels.append(WaitingReviewRequestsPanel())


# --- What the core's templates show of fact-checks (slots of hub_tags) ----------------------

HOME_LATEST = 3


def latest_debunks(locale, count: int = HOME_LATEST) -> list[DebunkPage]:
    """The newest live, public debunks in ``locale`` where translated (else their original), without
    withdrawn ones."""
    return list(readable_debunks(locale)[:count])


@hooks.register("hub_slot_home_panels", order=20)
def latest_debunks_slot(context, heading_level: int = 2) -> str:
    """The latest debunks on the home page, after the latest statements."""
    request = context.get("request")
    locale = request_locale(request)
    debunks = latest_debunks(locale)
    if not debunks:
        return ""
    index = section_page(request, FactCheckIndexPage)
    return render_to_string(
        "factchecks/includes/home_panel.html",
        {"debunks": debunks, "index": index, "heading_level": heading_level},
        request=request,
    )
