"""Template tags the core templates load to show presidency content (the core never imports this app)."""

import re

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from hub.pages.lookups import page_ancestors
from hub.templatetags.hub_tags import request_locale

from ..models import OfficialAccount, PresidencyPage
from ..troika import presidencies_for_request, troika_for_request

register = template.Library()


@register.inclusion_tag("presidencies/includes/troika.html", takes_context=True)
def troika_panel(context, heading_level: int = 2):
    """Previous, current and next presidency in the visitor's language."""
    request = context.get("request")
    return {
        "troika": troika_for_request(request, request_locale(request).pk),
        "heading_level": heading_level,
        "request": request,
    }


@register.simple_tag(takes_context=True)
def presidency_of(context, page) -> PresidencyPage | None:
    """The presidency a page belongs to (itself, or its nearest presidency ancestor)."""
    if not isinstance(page, Page) or not page.pk:
        return None
    if isinstance(page, PresidencyPage):
        return page
    if page.depth <= 2:  # the tree's root and the home pages: presidencies sit below them
        return None
    request = context.get("request")
    # The ancestors are shared with the breadcrumbs; presidencies are read only under one.
    for ancestor in page_ancestors(request, page):
        model = ancestor.specific_class
        if model is not None and issubclass(model, PresidencyPage):
            for presidency in presidencies_for_request(request, ancestor.locale_id):
                if presidency.pk == ancestor.pk:
                    return presidency
            return ancestor.specific
    return None


@register.inclusion_tag("presidencies/includes/archive_banner.html", takes_context=True)
def archive_banner(context, page):
    """The banner on every page of an archived presidency."""
    presidency = presidency_of(context, page)
    return {"presidency": presidency if presidency and presidency.is_archived else None}


@register.inclusion_tag("presidencies/includes/footer_accounts.html")
def office_accounts():
    """The permanent office's active accounts, with rel="me" so platforms can verify them."""
    accounts = OfficialAccount.objects.of_office().filter(status="active").order_by("platform", "handle")
    return {"accounts": list(accounts)}


# Where a handle may wrap: before an "@" that is not the first character (a Mastodon server),
# after a "." or "/", and before a "_" or "-". Nowhere else: a handle is never broken mid-word.
_HANDLE_BREAKS = re.compile(r"(?<=.)(?=@)|(?<=[./])(?=.)|(?<=.)(?=[_-])")


@register.filter
def handle_breaks(handle: str) -> SafeString:
    """The handle, escaped, with ``<wbr>`` where it may wrap on a narrow card."""
    parts = _HANDLE_BREAKS.split(str(handle or ""))
    return format_html_join(mark_safe("<wbr>"), "{}", ((part,) for part in parts))  # noqa: S308 - a constant
