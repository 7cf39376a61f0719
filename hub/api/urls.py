"""The one API router. Each app registers its viewsets here from its own ``api.py``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.response import Response
from rest_framework.reverse import reverse

from factchecks import api as factchecks_api
from feeds import api as feeds_api
from hub.library import api as library_api
from hub.presidencies import api as presidencies_api
from hub.roundtable import api as roundtable_api
from hub.statements import api as statements_api

from . import shared


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


router = HubRouter()
router.register("topics", shared.TopicViewSet, basename="topic")
# The core's organisations, with their roundtable membership (logo, representatives).
router.register("organisations", roundtable_api.RoundtableOrganisationViewSet, basename="organisation")
router.register("presidencies", presidencies_api.PresidencyViewSet, basename="presidency")
router.register("accounts", presidencies_api.OfficialAccountViewSet, basename="account")
router.register("statements", statements_api.StatementViewSet, basename="statement")
router.register("library", library_api.LibraryItemViewSet, basename="library-item")
router.register("debunks", factchecks_api.DebunkViewSet, basename="debunk")
router.register("outlets", factchecks_api.OutletViewSet, basename="outlet")
router.register("items", feeds_api.ItemViewSet, basename="feed-item")
router.register("sources", feeds_api.SourceViewSet, basename="feed-source")
router.register("meetings", roundtable_api.MeetingViewSet, basename="meeting")
router.register("commitments", roundtable_api.CommitmentViewSet, basename="commitment")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Before the router, whose format-suffix patterns would otherwise take "export.csv" as ?format=csv.
    path("debunks/export.csv", factchecks_api.export_csv, name="debunks-export-csv"),
    path("debunks/export.jsonl", factchecks_api.export_jsonl, name="debunks-export-jsonl"),
    path("", include(router.urls)),
]
