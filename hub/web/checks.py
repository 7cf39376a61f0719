"""Deployment checks of our own (``manage.py check --deploy``; CI fails on a warning).

Wagtail's security support window: a pinned feature release past its end date is a warning, so the
deploy check (and CI) fails until the pin moves; within ``SUPPORT_NOTICE_DAYS`` of it, a notice."""

import datetime

import wagtail
from django.core import checks
from django.utils import timezone

# The last day of security fixes, from Wagtail's release schedule (docs.wagtail.org, "Release schedule").
# Add the next feature release here when the pin moves.
WAGTAIL_SECURITY_SUPPORT_ENDS = {
    (8, 0): datetime.date(2027, 2, 2),
}
SUPPORT_NOTICE_DAYS = 90


@checks.register(checks.Tags.security, deploy=True)
def wagtail_security_support(app_configs=None, today: datetime.date | None = None, **kwargs):
    today = today or timezone.localdate()
    release = tuple(wagtail.VERSION[:2])
    ends = WAGTAIL_SECURITY_SUPPORT_ENDS.get(release)
    version = ".".join(str(part) for part in release)
    if ends is None:
        return [
            checks.Info(
                f"Wagtail {version}'s end of security support is not recorded in hub/web/checks.py.",
                hint="Add it to WAGTAIL_SECURITY_SUPPORT_ENDS from Wagtail's release schedule.",
                id="hub.I102",
            )
        ]
    if today > ends:
        return [
            checks.Warning(
                f"Wagtail {version} left security support on {ends.isoformat()}.",
                hint="Move the wagtail pin in requirements.txt to a supported release.",
                id="hub.W101",
            )
        ]
    if (ends - today).days <= SUPPORT_NOTICE_DAYS:
        return [
            checks.Info(
                f"Wagtail {version} leaves security support on {ends.isoformat()}: plan the move to its successor.",
                id="hub.I101",
            )
        ]
    return []
