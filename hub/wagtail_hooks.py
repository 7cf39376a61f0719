from django.urls import path
from wagtail import hooks

from hub.publishing.withdrawal import WithdrawMenuItem, WithdrawView
from hub.web import storage_errors  # noqa: F401 - registers the storage-safe upload views


@hooks.register("register_admin_urls")
def register_withdraw_url():
    return [path("withdraw/<int:page_id>/", WithdrawView.as_view(), name="hub_withdraw")]


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawMenuItem()


@hooks.register("register_log_actions")
def register_withdraw_log_action(actions):
    from django.utils.translation import gettext_lazy as _

    actions.register_action("hub.withdraw", _("Withdraw"), _("Withdrawn"))
