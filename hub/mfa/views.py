"""Enrolment, verification and recovery codes, in the admin's look (``/admin/mfa/…``)."""

from urllib.parse import urlencode

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import devices
from .rules import has_second_factor, must_use_second_factor

NEW_CODES_SESSION_KEY = "hub_mfa_new_recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


def safe_next(request) -> str:
    """Where to go afterwards: the ``next`` the gate passed on if it stays on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def stash_new_codes(request, user) -> None:
    """A first device brings recovery codes with it, kept in the session until the next page shows them."""
    if not StaticDevice.objects.filter(user=user).exists():
        request.session[NEW_CODES_SESSION_KEY] = devices.issue_recovery_codes(user)
        devices.record(user, "hub.mfa.recovery_codes")


class OwnTitleMixin:
    """The header names the step ("Two-step verification"), not "Home": the rest of the admin is out
    of reach until it is done, so there is no trail to show."""

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]


class SecondFactorView(OwnTitleMixin, WagtailAdminTemplateMixin, FormView):
    """The officer's second factor: set up an authenticator app or a passkey, see what is enrolled. Reached
    from the account page, or by the gate for an officer who has none yet."""

    template_name = "hub/admin/mfa/setup.html"
    form_class = CodeForm
    page_title = gettext_lazy("Two-step verification")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        # Adding a device is proof of nothing unless this session already passed an existing one.
        if has_second_factor(request.user) and not request.user.is_verified():
            return redirect(with_next("hub_mfa_verify", request.get_full_path()))
        has_app = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        self.pending = None if has_app else devices.pending_totp(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(
            required=must_use_second_factor(user),
            enrolled=has_second_factor(user),
            pending=self.pending,
            next_url=safe_next(self.request),
            apps=TOTPDevice.objects.filter(user=user, confirmed=True),
            passkeys=WebAuthnCredential.objects.filter(user=user, confirmed=True),
            recovery_codes_left=devices.recovery_codes_left(user),
            after_passkey=with_next("hub_mfa_recovery_codes", safe_next(self.request)),
        )
        if self.pending is not None:
            context.update(qr_code=devices.qr_code_data_uri(self.pending), manual_key=devices.manual_key(self.pending))
        return context

    def form_valid(self, form):
        if self.pending is None:
            return redirect(self.request.get_full_path())
        result = devices.confirm_totp(self.pending, form.cleaned_data["code"])
        if result.device is None:
            form.add_error("code", wrong_code_message(result))
            return self.form_invalid(form)
        user = self.request.user
        if not user.is_verified():
            otp_login(self.request, result.device)
        devices.record(user, "hub.mfa.enrol", method="totp")
        stash_new_codes(self.request, user)
        return redirect(with_next("hub_mfa_recovery_codes", safe_next(self.request)))


def wrong_code_message(result: devices.CodeCheck) -> str:
    if result.wait_seconds:
        return _("Too many wrong codes. Wait %(seconds)s seconds, then try again.") % {"seconds": result.wait_seconds}
    return _("That code is not right. Enter the code your app shows now, or a recovery code.")


class VerifyView(OwnTitleMixin, WagtailAdminTemplateMixin, FormView):
    """After the password: a code from the app, a recovery code or a passkey, once per session."""

    template_name = "hub/admin/mfa/verify.html"
    form_class = CodeForm
    page_title = gettext_lazy("Two-step verification")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(safe_next(request))
        if not has_second_factor(request.user):
            return redirect(with_next("hub_mfa_setup", safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            next_url=safe_next(self.request),
            has_app=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            has_passkey=WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        result = devices.check_code(user, form.cleaned_data["code"])
        if result.device is None:
            devices.record(user, "hub.mfa.verify_failed", method=result.method, throttled=bool(result.wait_seconds))
            form.add_error("code", wrong_code_message(result))
            return self.form_invalid(form)
        otp_login(self.request, result.device)
        devices.record(user, "hub.mfa.verify", method=result.method)
        return redirect(safe_next(self.request))


class RecoveryCodesView(OwnTitleMixin, WagtailAdminTemplateMixin, TemplateView):
    """New recovery codes, shown once: after enrolment, or when the officer asks for a fresh set."""

    template_name = "hub/admin/mfa/recovery_codes.html"
    page_title = gettext_lazy("Recovery codes")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            codes=self.request.session.pop(NEW_CODES_SESSION_KEY, None),
            codes_left=devices.recovery_codes_left(self.request.user),
            next_url=safe_next(self.request),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.is_verified():
            return redirect(with_next("hub_mfa_verify", request.get_full_path()))
        request.session[NEW_CODES_SESSION_KEY] = devices.issue_recovery_codes(request.user)
        devices.record(request.user, "hub.mfa.recovery_codes")
        return redirect(request.get_full_path())
