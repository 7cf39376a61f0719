"""The public "is this account official?" page at /<lang>/accounts/verify/, a route of the accounts registry.

A plain GET form (no JavaScript): an address, or a handle and its platform. The answer comes from
``presidencies.verification.verify_account``, the same function as ``/api/v1/accounts/verify/``;
this module only words it for a citizen. No parameters: the form alone (200). Input that cannot be
checked: the form again with what was typed and the message beside the field (400).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .accounts import MAX_INPUT_LENGTH
from .models import Platform
from .verification import InvalidAccountAddress, verify_account

FIELDS = ("url", "handle", "platform")
TEMPLATE = "presidencies/verify_account_page.html"

# The API's messages name its parameters (url=, platform=x); the form says the same in its own words.
PAGE_MESSAGES = {
    "missing": _("Enter the account's address, or its handle and its platform."),
    "both": _("Fill in either the address or the handle, not both."),
    "platform_missing": _("Choose the platform of this handle."),
    "platform_unknown": _("Choose a platform from the list."),
}


def echo(value: str) -> str:
    """What the visitor typed, fit to show again in the form: no control characters, at most the limit."""
    text = "".join(char for char in value if ord(char) >= 32 and ord(char) != 127)
    return text[:MAX_INPUT_LENGTH]


def presidency_served(account) -> dict | None:
    """The presidency an account spoke for, named and linked in the visitor's language (None: the office)."""
    if account is None or account.owner_id is None:
        return None
    presidency = account.owner.localized
    return {"name": presidency.display_country_name, "year": presidency.year, "page": presidency}


def serve_verify_page(page, request: HttpRequest) -> HttpResponse:
    params = request.GET
    asked = any(name in params for name in FIELDS)
    values = {name: echo(params.get(name, "")) for name in FIELDS}
    verification = error = None
    if asked:
        try:
            verification = verify_account(params.get("url"), params.get("handle"), params.get("platform"))
        except InvalidAccountAddress as problem:
            field = problem.field if problem.field in FIELDS else "url"
            error = {"field": field, "message": PAGE_MESSAGES.get(problem.code, str(problem))}
    account = verification.account if verification else None
    context = {
        "verify_values": values,
        "verify_error": error,
        "verification": verification,
        "verified_account": account,
        "presidency_served": presidency_served(account),
        "platforms": Platform.choices,
        "asked": asked,
        "registry_url": page.get_url(request),
        "verify_url": page.get_url(request) + page.reverse_subpage("verify"),
        "verify_canonical": page.get_full_url(request) + page.reverse_subpage("verify"),
    }
    response = page.render(request, template=TEMPLATE, context_overrides=context)
    if error is not None:
        response.status_code = 400
    return response
