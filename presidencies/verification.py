"""Is this account official? One answer, shared by the API (``/api/v1/accounts/verify/``) and the
public page (``/<lang>/accounts/verify/``).

``verify_account`` takes what a visitor typed (an address, or a handle with its platform), finds the
account in the registry under its normalised key and says ``official`` (active), ``archived``
(archived or retired) or ``unknown``. Anything it cannot check raises ``InvalidAccountAddress`` with
a translated message, a ``code`` and the ``field`` it is about.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .accounts import InvalidAccountAddress, normalise_handle, normalise_url
from .models import AccountIdentifier, AccountStatus, OfficialAccount

OFFICIAL = "official"
ARCHIVED = "archived"
UNKNOWN = "unknown"

__all__ = ["ARCHIVED", "OFFICIAL", "UNKNOWN", "InvalidAccountAddress", "Verification", "account_key", "verify_account"]


@dataclass(frozen=True)
class Verification:
    """The answer: ``status`` is ``official``, ``archived`` or ``unknown``; ``account`` is None when unknown."""

    status: str
    account: OfficialAccount | None = None

    @property
    def is_official(self) -> bool:
        return self.status == OFFICIAL

    @property
    def is_archived(self) -> bool:
        return self.status == ARCHIVED

    @property
    def is_unknown(self) -> bool:
        return self.status == UNKNOWN


def account_key(url: str | None = None, handle: str | None = None, platform: str | None = None) -> str:
    """The registry key of an address or of a handle on a platform. Empty values count as absent."""
    if url and handle:
        raise InvalidAccountAddress(_("Give either url or handle, not both."), code="both", field="url")
    if url:
        try:
            return normalise_url(url)
        except InvalidAccountAddress as error:
            error.field = error.field or "url"
            raise
    if handle:
        if not platform and "@" not in handle.strip().lstrip("@"):
            raise InvalidAccountAddress(
                _("Give the platform of the handle, e.g. platform=x."), code="platform_missing", field="platform"
            )
        try:
            # A handle with an @ inside and no platform is a Mastodon (fediverse) handle.
            return normalise_handle(handle, platform or "mastodon")
        except InvalidAccountAddress as error:
            error.field = error.field or "handle"
            raise
    raise InvalidAccountAddress(
        _("Give an address (url=) or a handle with its platform (handle=, platform=)."), code="missing", field="url"
    )


def verify_account(url: str | None = None, handle: str | None = None, platform: str | None = None) -> Verification:
    """Is the account at ``url`` (or ``handle`` on ``platform``) official? Raises ``InvalidAccountAddress``."""
    key = account_key(url, handle, platform)
    identifier = AccountIdentifier.objects.filter(key=key).select_related("account", "account__owner").first()
    if identifier is None:
        return Verification(UNKNOWN)
    account = identifier.account
    return Verification(OFFICIAL if account.status == AccountStatus.ACTIVE else ARCHIVED, account)
