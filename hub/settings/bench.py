"""Benchmarks (make bench): production-like request handling on a throw-away database.

DEBUG is off (no query log, no debug pages). The database is DATABASE_URL when set (bench/run.py
points it at a PostgreSQL database of its own, dropped and created for each run), else
bench/.bench.sqlite3, so benchmarks never touch development data. The cache is Redis when
REDIS_URL is set (base settings), as in production; the page cache follows PAGE_CACHE_SECONDS.

Two bench-only additions: ``bench.urls`` (the site plus ``/_bench/limit``, the constant 20 KB
reference view) and ``bench.middleware.QueryCountMiddleware`` (the ``X-Bench-Queries`` header).
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "bench-only-insecure-key")
ALLOWED_HOSTS = ["*"]
if not env("DATABASE_URL"):
    DATABASES["default"]["NAME"] = env("BENCH_DATABASE_NAME", str(BASE_DIR / "bench" / ".bench.sqlite3"))  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
# The benchmark client is one address sending thousands of requests: lift the anonymous throttle.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "10000000/minute"}}  # noqa: F405
# Nor may the login lockout or any rate limit see the benchmark as an attack.
AXES_ENABLED = False

ROOT_URLCONF = "bench.urls"
# Outermost, so it counts every query of the request, the page cache's included.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
