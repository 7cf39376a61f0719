"""The bench URLconf (hub.settings.bench): the whole site, plus the reference every page is measured against.

``/_bench/limit`` answers a constant 20,480-byte HTML page through the same middleware and the same
gunicorn as the pages: no template, no database, no cache. What a page costs beyond it is the page's own
cost. It is marked never-cache so the page cache never stands in for it: the limit stays a view in the
cached run too.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from hub.urls import handler400, handler404, handler500
from hub.urls import urlpatterns as hub_urlpatterns

LIMIT_BYTES = 20 * 1024
_HEAD = b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>limit</title></head><body><p>"
_TAIL = b"</p></body></html>\n"
LIMIT_BODY = _HEAD + b"x" * (LIMIT_BYTES - len(_HEAD) - len(_TAIL)) + _TAIL


@never_cache
def limit(request: HttpRequest) -> HttpResponse:
    return HttpResponse(LIMIT_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("_bench/limit", limit, name="bench_limit"), *hub_urlpatterns]

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
