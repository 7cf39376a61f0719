"""Local development: SQLite, Celery eager, console e-mail, demo content."""

from hub.web.hosts import AllowedHosts

from .base import *  # noqa: F403
from .base import env, env_bool, env_int, env_list

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = AllowedHosts(env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]"))
INTERNAL_IPS = ["127.0.0.1"]
# A template edit shows on the next reload: no page cache unless asked for.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)

# Page-by-page audit lines are noise when loading demo content locally.
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405

# --- Second factor --------------------------------------------------------
# `make run`'s admin asks for no second factor (its dashboard says so); MFA_ENFORCED=1 tries the real flow.
MFA_ENFORCED = env_bool("MFA_ENFORCED", False)
# Browsers offer passkeys on "localhost", never on a bare address such as 127.0.0.1.
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS", "http://localhost:8000")
