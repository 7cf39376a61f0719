"""The admin home for a presidency's officers: their section in each language, and what waits on them there.

A presidency editor's explorer starts at the tree's root (their rights span three language trees), which
says "pages created here will not be accessible"; this panel takes them to their own section instead.
Counts are made in a fixed number of queries, however many pages the sections hold.
"""

from __future__ import annotations

from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from hub.publishing.translation import stale_translations

from .access import presidencies_user_can_edit
from .models import PresidencyPage


def officer_sections(user) -> list[PresidencyPage]:
    """The presidency sections ``user`` may edit, every language, newest presidency first."""
    keys = presidencies_user_can_edit(user)
    if not keys:
        return []
    return list(
        PresidencyPage.objects.filter(translation_key__in=keys)
        .select_related("locale")
        .order_by("-year", "locale__language_code")
    )


def section_counts(user, sections: list[PresidencyPage]) -> dict[str, int]:
    """The officer's own drafts, what is scheduled to go live, what awaits review and the translations out
    of date inside ``sections`` (four queries, whatever the number of pages)."""
    if not sections:
        return {"drafts": 0, "scheduled": 0, "in_review": 0, "stale": 0}
    inside = Q()
    for section in sections:
        inside |= Q(path__startswith=section.path)
    pages = Page.objects.filter(inside)
    state = pages.aggregate(
        drafts=Count("pk", filter=Q(has_unpublished_changes=True, latest_revision__user=user)),
        scheduled=Count("pk", filter=Q(latest_revision__approved_go_live_at__isnull=False)),
    )
    # Workflow states point at pages by a text id (generic relation): the page ids are cast to text in
    # a subquery, so one query answers however many pages the sections hold.
    page_ids = pages.annotate(text_id=Cast("pk", CharField())).values("text_id")
    in_review = (
        WorkflowState.objects.active()
        .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page", object_id__in=page_ids)
        .count()
    )
    stale = stale_translations(pages).count()
    return {"drafts": state["drafts"], "scheduled": state["scheduled"], "in_review": in_review, "stale": stale}


class OfficerSectionsPanel(Component):
    name = "officer_sections"
    order = 50
    template_name = "presidencies/admin/officer_sections_panel.html"

    def __init__(self, request, sections: list[PresidencyPage]):
        self.request = request
        self.sections = sections

    def get_context_data(self, parent_context=None):
        return {
            "sections": self.sections,
            "counts": section_counts(self.request.user, self.sections),
        }
