"""Translation is an officer's job: whoever may edit a page may start its translations, and only theirs.

wagtail-localize checks one global permission ("submit translation") and nothing about the page, so an
editor given it could translate any page of the site into another presidency's tree. These views put
the page's own edit permission in front of wagtail-localize's; ``hub/wagtail_hooks.py`` mounts them at
wagtail-localize's addresses (the hub's hooks come first). New translations are drafts
(``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False``), published through the section's workflow.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
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


def translation_in_progress(page: Page):
    """The wagtail-localize translation that fills ``page`` from its original, or None."""
    from wagtail_localize.models import Translation

    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def can_submit_translation(user, page: Page) -> bool:
    """An officer who may edit a translation may send it to its section's review, once, and only while
    it has changes the review has not seen."""
    return (
        page.locale_id != Locale.get_default().pk
        and page.permissions_for_user(user).can_edit()
        and page.get_workflow() is not None
        and page.current_workflow_state is None
        and translation_in_progress(page) is not None
    )


class SubmitTranslationForReviewView(WagtailAdminTemplateMixin, TemplateView):
    """wagtail-localize's translation editor offers "Publish" to those who may publish and nothing to the
    others: here a translator writes the translated text into a draft and starts the section's review,
    the same workflow the original went through. Approving it publishes the translation."""

    template_name = "hub/admin/submit_translation_for_review.html"
    page_title = _("Submit translation for review")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.translation = translation_in_progress(self.page)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return [
            *self.breadcrumbs_items,
            {"url": edit_url, "label": self.page.get_admin_display_title()},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        progress = self.translation.get_progress() if self.translation else (0, 0)
        return super().get_context_data(
            page=self.page,
            translation=self.translation,
            workflow=self.page.get_workflow(),
            in_review=self.page.current_workflow_state is not None,
            total_segments=progress[0],
            translated_segments=progress[1],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        if not can_submit_translation(request.user, self.page):
            messages.error(request, _("This translation cannot be submitted for review now (see below)."))
            return redirect(request.path)
        workflow = self.page.get_workflow()
        with transaction.atomic():
            self.translation.save_target(user=request.user, publish=False)
            page = Page.objects.get(pk=self.page.pk).specific
            workflow.start(page, request.user)
        messages.success(
            request,
            _("“%(title)s” was sent to review (%(workflow)s). It is published when a reviewer approves it.")
            % {"title": page.get_admin_display_title(), "workflow": workflow.name},
        )
        return redirect(edit_url)
