"""Passkeys through django-otp-webauthn's JSON endpoints (``/admin/mfa/passkeys/…``), as a second factor
only: registering one is an enrolment, using one a verification, and both go to Wagtail's log."""

from django.urls import path, reverse
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn

from . import devices
from .views import stash_new_codes

app_name = "otp_webauthn"  # the name django-otp-webauthn's template tags reverse


class BoundedJSON:
    """Deeply nested JSON (a few KB of brackets) exhausts the parser's recursion: a malformed request
    (400), like any other unreadable body, never a 500."""

    def _parse_request_data(self, request):
        try:
            return super()._parse_request_data(request)
        except RecursionError as exc:
            raise exceptions.MalformedRequest() from exc


class BeginRegistration(BoundedJSON, webauthn.BeginCredentialRegistrationView):
    pass


class BeginAuthentication(BoundedJSON, webauthn.BeginCredentialAuthenticationView):
    pass


class RegisterPasskeyComplete(BoundedJSON, webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        user = self.request.user
        devices.record(user, "hub.mfa.enrol", method="passkey")
        stash_new_codes(self.request, user)
        return response


class VerifyPasskeyComplete(BoundedJSON, webauthn.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        devices.record(self.request.user, "hub.mfa.verify", method="passkey")

    def handle_exception(self, exc):
        if self.request.user.is_authenticated:
            devices.record(self.request.user, "hub.mfa.verify_failed", method="passkey", throttled=False)
        return super().handle_exception(exc)

    def get_success_url(self):
        return self.get_redirect_url() or reverse("wagtailadmin_home")


urlpatterns = [
    path(
        "registration/begin/",
        BeginRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path("registration/complete/", RegisterPasskeyComplete.as_view(), name="credential-registration-complete"),
    path(
        "authentication/begin/",
        BeginAuthentication.as_view(),
        name="credential-authentication-begin",
    ),
    path("authentication/complete/", VerifyPasskeyComplete.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
