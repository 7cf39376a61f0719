"""The second factor's place in the admin: its pages, its log actions, the account page's link, the
office's reset page, and development's notice that nothing is enforced. Imported by hub/wagtail_hooks.py."""

from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .middleware import restricted_page_waits_for_the_second_factor


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    from . import reset_views, views

    return [
        path("mfa/", views.SecondFactorView.as_view(), name="hub_mfa_setup"),
        path("mfa/verify/", views.VerifyView.as_view(), name="hub_mfa_verify"),
        path("mfa/recovery-codes/", views.RecoveryCodesView.as_view(), name="hub_mfa_recovery_codes"),
        path("mfa/passkeys/", include("hub.mfa.passkeys", namespace="otp_webauthn")),
        path("second-factor-resets/", reset_views.ResetsView.as_view(), name="hub_mfa_resets"),
        path(
            "second-factor-resets/<int:pk>/approve/",
            reset_views.ApproveResetView.as_view(),
            name="hub_mfa_reset_approve",
        ),
    ]


@hooks.register("register_log_actions")
def register_second_factor_log_actions(actions):
    actions.register_action("hub.mfa.enrol", _("Second factor: enrol"), _("Enrolled a second factor"))
    actions.register_action("hub.mfa.verify", _("Second factor: verify"), _("Passed the second factor"))
    actions.register_action(
        "hub.mfa.verify_failed", _("Second factor: failed"), _("Failed the second factor (wrong code or passkey)")
    )
    actions.register_action(
        "hub.mfa.recovery_codes", _("Second factor: recovery codes"), _("New recovery codes issued")
    )
    actions.register_action(
        "hub.mfa.reset_request", _("Second factor: reset requested"), _("Reset of the second factor requested")
    )
    actions.register_action("hub.mfa.reset", _("Second factor: reset"), _("Second factor reset (approved)"))


@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    return {
        "url": reverse("hub_mfa_setup"),
        "label": _("Two-step verification"),
        "help_text": _("An authenticator app or a passkey after your password, and recovery codes."),
    }


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        from .reset import is_office_member

        return is_office_member(request.user)


@hooks.register("register_settings_menu_item")
def second_factor_resets_menu_item():
    return OfficeMenuItem(_("Second-factor resets"), reverse("hub_mfa_resets"), icon_name="key", order=900)


class NotEnforcedPanel(Component):
    name = "second_factor_not_enforced"
    order = 10
    template_name = "hub/admin/mfa/not_enforced_panel.html"


@hooks.register("construct_homepage_panels")
def say_the_second_factor_is_not_enforced(request, panels):
    """Development's admin (``make run``) lets officers in on their password alone; it says so."""
    if not settings.MFA_ENFORCED:
        panels.insert(0, NotEnforcedPanel())


hooks.register("before_serve_page", restricted_page_waits_for_the_second_factor)
