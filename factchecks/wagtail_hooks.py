"""Admin: right-of-reply requests listed for officers, newest first, filterable by status."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ReviewRequest


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
