from django.urls import path
from wagtail import hooks

from hub.publishing.withdrawal import WithdrawMenuItem, WithdrawView
from hub.web import storage_errors  # noqa: F401 - registers the storage-safe upload views


@hooks.register("register_admin_urls")
def register_withdraw_url():
    return [path("withdraw/<int:page_id>/", WithdrawView.as_view(), name="hub_withdraw")]


@hooks.register("register_admin_urls")
def guard_translation_urls():
    """In front of wagtail-localize's own views at the same addresses: the page's edit permission first."""
    from hub.publishing.translation import PageScopedSubmitTranslationView, PageScopedUpdateTranslationsView

    return [
        path("localize/submit/page/<int:page_id>/", PageScopedSubmitTranslationView.as_view()),
        path("localize/update/<int:translation_source_id>/", PageScopedUpdateTranslationsView.as_view()),
    ]


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawMenuItem()


@hooks.register("register_log_actions")
def register_withdraw_log_action(actions):
    from django.utils.translation import gettext_lazy as _

    actions.register_action("hub.withdraw", _("Withdraw"), _("Withdrawn"))


@hooks.register("before_edit_page")
def say_when_a_translation_is_out_of_date(request, page):
    """The officer opening a translation learns that its original changed since (wagtail-localize's
    "Sync translated pages" on the original brings the changes in)."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from hub.publishing.translation import is_stale_translation

    if request.method == "GET" and is_stale_translation(page):
        messages.warning(
            request,
            _(
                "This translation is out of date: its original was published since it was last updated. "
                'Use "Sync translated pages" on the original to bring the changes in, then review them here.'
            ),
        )
