"""The one API router, at ``/api/v1/``: the core's endpoints and whatever each domain registered from its own
``apps.py`` (``hub.registry.api_route`` and ``api_path``). Nothing imports this module but ``hub/urls.py``."""

from django.core.exceptions import ImproperlyConfigured
from django.urls import include, path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.response import Response
from rest_framework.reverse import reverse

from hub import registry
from hub.rest.viewsets import ReadOnlyViewSet


class HubAPIRootView(routers.APIRootView):
    """The G20 Communications Hub API: read-only, paginated, documented at docs/."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        data = dict(response.data)
        data["schema"] = reverse("api-schema", request=request)
        data["docs"] = reverse("api-docs", request=request)
        return Response(data)


class HubRouter(routers.DefaultRouter):
    APIRootView = HubAPIRootView

    def register(self, prefix, viewset, basename=None):
        # Every detail route answers 404, never 500, to an id no row can have (see ReadOnlyViewSet).
        if not issubclass(viewset, ReadOnlyViewSet):
            raise ImproperlyConfigured(f"{viewset.__qualname__} must derive from hub.rest.viewsets.ReadOnlyViewSet.")
        super().register(prefix, viewset, basename)


router = HubRouter()
for route in registry.api_routes():
    router.register(route.prefix, import_string(route.viewset), basename=route.basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Before the router, whose format-suffix patterns would otherwise take "export.csv" as ?format=csv.
    *(path(extra.route, import_string(extra.view), name=extra.name) for extra in registry.api_paths()),
    path("", include(router.urls)),
]
