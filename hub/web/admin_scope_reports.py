"""Admin reports and APIs that would show an officer other presidencies' work (see admin_scope.py).

* Wagtail's "Page types usage" report names, for each page type, the page last edited with it, whichever
  presidency's it is and under its draft title; wagtail-localize's "Translations" report lists every
  translated page and snippet of the site. Both read the whole site, as the office does: they are the
  office's (and superusers') reports, refused to everyone else and left out of their Reports menu.
* wagtail-localize's snippet API (its translation editor reads a chosen snippet's title and edit link
  from it) answered every row of any snippet model to any admin user: here, only the rows the model's
  permission policy lets the user view or change.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.permissions import policy_registry
from wagtail_localize.views.report import TranslationsReportView
from wagtail_localize.views.snippets_api import SnippetViewSet

from hub.publishing.office import is_office_member

# Paths under /admin/ (Wagtail's and wagtail-localize's), given here: the URLconf cannot reverse itself.
OFFICE_REPORTS = {
    "reports/page-types-usage/": PageTypesUsageReportView.as_view(),
    "reports/page-types-usage/results/": PageTypesUsageReportView.as_view(results_only=True),
    "localize/reports/translations/": TranslationsReportView.as_view(),
    "localize/reports/translations/results/": TranslationsReportView.as_view(results_only=True),
}
OFFICE_MENU_REPORTS = ("wagtailadmin_reports:page_types_usage", "wagtail_localize:translations_report")


def office_only(view):
    """``view`` for the office and superusers; 403 for anyone else."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_office_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def office_report_routes() -> list[tuple[str, object]]:
    """(path under /admin/, view) of the office's reports, to sit in front of the same addresses."""
    return [(route, office_only(view)) for route, view in OFFICE_REPORTS.items()]


def hide_office_reports(request, menu_items) -> None:
    """Leave the office's reports out of anyone else's Reports menu (matched by address: names are
    translated labels)."""
    if is_office_member(request.user):
        return
    hidden = {reverse(name) for name in OFFICE_MENU_REPORTS}
    menu_items[:] = [item for item in menu_items if item.url not in hidden]


class ScopedSnippetViewSet(SnippetViewSet):
    """The snippets of a model the user may view or change under its permission policy (owner-scoped
    for official accounts); any other row is not found."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.get_model())
        return policy.instances_user_has_any_permission_for(self.request.user, ["view", "change"]).order_by("pk")
