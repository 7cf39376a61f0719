"""Benchmarks (make bench): production-like request handling on a throw-away database.

DEBUG is off (no query log, no debug pages); the database is bench/.bench.sqlite3
unless DATABASE_URL says otherwise, so benchmarks never touch development data.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "bench-only-insecure-key")
ALLOWED_HOSTS = ["*"]
DATABASES["default"]["NAME"] = env("BENCH_DATABASE_NAME", str(BASE_DIR / "bench" / ".bench.sqlite3"))  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
# The benchmark client is one address sending thousands of requests: lift the anonymous throttle.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "10000000/minute"}}  # noqa: F405
