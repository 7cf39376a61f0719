"""Views for tests/hub/test_pagecache.py: answers the page cache must never share."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import cache_control

from hub import urls as hub_urls


def form(request):
    return HttpResponse(
        f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}"></form>'
    )


@cache_control(private=True)
def private(request):
    return HttpResponse("yours")


def cookie(request):
    response = HttpResponse("with a cookie")
    response.set_cookie("seen", "1")
    return response


def vary_accept(request):
    response = HttpResponse("{}" if "json" in request.headers.get("Accept", "") else "<p></p>")
    response["Vary"] = "Accept"
    return response


def session(request):
    request.session["visited"] = True
    return HttpResponse("remembered")


urlpatterns = [
    path("en/form/", form),
    path("en/private/", private),
    path("en/cookie/", cookie),
    path("en/vary-accept/", vary_accept),
    path("en/session/", session),
] + hub_urls.urlpatterns
