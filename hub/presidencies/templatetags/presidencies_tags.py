"""Template tags the core templates load to show presidency content (the core never imports this app)."""

from django import template
from wagtail.models import Locale, Page

from ..models import OfficialAccount, PresidencyPage
from ..troika import troika_for_locale

register = template.Library()


@register.inclusion_tag("presidencies/includes/troika.html", takes_context=True)
def troika_panel(context, heading_level: int = 2):
    """Previous, current and next presidency in the visitor's language."""
    return {
        "troika": troika_for_locale(Locale.get_active().pk),
        "heading_level": heading_level,
        "request": context.get("request"),
    }


@register.simple_tag
def presidency_of(page) -> PresidencyPage | None:
    """The presidency a page belongs to (itself, or its nearest presidency ancestor)."""
    if not isinstance(page, Page) or not page.pk:
        return None
    if isinstance(page, PresidencyPage):
        return page
    return PresidencyPage.objects.ancestor_of(page).first()


@register.inclusion_tag("presidencies/includes/archive_banner.html")
def archive_banner(page):
    """The banner on every page of an archived presidency."""
    presidency = presidency_of(page)
    return {"presidency": presidency if presidency and presidency.is_archived else None}


@register.inclusion_tag("presidencies/includes/footer_accounts.html")
def office_accounts():
    """The permanent office's active accounts, with rel="me" so platforms can verify them."""
    accounts = OfficialAccount.objects.of_office().filter(status="active").order_by("platform", "handle")
    return {"accounts": list(accounts)}
