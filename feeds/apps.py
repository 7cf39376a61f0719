from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub import registry


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = _("Feed aggregator")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        registry.purge_on("feeds.source", "feeds.feeditem")
        registry.smoke(
            urls=["/en/newsroom/", "/en/newsroom/json/", "/api/v1/items/"], counted=["feeds.Source", "feeds.FeedItem"]
        )
        registry.demo("feeds.demo.load", after=["hub"])
        registry.api_route("items", "feeds.api.ItemViewSet", basename="feed-item")
        registry.api_route("sources", "feeds.api.SourceViewSet", basename="feed-source")
