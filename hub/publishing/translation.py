"""Translation is an officer's job: whoever may edit a page may start its translations, and only theirs.

wagtail-localize checks one global permission ("submit translation") and nothing about the page, so an
editor given it could translate any page of the site into another presidency's tree. These views put
the page's own edit permission in front of wagtail-localize's; ``hub/wagtail_hooks.py`` mounts them at
wagtail-localize's addresses (the hub's hooks come first). New translations are drafts
(``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False``), published through the section's workflow.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView


def _refuse_unless_editable(user, page: Page) -> None:
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied


class PageScopedSubmitTranslationView(SubmitPageTranslationView):
    def dispatch(self, request, *args, **kwargs):
        _refuse_unless_editable(request.user, get_object_or_404(Page, id=kwargs["page_id"]))
        return super().dispatch(request, *args, **kwargs)


class PageScopedUpdateTranslationsView(UpdateTranslationsView):
    def dispatch(self, request, *args, **kwargs):
        source = get_object_or_404(TranslationSource, id=kwargs["translation_source_id"])
        instance = source.get_source_instance()
        if isinstance(instance, Page):
            _refuse_unless_editable(request.user, instance)
        return super().dispatch(request, *args, **kwargs)


def stale_translations(pages: QuerySet) -> QuerySet:
    """The translations among ``pages`` whose original (in the default language, where officers write)
    was published after the translation was last published or edited: their text is out of date."""
    default = Locale.get_default()
    original_published = Page.objects.filter(translation_key=OuterRef("translation_key"), locale_id=default.pk).values(
        "last_published_at"
    )[:1]
    return (
        pages.exclude(locale_id=default.pk)
        .annotate(original_published_at=Subquery(original_published))
        .filter(original_published_at__gt=Coalesce(F("latest_revision_created_at"), F("last_published_at")))
    )


def is_stale_translation(page: Page) -> bool:
    return stale_translations(Page.objects.filter(pk=page.pk)).exists()
