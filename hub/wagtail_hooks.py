from django.urls import path
from wagtail import hooks

from hub.mfa import admin_hooks  # noqa: F401 - registers the second factor's pages and log actions
from hub.publishing.withdrawal import WithdrawMenuItem, WithdrawView
from hub.web import storage_errors  # noqa: F401 - registers the storage-safe upload views


@hooks.register("register_admin_urls")
def register_withdraw_url():
    return [path("withdraw/<int:page_id>/", WithdrawView.as_view(), name="hub_withdraw")]


@hooks.register("register_admin_urls")
def guard_translation_urls():
    """In front of wagtail-localize's own views at the same addresses: the page's edit permission first."""
    from hub.publishing.translation import (
        PageScopedSubmitTranslationView,
        PageScopedUpdateTranslationsView,
        SubmitTranslationForReviewView,
    )

    return [
        path("localize/submit/page/<int:page_id>/", PageScopedSubmitTranslationView.as_view()),
        path("localize/update/<int:translation_source_id>/", PageScopedUpdateTranslationsView.as_view()),
        path(
            "translations/<int:page_id>/submit-for-review/",
            SubmitTranslationForReviewView.as_view(),
            name="hub_submit_translation_for_review",
        ),
    ]


@hooks.register("register_admin_urls")
def register_lockouts_url():
    from hub.web.lockout_admin import lockouts

    return [path("reports/sign-in-lockouts/", lockouts, name="hub_lockouts")]


@hooks.register("register_reports_menu_item")
def register_lockouts_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from hub.web.lockout_admin import LockoutsMenuItem

    return LockoutsMenuItem(_("Sign-in lockouts"), reverse("hub_lockouts"), icon_name="lock", order=900)


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawMenuItem()


@hooks.register("register_log_actions")
def register_withdraw_log_action(actions):
    from django.utils.translation import gettext_lazy as _

    actions.register_action("hub.withdraw", _("Withdraw"), _("Withdrawn"))
    actions.register_action("hub.unlock_sign_in", _("Unlock sign-in"), _("Sign-in lockout lifted"))


@hooks.register("before_edit_page")
def say_when_a_translation_is_out_of_date(request, page):
    """The officer opening a translation learns that its original changed since (wagtail-localize's
    "Sync translated pages" on the original brings the changes in)."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from hub.publishing.translation import can_submit_translation, is_stale_translation

    if request.method != "GET":
        return
    if can_submit_translation(request.user, page):
        # wagtail-localize's editor has no review action of its own; the way there is said here.
        from django.urls import reverse
        from wagtail.admin import messages as admin_messages

        admin_messages.info(
            request,
            _("When the translation is ready, send it to review: a reviewer approves it and it is published."),
            buttons=[
                admin_messages.button(
                    reverse("hub_submit_translation_for_review", args=[page.pk]), _("Submit for review"), False
                )
            ],
        )
    if is_stale_translation(page):
        messages.warning(
            request,
            _(
                "This translation is out of date: its original was published since it was last updated. "
                'Use "Sync translated pages" on the original to bring the changes in, then review them here.'
            ),
        )


@hooks.register("construct_page_action_menu")
def offer_unpublish_once(menu_items, request, context):
    """The editor's header menu (with move, copy and delete) already offers "Unpublish"; the footer,
    where an officer saves and publishes, does not repeat it."""
    if context.get("view") == "edit":
        menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


@hooks.register("register_page_listing_more_buttons")
def submit_translation_button(page, user, next_url=None):
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.ui.menus.pages import PageMenuItem

    from hub.publishing.translation import can_submit_translation

    if can_submit_translation(user, page):
        yield PageMenuItem(
            _("Submit translation for review"),
            reverse("hub_submit_translation_for_review", args=[page.pk]),
            icon_name="tasks",
            priority=25,
            page=page,
        )


# --- What the page chooser and the admin API show of other people's work (hub/web/admin_scope.py) ---


@hooks.register("construct_page_chooser_queryset")
def choose_visible_pages_only(pages, request):
    """Browsing and searching the page chooser: explorable pages, and other people's live public pages."""
    from hub.web.admin_scope import choosable_pages

    return choosable_pages(pages, request.user)


@hooks.register("construct_admin_api", order=100)
def scope_admin_api_media(router):
    """After Wagtail's own registrations (order 0): the images and documents the user may choose only."""
    from hub.web.admin_scope import ScopedDocumentsAdminAPIViewSet, ScopedImagesAdminAPIViewSet

    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("construct_reports_menu")
def hide_office_reports(request, menu_items):
    """The site-wide reports (page types usage, translations) are the office's (hub/web/admin_scope_reports.py)."""
    from hub.web.admin_scope_reports import hide_office_reports

    hide_office_reports(request, menu_items)
