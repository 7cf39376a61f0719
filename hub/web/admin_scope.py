"""What the admin's page chooser and admin API show an officer of other people's work.

The explorer lists the pages an officer may explore (their own sections and the pages above them);
the image and document choosers, the collections they may choose from. Wagtail's page chooser and its
admin API (read by the explorer menu and by choosers' scripts) started from every page, image and
document: a presidency's never-published pages, draft titles, images and files showed to every other.

Here they show what the explorer and the media choosers show, plus other people's live public pages
under their live title: anyone can read those, and a statement may link to another presidency's page.
A draft of such a page (its title, that it exists, when it was saved) stays with those who may explore it.

The bulk actions' confirmation pages (delete, publish, unpublish, move) list the pages the user may not
act on by title: there, a page they may not explore is left out as if its id had not been sent.
"""

from __future__ import annotations

from functools import cache

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from wagtail.admin.views import chooser
from wagtail.admin.views.bulk_action import index as bulk_action_index
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry


def explorable_pages(user):
    """The pages the explorer shows ``user``: where they hold a page permission, and the pages above.

    Kept on the user object for the request, as Wagtail keeps their page permissions (building the
    queryset costs a query)."""
    if not hasattr(user, "_hub_explorable_pages"):
        user._hub_explorable_pages = policy_registry.get_by_type(Page).explorable_instances(user)
    return user._hub_explorable_pages


def choosable_pages(pages, user):
    """``pages`` narrowed to those ``user`` may see in the chooser: explorable, or live and public.

    One ``pk__in`` filter on an indexed field, so the chooser's search backend can apply it too."""
    if user.is_superuser:
        return pages
    visible = Page.objects.filter(
        Q(pk__in=explorable_pages(user).values("pk")) | Q(pk__in=Page.objects.live().public().values("pk"))
    )
    return pages.filter(pk__in=visible.values("pk"))


def show_as_published(page: Page) -> Page:
    """The page as an outsider sees it: its live title, no sign of a pending draft. In memory only."""
    page.draft_title = page.title
    page.has_unpublished_changes = False
    page.latest_revision_created_at = page.last_published_at
    return page


def _outsider_pks(table, user) -> set[int]:
    """The rows of ``table`` that ``user`` may not explore, found once per table (one query)."""
    if not hasattr(table, "hub_outsider_pks"):
        pks = {row.pk for row in table.data}
        if user.is_superuser:
            table.hub_outsider_pks = set()
        else:
            explorable = set(explorable_pages(user).filter(pk__in=pks).values_list("pk", flat=True))
            table.hub_outsider_pks = pks - explorable
    return table.hub_outsider_pks


class ScopedTitleColumn(chooser.PageTitleColumn):
    """The first column of a row: it shows a page the user may not explore as published, and the cells
    after it in the row (status, date, parent) then read the same masked page."""

    user = None

    def get_cell_context_data(self, instance, parent_context):
        outsiders = _outsider_pks(parent_context["table"], self.user)
        if instance.pk in outsiders:
            show_as_published(instance)
            instance.hub_outsider = True
        return super().get_cell_context_data(instance, parent_context)


class ScopedParentColumn(chooser.ParentPageColumn):
    """The parent of a page the user may not explore: shown as published, or not at all if it is not live."""

    def get_value(self, instance):
        parent = instance.get_parent()
        if getattr(instance, "hub_outsider", False):
            return show_as_published(parent) if parent.live else None
        return parent


def _scoped_columns(columns, user):
    """Wagtail's chooser columns, with the title and parent columns given the scoped behaviour above
    (a class swap keeps each column's labels and options as Wagtail set them)."""
    replacements = {chooser.PageTitleColumn: ScopedTitleColumn, chooser.ParentPageColumn: ScopedParentColumn}
    for column in columns:
        scoped = replacements.get(type(column))
        if scoped is not None:
            column.__class__ = scoped
            column.user = user
    return columns


class ScopedBrowseView(chooser.BrowseView):
    """Browsing the chooser: a page the user may not see is not found, even typed in the address."""

    @property
    def columns(self):
        return _scoped_columns(super().columns, self.request.user)

    def get(self, request, parent_page_id=None):
        if parent_page_id and not choosable_pages(Page.objects.filter(pk=parent_page_id), request.user).exists():
            raise Http404
        return super().get(request, parent_page_id)


class ScopedSearchView(chooser.SearchView):
    @property
    def columns(self):
        return _scoped_columns(super().columns, self.request.user)


class ScopedChosenMultipleView(chooser.ChosenMultipleView):
    """The pages picked in a multiple chooser, among those the user may see, under the titles they may see."""

    def get(self, request):
        # ASCII digits within a page id's range ("²" and "１" pass isdigit); never the tree's root.
        pks = [pk for pk in request.GET.getlist("id") if pk.isascii() and pk.isdigit() and int(pk) < 2**31]
        pages = choosable_pages(Page.objects.filter(pk__in=pks, depth__gt=1), request.user).specific()
        explorable = set(explorable_pages(request.user).filter(pk__in=pks).values_list("pk", flat=True))
        result = []
        for page in pages:
            if not request.user.is_superuser and page.pk not in explorable:
                show_as_published(page)
            result.append(
                {
                    "id": page.pk,
                    "parentId": page.get_parent().pk,
                    "adminTitle": page.get_admin_display_title(),
                    "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                    "url": page.url,
                }
            )
        return self.render_chosen_response(result)


class ChoosableMediaMixin:
    """The admin API's images or documents: those the user may choose, as in the image and document choosers."""

    def get_queryset(self):
        choosable = policy_registry.get_by_type(self.model).instances_user_has_any_permission_for(
            self.request.user, ["choose"]
        )
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class ScopedImagesAdminAPIViewSet(ChoosableMediaMixin, ImagesAdminAPIViewSet):
    pass


class ScopedDocumentsAdminAPIViewSet(ChoosableMediaMixin, DocumentsAdminAPIViewSet):
    pass


class ExplorableBulkActionMixin:
    """A page bulk action that names only pages the user may explore.

    Wagtail lists every requested page the user may not act on ("you don't have permission to …") under
    its draft title, so any id, or ``id=all&childOf=`` another presidency's section, showed that
    presidency's drafts. The pages acted on need a page permission, so they are explorable already."""

    def dispatch(self, request, *args, **kwargs):
        destination = request.POST.get("chooser", "")
        # A move's destination, re-rendered in the chooser widget under its title when refused.
        if destination and not self._explorable({destination}):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def _explorable(self, pks) -> set:
        pks = {str(pk) for pk in pks}
        if self.request.user.is_superuser:
            return pks
        digits = [pk for pk in pks if pk.isascii() and pk.isdigit() and int(pk) < 2**31]
        return {
            str(pk) for pk in explorable_pages(self.request.user).filter(pk__in=digits).values_list("pk", flat=True)
        }

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        refused = extra["items_with_no_access"]
        explorable = self._explorable(page.pk for page in refused)
        extra["items_with_no_access"] = [page for page in refused if str(page.pk) in explorable]
        return objects, extra


@cache
def _explorable_bulk_action(action_class):
    return type(f"Explorable{action_class.__name__}", (ExplorableBulkActionMixin, action_class), {})


def page_bulk_action(request, action):
    """Wagtail's page bulk action view, with the action class given the mixin above."""
    action_class = bulk_action_registry.get_bulk_action_class("wagtailcore", "page", action)
    if action_class is None:
        return bulk_action_index(request, "wagtailcore", "page", action)  # Wagtail's own 404
    return _explorable_bulk_action(action_class)(request, Page).dispatch(request)
