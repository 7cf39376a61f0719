"""Site-wide views that are not pages: health, robots.txt, search and error pages."""

import sys
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from hub.listings.indexes import MAX_QUERY_LENGTH, clean_search_text
from hub.listings.languages import in_language
from hub.web.health import run_checks

SEARCH_PAGE_SIZE = 10


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise; each dependency reported by name."""
    report, healthy = run_checks()
    return JsonResponse(report, status=200 if healthy else 503)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over every public page in the visitor's language."""
    raw = request.GET.get("q", "")
    error = ""
    if len(raw.strip()) > MAX_QUERY_LENGTH:
        error = _("Your search is too long. Use at most %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH}
    # The same cleaning as every listing's ?q= (control characters and quotes break full-text parsers).
    query = clean_search_text(raw)
    results_page = None
    if query:
        # In the visitor's language where a page is translated, else its original (marked in the results).
        pages = in_language(Page.objects.live().public(), Locale.get_active()).specific().search(query)
        paginator = Paginator(pages, SEARCH_PAGE_SIZE)
        try:
            results_page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results_page = paginator.page(1)
        except EmptyPage:
            results_page = paginator.page(paginator.num_pages)
    response = render(
        request,
        "hub/search.html",
        {
            "search_query": query,
            "search_query_prefix": urlencode({"q": query}) + "&",
            "search_results": results_page,
            "search_error": error,
        },
        status=400 if error else 200,
    )
    return response


def serve_page_file(request: HttpRequest, path: str) -> HttpResponse:
    """``/<lang>/…/calendar.ics``: a page's route that is a file, served by Wagtail as ``…/calendar.ics/``."""
    from wagtail.views import serve

    return serve(request, path + "/")


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """A request Django refused before any view saw it; a body over the upload limit gets its own answer.
    Rendered with the bare minimum, like the 500 page: the host itself may be what was refused."""
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = _(
            "What you sent is too large (the limit is %(limit)s), so nothing was saved. Shorten your answers "
            "or attach long texts as a file, then send the form again."
        ) % {"limit": limit}
        return _bare_error(request, _("Request too large"), message, 413)
    return _bare_error(request, _("Request not accepted"), _("The request could not be understood."), 400)


def _bare_error(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    return render(request, "400.html", {"title": title, "message": message}, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (expired page, blocked cookies): say so, nothing was saved."""
    message = _(
        "Your form could not be accepted because its security check failed: the page may have been open too "
        "long, or your browser blocks cookies for this site. Nothing was saved. Go back, reload the page and "
        "send the form again."
    )
    return _bare_error(request, _("Form expired"), message, 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """The 404 page; under /api/ the JSON body the API's schema declares for 404, whatever the path."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


# How long a visitor (or a crawler, or the CDN) is asked to wait when the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """An uncaught error: 503 with Retry-After when the database could not be reached (a restart, a
    failover: it comes back by itself), the 500 page for anything else."""
    if _database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    # Rendered with the bare minimum: the database or a template may be what failed.
    return render(request, "500.html", {"request": request, "settings": settings}, status=500)


def _database_unreachable(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, is the database connection failing (not a bad query)."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def database_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """The plain 503 page, rendered without the request: no context processor (site settings, user,
    messages) may touch the database that just failed."""
    html = loader.render_to_string("503.html", {"retry_after": DATABASE_RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    # Never kept by the page cache or a CDN: the next request after the database returns gets the page.
    add_never_cache_headers(response)
    return response
