"""The admin's gate: after the password, an officer reaches nothing of the admin but the second factor."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .rules import has_second_factor, must_use_second_factor
from .views import with_next

# The admins, and documents (a collection may be private to signed-in users or to some groups).
GATED_PREFIXES = ("/admin/", "/django-admin/", "/documents/")
# What a signed-in user who has not passed the second factor may still reach: signing in and out, the
# second-factor pages themselves and what they load (passkey endpoints, icons, translations).
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "hub_mfa_setup",
    "hub_mfa_verify",
    "hub_mfa_recovery_codes",
    "admin:login",
    "admin:logout",
}
OPEN_NAMESPACES = {"otp_webauthn"}


class SecondFactorMiddleware:
    """After django-otp's ``OTPMiddleware``: a user with a device who has not passed it in this session
    is sent to the verify page; one who must have a device (``must_use_second_factor``) and has none, to
    enrolment. Anything but a page view (a form post, an API call from the admin's scripts) is refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_ENFORCED or not request.path_info.startswith(GATED_PREFIXES):
            return None
        match = request.resolver_match
        if match.view_name in OPEN_URL_NAMES or OPEN_NAMESPACES.intersection(match.namespaces):
            return None
        return second_factor_redirect(request)


def second_factor_redirect(request):
    """None when ``request``'s user may go on; otherwise the redirect to verification or enrolment (a
    form post is refused). Shared by the admin's gate and the pages restricted to signed-in readers."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if has_second_factor(user):
        target = "hub_mfa_verify"
    elif must_use_second_factor(user):
        target = "hub_mfa_setup"
    else:
        return None
    if request.method not in ("GET", "HEAD"):
        raise PermissionDenied
    return redirect(with_next(target, request.get_full_path()))


def restricted_page_waits_for_the_second_factor(page, request, serve_args, serve_kwargs):
    """``before_serve_page``: a page restricted to signed-in users or to groups is, like the admin, out of
    an officer's reach until the second factor is passed (the password alone would open it). Anonymous
    readers cost no query and leave the session untouched; password restrictions stay as they are (they ask
    for their own password)."""
    if not settings.MFA_ENFORCED or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # No session cookie, no signed-in user; and not reading request.user keeps the session untouched,
        # so a reader's page carries no "Vary: Cookie" and shared caches may keep it.
        return None
    if not request.user.is_authenticated:
        return None
    from wagtail.models import PageViewRestriction

    signed_in_only = (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS)
    if not any(restriction.restriction_type in signed_in_only for restriction in page.get_view_restrictions()):
        return None
    return second_factor_redirect(request)
