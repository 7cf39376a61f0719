"""Recognising an official account under every ordinary spelling of its address or handle.

``normalise_url`` folds the variants people paste (http/https, www./m./mobile.,
trailing slash, tracking query strings, letter case of the handle, twitter.com
for x.com) into one key; a query that identifies the account, such as
Facebook's ``profile.php?id=``, is kept. Pure functions, no database.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import OfficialAccount

MAX_INPUT_LENGTH = 500


class InvalidAccountAddress(ValueError):
    """The text is not an http(s) address or handle we can check.

    ``str(error)`` is the translated message; ``code`` says what is wrong (``missing``, ``both``,
    ``platform_missing``, ``platform_unknown`` or ``invalid``) and ``field`` which input it is about
    (``url``, ``handle``, ``platform``, or empty when the caller knows better), so a form can put the
    message next to the field."""

    def __init__(self, message, *, code: str = "invalid", field: str = ""):
        super().__init__(message)
        self.code = code
        self.field = field


# Hosts that are the same service under another name.
HOST_ALIASES = {
    "twitter.com": "x.com",
    "fb.com": "facebook.com",
    "fb.me": "facebook.com",
    "instagr.am": "instagram.com",
    "youtu.be": "youtube.com",
    "telegram.me": "t.me",
    "threads.net": "threads.com",
    "linkedin.cn": "linkedin.com",
}
# Sub-domains that show the same page: www.x.com, mobile.twitter.com, m.facebook.com, web.facebook.com.
IGNORED_SUBDOMAINS = ("www.", "m.", "mobile.", "web.", "touch.")
# Query parameters that identify the account; every other parameter is tracking or display.
IDENTIFYING_QUERY = {
    ("facebook.com", "/profile.php"): ("id",),
    ("weibo.com", "/u"): ("id",),
}
# Path segments that are case-sensitive identifiers (YouTube channel ids).
CASE_SENSITIVE_PREFIXES = {"youtube.com": ("/channel/",)}

KNOWN_PLATFORM_HOSTS = {
    "x.com",
    "facebook.com",
    "instagram.com",
    "youtube.com",
    "linkedin.com",
    "threads.com",
    "bsky.app",
    "tiktok.com",
    "t.me",
    "weibo.com",
    "whatsapp.com",
}
HANDLE_URLS = {
    "x": "https://x.com/{name}",
    "facebook": "https://facebook.com/{name}",
    "instagram": "https://instagram.com/{name}",
    "youtube": "https://youtube.com/@{name}",
    "linkedin": "https://linkedin.com/company/{name}",
    "threads": "https://threads.com/@{name}",
    "bluesky": "https://bsky.app/profile/{name}",
    "tiktok": "https://tiktok.com/@{name}",
    "telegram": "https://t.me/{name}",
    "weibo": "https://weibo.com/{name}",
}
HANDLE_RE = re.compile(r"^[\w.\-]{1,100}$", re.UNICODE)
MASTODON_HANDLE_RE = re.compile(r"^@?(?P<user>[\w.\-]{1,100})@(?P<host>[a-z0-9.\-]{1,253}\.[a-z]{2,63})$", re.I)


def _check_text(value: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidAccountAddress(
            _("Give an address (url=) or a handle with its platform (handle=, platform=)."), code="missing"
        )
    if len(text) > MAX_INPUT_LENGTH:
        raise InvalidAccountAddress(_("That is too long: at most %(limit)d characters.") % {"limit": MAX_INPUT_LENGTH})
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        raise InvalidAccountAddress(_("The address contains control characters."))
    return text


def normalise_url(value: str) -> str:
    """The key under which an account address is recognised, e.g. ``x.com/g20org``."""
    text = _check_text(value)
    if MASTODON_HANDLE_RE.match(text) and "/" not in text:
        return normalise_handle(text, "mastodon")
    if "://" not in text and re.match(r"^[a-z0-9.\-]+\.[a-z]{2,63}(/|$)", text, re.I):
        text = "https://" + text  # "x.com/g20org" pasted without a scheme
    try:
        parts = urlsplit(text)
        hostname = parts.hostname
        port = parts.port
    except ValueError:
        raise InvalidAccountAddress(_("That is not a valid address.")) from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise InvalidAccountAddress(_("Only http and https addresses can be checked."))
    if not hostname or "." not in hostname:
        raise InvalidAccountAddress(_("The address has no valid host name."))
    try:
        host = hostname.encode("idna").decode("ascii").lower().rstrip(".")
    except UnicodeError:
        raise InvalidAccountAddress(_("The address has no valid host name.")) from None
    for prefix in IGNORED_SUBDOMAINS:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    host = HOST_ALIASES.get(host, host)
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = path.rstrip("/") or ""
    case_sensitive = any(path.startswith(prefix) for prefix in CASE_SENSITIVE_PREFIXES.get(host, ()))
    if not case_sensitive:
        path = path.lower()
    # Mastodon profile URLs: https://instance/@user and https://instance/users/user are one account.
    match = re.match(r"^/users/([\w.\-]+)$", path)
    if match and host not in KNOWN_PLATFORM_HOSTS:
        path = f"/@{match.group(1)}"
    # x.com/@name is how people write it; X's own address has no @.
    if host == "x.com" and path.startswith("/@"):
        path = "/" + path[2:]
    kept = IDENTIFYING_QUERY.get((host, path), ())
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if k in kept))
    return f"{host}{path}" + (f"?{query}" if query else "")


def normalise_handle(handle: str, platform: str) -> str:
    """The key for a handle on a platform: the key of that handle's profile address."""
    from .models import PLATFORM_ALIASES, Platform

    text = _check_text(handle)
    platform = (platform or "").strip().lower()
    platform = PLATFORM_ALIASES.get(platform, platform)
    if platform not in Platform.values:
        raise InvalidAccountAddress(
            _("Unknown platform %(platform)s. Use one of: %(platforms)s.")
            % {"platform": platform, "platforms": ", ".join(Platform.values)},
            code="platform_unknown",
            field="platform",
        )
    if platform == "mastodon":
        match = MASTODON_HANDLE_RE.match(text)
        if not match:
            raise InvalidAccountAddress(_("A Mastodon handle looks like @user@instance.social."))
        return f"{match.group('host').lower()}/@{match.group('user').lower()}"
    if platform in {"website", "whatsapp"}:
        return normalise_url(text)
    name = text.lstrip("@")
    if not HANDLE_RE.match(name):
        raise InvalidAccountAddress(_("That is not a valid handle."))
    return normalise_url(HANDLE_URLS[platform].format(name=name))


def account_keys(account: OfficialAccount) -> list[str]:
    """Every key the account is recognised under: its URL, its alias URLs and its handle."""
    keys = [normalise_url(account.url)]
    keys.extend(normalise_url(url) for url in account.alias_url_list())
    if account.handle and account.platform not in {"website"}:
        # A display handle that is no address (e.g. a LinkedIn page name) adds no key.
        with contextlib.suppress(InvalidAccountAddress):
            keys.append(normalise_handle(account.handle, account.platform))
    return list(dict.fromkeys(keys))
