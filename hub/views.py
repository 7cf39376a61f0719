"""Site-wide views that are not pages: health, robots.txt, search and error pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from .health import run_checks
from .listing import MAX_QUERY_LENGTH, clean_search_text

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
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
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
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered with the bare minimum: the database or a template may be what failed.
    return render(request, "500.html", {"request": request, "settings": settings}, status=500)
