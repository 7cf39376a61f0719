"""What the core's templates show of statements (slots of hub_tags)."""

from django.template.loader import render_to_string
from wagtail import hooks

from hub.pages.lookups import request_locale, section_page

from .models import StatementIndexPage, StatementPage, readable_statements

HOME_LATEST = 3


def latest_statements(locale, count: int = HOME_LATEST) -> list[StatementPage]:
    """The newest live, public statements in ``locale`` where translated (else their original), without
    withdrawn ones: what the home page leads with."""
    return list(readable_statements(locale)[:count])


@hooks.register("hub_slot_home_panels", order=10)
def latest_statements_slot(context, heading_level: int = 2) -> str:
    """The latest statements on the home page, first of its "what is new" panels."""
    request = context.get("request")
    locale = request_locale(request)
    statements = latest_statements(locale)
    if not statements:
        return ""
    index = section_page(request, StatementIndexPage)
    return render_to_string(
        "statements/includes/home_panel.html",
        {"statements": statements, "index": index, "heading_level": heading_level},
        request=request,
    )
