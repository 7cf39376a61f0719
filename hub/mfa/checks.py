"""``manage.py check --deploy`` (run before every deployment with --fail-level WARNING) stops a deployment
whose admin would let officers in on their password alone."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_enforced(app_configs, **kwargs):
    if settings.MFA_ENFORCED:
        return []
    return [
        Warning(
            "MFA_ENFORCED is off: officers reach the admin without a second factor.",
            hint="Unset MFA_ENFORCED (or set it to 1) in production's environment.",
            id="hub.W001",
        )
    ]
