"""Security settings (README, "Security"): sign-in limits and session lifetimes, the security headers,
the Content Security Policy and its reports, Permissions-Policy. Imported by base.py; everything here
reads only the environment."""

from .environment import env, env_int

# --- Sign-in limits and session lifetimes (issue 17; README "Security") ----------------------------
# django-axes counts failed sign-ins for three keys, each with its own limit (hub.web.login_limits):
# one account from one address (AXES_FAILURE_LIMIT), one account from any address (guessing spread over
# many machines) and one address whatever the account (password spraying). The account-wide limit sits
# above the pair's, so a stranger needs twice the failures to lock an officer out everywhere; the
# office unlocks in the admin (Reports, "Sign-in lockouts") or with manage.py axes_reset_username.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = env_int("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", 10)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "hub.web.login_limits.HubAxesHandler"
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "hub.web.security.client_ip"
AXES_LOCKOUT_CALLABLE = "hub.web.login_limits.lockout_response"
# The admin's "forgot password" form: requests answered per client address and per e-mail address
# entered (django-ratelimit rates); past either, the same answer but no e-mail.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "hub.web.login_limits.RateLimitedPasswordResetForm"  # noqa: S105 - a dotted path
PASSWORD_RESET_RATE_PER_ADDRESS = env("PASSWORD_RESET_RATE_PER_ADDRESS", "5/h")
PASSWORD_RESET_RATE_PER_ACCOUNT = env("PASSWORD_RESET_RATE_PER_ACCOUNT", "3/h")
# Every signed-in session ends after this long without a request, and this long after sign-in
# whatever happens (hub.web.sessions.SessionTimeoutMiddleware).
ADMIN_SESSION_IDLE_SECONDS = env_int("ADMIN_SESSION_IDLE_SECONDS", 30 * 60)
ADMIN_SESSION_MAX_SECONDS = env_int("ADMIN_SESSION_MAX_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = ADMIN_SESSION_MAX_SECONDS
# --- end of sign-in limits and session lifetimes ----------------------------------------------------

# --- Privacy passwords (issue 17; README "Security") ------------------------------------------------
# Tries at a private page's or collection's shared password (hub.web.privacy_passwords), counted per
# client address and per restriction whatever the address (django-ratelimit rates); past either, 429
# and the password is not checked. The per-restriction rate is higher, so one guesser cannot lock out
# the people who were given the password.
PRIVACY_PASSWORD_RATE = env("PRIVACY_PASSWORD_RATE", "10/h")  # noqa: S105 - a rate, not a password
PRIVACY_PASSWORD_RATE_PER_RESTRICTION = env("PRIVACY_PASSWORD_RATE_PER_RESTRICTION", "100/h")  # noqa: S105
# --- end of privacy passwords -----------------------------------------------------------------------

# --- Security baseline ----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views set SAMEORIGIN on themselves; nothing else is ever framed.
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "hub.web.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy for the public site: no inline scripts or styles, so
# cached pages need no nonce. hub.web.security loosens it only for /admin/ and the API docs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        # Violations are logged (hub.web.csp_report, rate limited): report-uri for every browser,
        # report-to (Reporting-Endpoints header, set by hub.web.security) for those that read it.
        "report-uri": ["/csp-report/"],
        "report-to": "csp",
    }
}
# POSTs to /csp-report/ per client address (django-ratelimit syntax); beyond it, 429 and nothing logged.
CSP_REPORT_RATE = env("CSP_REPORT_RATE", "30/m")

# Permissions-Policy (django-permissions-policy): every browser feature the public site never uses is off,
# for the page and anything it frames. The admin adds passkeys, copy buttons and full screen for itself
# (hub.web.security.ADMIN_FEATURES).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "clipboard-write",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}
