"""Admin: right-of-reply requests listed for officers, newest first, filterable by status."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ReviewRequest, ReviewRequestStatus


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
