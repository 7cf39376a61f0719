"""Who must pass a second factor: the one rule the gate, the enrolment page and the tests share."""

from django.conf import settings
from django_otp import user_has_device

from hub import registry
from hub.publishing.office import OFFICE_GROUP


def must_use_second_factor(user) -> bool:
    """Superusers, the office, and every group a domain registered (presidency moderators, roundtable
    chairs, consultation moderators); everyone once ``MFA_REQUIRED_FOR_ALL`` is on. Editors may enrol
    without having to."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or settings.MFA_REQUIRED_FOR_ALL:
        return True
    names = user.groups.values_list("name", flat=True)
    return any(name == OFFICE_GROUP or registry.needs_second_factor(name) for name in names)


def has_second_factor(user) -> bool:
    """A confirmed device of any kind: an authenticator app, a passkey or recovery codes."""
    return user.is_authenticated and user_has_device(user, confirmed=True)
