"""Small helpers shared by every app."""

from django.http import HttpRequest
from wagtail.models import Page


def absolute_page_url(page: Page, request: HttpRequest | None) -> str:
    """The page's absolute URL as the client reached us (host and scheme of the request)."""
    if request is None:
        return page.get_full_url() or ""
    return request.build_absolute_uri(page.get_url(request))
