"""Client address, Content Security Policy and Permissions-Policy helpers shared by the whole site."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django_permissions_policy import PermissionsPolicyMiddleware


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting exactly ``NUM_PROXIES`` reverse-proxy hops.

    The same rule as Django REST framework's throttles, so the login lockout and
    every rate limit agree: with N trusted proxies, the N-th address from the
    right of X-Forwarded-For is the client; with none, REMOTE_ADDR.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "") or ""
    num_proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if num_proxies <= 0 or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote_addr
    return addresses[-min(num_proxies, len(addresses))]


CSP_REPORT_PATH = "/csp-report/"
CSP_REPORT_GROUP = "csp"

# The Wagtail admin and Swagger UI need inline styles and scripts; the public site does not.
ADMIN_POLICY = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", "blob:"],
    "worker-src": ["'self'", "blob:"],
    # The live preview panel frames the admin's own preview view.
    "frame-ancestors": ["'self'"],
}
API_DOCS_POLICY = {
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
}
LOOSER_POLICIES = (
    ("/admin/", ADMIN_POLICY),
    ("/django-admin/", ADMIN_POLICY),
    ("/api/v1/docs/", API_DOCS_POLICY),
)


class HubCSPMiddleware(CSPMiddleware):
    """django-csp with the strict policy everywhere but the admin and the API docs.

    Violations are reported to ``/csp-report/`` (hub.web.csp_report): ``report-uri`` for every browser and
    ``report-to`` through the Reporting API's ``Reporting-Endpoints`` header (relative, so a cached page
    serves every host name)."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response = super().process_response(request, response)
        if "Content-Security-Policy" in response and "Reporting-Endpoints" not in response:
            response["Reporting-Endpoints"] = f'{CSP_REPORT_GROUP}="{CSP_REPORT_PATH}"'
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware stack with a stand-in request for the
            # page's public address: the page keeps the public policy, but the admin's preview panel may
            # frame it (that answer is what the browser loads into the panel).
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
            return parts
        if not report_only:
            for prefix, policy in LOOSER_POLICIES:
                if request.path_info.startswith(prefix):
                    # Replaced, not added to: "frame-ancestors 'none' 'self'" is an invalid policy that
                    # browsers read as 'none', which refused the admin's live preview panel its frame.
                    parts.replace = {**(parts.replace or {}), **policy}
                    break
        return parts


def by_client_address(_group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the client's address, as the lockout reads it."""
    return client_ip(request)


def rate_limited(request: HttpRequest, group: str, rate: str, key=by_client_address) -> bool:
    """Count this POST against ``rate`` (e.g. ``5/h``) for the client's address, or for whatever ``key``
    (a django-ratelimit key callable) names; True once over it.
    Counted in the shared cache (django-ratelimit), so every web process agrees."""
    from django_ratelimit.core import is_ratelimited

    return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)


# Browser features the admin uses on top of the public site's none: passkeys (django-otp-webauthn),
# Wagtail's copy buttons and its full-screen preview.
ADMIN_FEATURES = {
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "clipboard-write": ["self"],
    "fullscreen": ["self"],
}


class HubPermissionsPolicyMiddleware(PermissionsPolicyMiddleware):
    """django-permissions-policy with ``PERMISSIONS_POLICY`` (every feature off) on public answers, and
    the few features the admin needs allowed to the site itself under /admin/."""

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path_info.startswith("/admin/") and not hasattr(response, "_permissions_policy_override"):
            response._permissions_policy_override = self.admin_policy
        return self._apply_headers(response)

    @property
    def admin_policy(self) -> str:
        return self.compute_header_value(
            {**settings.PERMISSIONS_POLICY, **ADMIN_FEATURES}, name="PERMISSIONS_POLICY (admin)"
        )
