"""ALLOWED_HOSTS that also admit every Wagtail Site's hostname, without a redeploy.

A presidency can get its own domain from the admin; Django's host check must
accept it at once. The list is cached per process and refreshed when a Site
is saved (or after a minute, for other processes).
"""

import time

_cache: dict = {"hosts": (), "expires": 0.0}
TTL_SECONDS = 60


def forget_site_hostnames() -> None:
    _cache["expires"] = 0.0


def site_hostnames() -> tuple[str, ...]:
    if time.monotonic() < _cache["expires"]:
        return _cache["hosts"]
    try:
        from wagtail.models import Site

        hosts = tuple(Site.objects.values_list("hostname", flat=True))
    except Exception:  # noqa: BLE001 - before migrations, or the database is down: static hosts only
        return _cache["hosts"]
    _cache.update(hosts=hosts, expires=time.monotonic() + TTL_SECONDS)
    return hosts


class AllowedHosts(list):
    """A list of the configured hosts that, when Django iterates it, adds the Sites' hostnames."""

    def __iter__(self):
        yield from super().__iter__()
        yield from site_hostnames()
