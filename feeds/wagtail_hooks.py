"""Admin: partner feed sources (with "Poll now"), their items (hide or feature), and a feed-health
panel on the dashboard; and the newsroom's latest items on the home page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hub.pages.lookups import section_page
from hub.templatetags.hub_tags import in_language_label

from .models import FeedItem, NewsroomPage, Source


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "link-external"
    menu_label = _("Feed sources")
    list_display = ["name", "kind", "active", "last_success_at", "consecutive_failures", "next_poll_at"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


class FeedItemViewSet(SnippetViewSet):
    model = FeedItem
    icon = "doc-full"
    menu_label = _("Feed items")
    list_display = ["title", "source", "published_at", "hidden", "featured"]
    list_filter = ["source", "hidden", "featured"]
    search_fields = ["title"]
    # Editors decide only whether an item shows and whether it is featured; its text is the partner's.
    panels = [FieldPanel("hidden"), FieldPanel("featured")]
    add_to_admin_menu = False

    def get_queryset(self, request):
        return FeedItem.objects.select_related("source")


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (SourceViewSet, FeedItemViewSet)
    menu_icon = "globe"  # Wagtail has no "rss" icon: the menu item showed none
    menu_label = _("Newsroom feeds")
    menu_name = "newsroom-feeds"
    menu_order = 320


register_snippet(NewsroomViewSetGroup)


@require_POST
def poll_now(request, source_id: int):
    from .tasks import poll_source

    if not request.user.has_perm("feeds.change_source"):
        raise PermissionDenied
    source = get_object_or_404(Source, pk=source_id)
    result = poll_source.delay(source.pk)
    if result.ready():  # eager (development): the poll already ran
        source.refresh_from_db()
        if source.consecutive_failures:
            messages.error(
                request, _("Polling “%(name)s” failed: %(error)s") % {"name": source.name, "error": source.last_error}
            )
        else:
            messages.success(request, _("“%(name)s” was polled.") % {"name": source.name})
    else:
        messages.success(request, _("“%(name)s” will be polled in a moment.") % {"name": source.name})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(reverse("wagtailsnippets_feeds_source:edit", args=[source.pk]))


@hooks.register("register_admin_urls")
def register_poll_url():
    return [path("feeds/sources/<int:source_id>/poll/", poll_now, name="feeds_poll_now")]


class PollNowMenuItem(ActionMenuItem):
    label = _("Poll now")
    name = "action-poll-now"
    icon_name = "rotate"
    template_name = "feeds/admin/poll_now_menu_item.html"
    order = 90

    def is_shown(self, context):
        return context.get("view") == "edit" and context["request"].user.has_perm("feeds.change_source")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["poll_url"] = reverse("feeds_poll_now", args=[parent_context["instance"].pk])
        return context


@hooks.register("register_snippet_action_menu_item")
def register_poll_now_menu_item(model):
    return PollNowMenuItem() if model is Source else None


class FeedHealthPanel(Component):
    name = "feed_health"
    order = 150
    template_name = "feeds/admin/feed_health_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        failing = Source.objects.filter(active=True, consecutive_failures__gt=0).order_by(
            "-consecutive_failures", "name"
        )
        # One query for the counts: a source never polled is neither healthy nor failing.
        counts = Source.objects.filter(active=True).aggregate(
            active=Count("pk"),
            failing=Count("pk", filter=Q(consecutive_failures__gt=0)),
            never_polled=Count("pk", filter=Q(last_attempt_at__isnull=True)),
            healthy=Count("pk", filter=Q(consecutive_failures=0, last_success_at__isnull=False)),
        )
        return {
            "failing": list(failing[:10]),
            "failing_count": counts["failing"],
            "active_count": counts["active"],
            "never_polled_count": counts["never_polled"],
            "healthy_count": counts["healthy"],
            "can_poll": self.request.user.has_perm("feeds.change_source"),
            "request": self.request,
            "csrf_token": parent_context.get("csrf_token") if parent_context else None,
        }


@hooks.register("construct_homepage_panels")
def add_feed_health_panel(request, panels):
    if request.user.has_perm("feeds.view_source") or request.user.has_perm("feeds.change_source"):
        panels.append(FeedHealthPanel(request))


# --- What the core's templates show of the newsroom (slots of hub_tags) ---------------------

HOME_LATEST = 3


def latest_items(count: int = HOME_LATEST) -> list[FeedItem]:
    """The newest items the newsroom shows (each once, hidden ones left out), with their source."""
    return list(FeedItem.objects.shown().select_related("source")[:count])


def language_note(code: str) -> str:
    """ "In French" for an item in another language than the reader's; "" for the reader's own or none."""
    primary = (code or "").split("-")[0].lower()
    if not primary or primary == (translation.get_language() or "").split("-")[0]:
        return ""
    try:
        return in_language_label(primary)
    except KeyError:  # a code Django does not know: say it as the source did
        return code


@hooks.register("hub_slot_home_panels", order=30)
def latest_newsroom_slot(context, heading_level: int = 2) -> str:
    """The newsroom's latest items on the home page, after statements and debunks. Partners' items are
    not translated: each one in another language than the reader's says which."""
    request = context.get("request")
    items = latest_items()
    if not items:
        return ""
    newsroom = section_page(request, NewsroomPage)
    return render_to_string(
        "feeds/includes/home_panel.html",
        {
            "items": [(item, language_note(item.language)) for item in items],
            "newsroom": newsroom,
            "heading_level": heading_level,
        },
        request=request,
    )
