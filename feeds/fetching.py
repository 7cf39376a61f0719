"""Safe fetching of partner feeds: ``fetch(url, etag, modified) -> FetchResult``. No ORM here.

A feed address is untrusted input. Before any connection, every address its host
resolves to must be public; the request then goes to the address that was checked
(the Host header and TLS server name carry the original name), so a second DNS
answer cannot redirect it inside our network. Redirects are followed by hand and
checked the same way. The body is read as it streams, decompressed here with a
cap, under connect/read timeouts and an overall deadline.
"""

from __future__ import annotations

import datetime
import email.utils
import functools
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_REDIRECTS = 3
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
# Shared carrier-grade NAT and other ranges ``is_global`` alone does not rule out everywhere.
_EXTRA_BLOCKED = [
    ipaddress.ip_network("100.64.0.0/10"),
    ipaddress.ip_network("192.0.0.0/24"),
    ipaddress.ip_network("198.18.0.0/15"),
    ipaddress.ip_network("fd00:ec2::/32"),  # cloud metadata over IPv6
]


class FetchError(Exception):
    """A fetch that failed; ``message`` is safe to show to officers and store on the source."""

    retry_after: datetime.timedelta | None = None
    status: int | None = None

    def __init__(self, message: str, *, status: int | None = None, retry_after: datetime.timedelta | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


class RefusedURL(FetchError):
    """The address may not be fetched at all (scheme, private address, downgrade…)."""


class BodyTooLarge(FetchError):
    pass


@dataclass(frozen=True)
class FetchResult:
    status: int  # 200 (content) or 304 (not modified)
    url: str  # after redirects
    content: bytes | None
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class FetchPolicy:
    allowed_private: frozenset[str] = frozenset()
    max_bytes: int = 5 * 1024 * 1024
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    user_agent: str = "G20-Communications-Hub-Feed-Fetcher/1.0"

    @classmethod
    def from_settings(cls) -> FetchPolicy:
        return cls(
            allowed_private=frozenset(
                host.strip().lower().rstrip(".") for host in settings.FEEDS_ALLOWED_PRIVATE_HOSTS
            ),
            max_bytes=settings.FEEDS_MAX_BYTES,
            connect_timeout=settings.FEEDS_CONNECT_TIMEOUT,
            read_timeout=settings.FEEDS_READ_TIMEOUT,
            deadline=settings.FEEDS_DEADLINE,
            user_agent=settings.FEEDS_USER_AGENT,
        )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every fetch (building one costs more than a 304 poll)."""
    return ssl.create_default_context()


def system_resolver(host: str, port: int) -> list[str]:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"The name {host} does not resolve ({error}).") from None
    return list(dict.fromkeys(answer[4][0] for answer in answers))


def is_public_address(address: IPAddress) -> bool:
    """True only for globally routable unicast addresses (embedded IPv4 forms are checked too)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None:
            return is_public_address(embedded)
    if address.is_multicast or address.is_private or address.is_loopback or address.is_link_local:
        return False
    if address.is_reserved or address.is_unspecified or not address.is_global:
        return False
    return not any(address in network for network in _EXTRA_BLOCKED if network.version == address.version)


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:
        # inet_aton accepts legacy spellings (0x7f000001, 2130706433, 0177.0.0.1, 127.1): refuse them.
        socket.inet_aton(host)
    except (OSError, ValueError):
        return None
    raise RefusedURL(f"{host} is a numeric address in a non-standard spelling.")


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int
    address: str


def check_url(url: str, policy: FetchPolicy, resolver: Resolver) -> Target:
    """Refuse anything but http(s) to public addresses (or allowed private hosts); pick the address to use."""
    if not isinstance(url, str) or len(url) > 2000:
        raise RefusedURL("The address is missing or too long.")
    if any(ord(char) < 33 for char in url):
        raise RefusedURL("The address contains spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise RefusedURL(f"The address is not valid ({error}).") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise RefusedURL("Only http and https addresses can be fetched.")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise RefusedURL("The address has no host name.")
    if parts.username or parts.password:
        raise RefusedURL("Addresses with a user name or password are refused.")
    port = port or (443 if scheme == "https" else 80)
    literal = _literal_address(host)
    host_allowed = host in policy.allowed_private
    if literal is not None:
        candidates = [literal]
    else:
        if (host == "localhost" or host.endswith(".localhost")) and not host_allowed:
            raise RefusedURL(f"{host} is a local name.")
        candidates = [ipaddress.ip_address(answer.split("%")[0]) for answer in resolver(host, port)]
        if not candidates:
            raise FetchError(f"The name {host} does not resolve.")
    for address in candidates:
        if not (is_public_address(address) or host_allowed or str(address) in policy.allowed_private):
            raise RefusedURL(f"{host} points to a non-public address ({address}); it may not be fetched.")
    return Target(url=url, scheme=scheme, host=host, port=port, address=str(candidates[0]))


def _retry_after(value: str | None) -> datetime.timedelta | None:
    if not value:
        return None
    value = value.strip()
    # ASCII digits only: a header decoded as Latin-1 can carry "²", which isdigit() admits and int() refuses.
    if value.isascii() and value.isdigit():
        return datetime.timedelta(seconds=min(int(value), 7 * 24 * 3600))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(datetime.timedelta(0), when - datetime.datetime.now(datetime.UTC))


class _Body:
    """Decompress and count the body as it arrives; stop at the cap or the deadline."""

    def __init__(self, encoding: str, max_bytes: int, deadline: float):
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._decoder = None
        elif encoding in ("gzip", "x-gzip"):
            self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._decoder = zlib.decompressobj()
        else:
            raise FetchError(f"The server used an unsupported content encoding ({encoding[:20]}).")
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.parts: list[bytes] = []
        self.size = 0

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise BodyTooLarge(f"The feed is larger than {self.max_bytes // 1024} KB once decompressed.")
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if time.monotonic() > self.deadline:
            raise FetchError("The server took too long to send the feed.")
        if self._decoder is None:
            self._add(chunk)
            return
        data = chunk
        while data:
            try:
                # Never inflate more than the room left (+1 to notice going over): a bomb stops here.
                out = self._decoder.decompress(data, self.max_bytes - self.size + 1)
            except zlib.error as error:
                raise FetchError(f"The feed's compressed data is corrupt ({error}).") from None
            self._add(out)
            data = self._decoder.unconsumed_tail

    def content(self) -> bytes:
        if self._decoder is not None:
            self._add(self._decoder.flush())
        return b"".join(self.parts)


def _request(client: httpx.Client, target: Target, headers: dict[str, str]) -> httpx.Response:
    host_header = target.host if target.port in (80, 443) else f"{target.host}:{target.port}"
    address = f"[{target.address}]" if ":" in target.address else target.address
    parts = urlsplit(target.url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    pinned = f"{target.scheme}://{address}:{target.port}{path}"
    request = client.build_request(
        "GET",
        pinned,
        headers={**headers, "Host": host_header},
        extensions={"sni_hostname": target.host},
    )
    return client.send(request, stream=True)


def fetch(
    url: str,
    etag: str = "",
    modified: str = "",
    *,
    resolver: Resolver = system_resolver,
    policy: FetchPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
) -> FetchResult:
    """Fetch ``url`` safely (conditional on ``etag``/``modified``); raise FetchError with a clear message."""
    policy = policy or FetchPolicy.from_settings()
    deadline = time.monotonic() + policy.deadline
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    timeout = httpx.Timeout(connect=policy.connect_timeout, read=policy.read_timeout, write=10.0, pool=5.0)
    redirects: list[str] = []
    current = url
    # One client per fetch: its connections belong to one checked address and one server name.
    with httpx.Client(
        trust_env=False, follow_redirects=False, timeout=timeout, transport=transport, verify=_ssl_context()
    ) as client:
        while True:
            target = check_url(current, policy, resolver)
            try:
                response = _request(client, target, headers)
            except httpx.TimeoutException:
                raise FetchError("The server did not answer in time.") from None
            except httpx.HTTPError as error:
                raise FetchError(f"Could not connect: {error.__class__.__name__}.") from None
            try:
                if response.status_code in REDIRECT_STATUSES:
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError("The server redirected without saying where.", status=response.status_code)
                    if len(redirects) >= MAX_REDIRECTS:
                        raise FetchError(f"More than {MAX_REDIRECTS} redirects.", status=response.status_code)
                    following = urljoin(current, location.strip())
                    if target.scheme == "https" and urlsplit(following).scheme.lower() == "http":
                        raise RefusedURL("A redirect from https to http was refused.")
                    redirects.append(following)
                    current = following
                    continue
                if response.status_code == 304:
                    return FetchResult(
                        status=304,
                        url=current,
                        content=None,
                        etag=response.headers.get("etag", etag),
                        last_modified=response.headers.get("last-modified", modified),
                        redirects=redirects,
                    )
                if response.status_code in (429, 503):
                    raise FetchError(
                        f"The server asked us to wait (HTTP {response.status_code}).",
                        status=response.status_code,
                        retry_after=_retry_after(response.headers.get("retry-after")),
                    )
                if response.status_code != 200:
                    raise FetchError(f"The server answered HTTP {response.status_code}.", status=response.status_code)
                length = response.headers.get("content-length", "")
                if length.isascii() and length.isdigit() and int(length) > policy.max_bytes:
                    raise BodyTooLarge(f"The feed is larger than {policy.max_bytes // 1024} KB.")
                body = _Body(response.headers.get("content-encoding", ""), policy.max_bytes, deadline)
                try:
                    for chunk in _raw_chunks(response):
                        body.feed(chunk)
                except httpx.TimeoutException:
                    raise FetchError("The server stopped sending the feed.") from None
                except httpx.HTTPError as error:
                    raise FetchError(f"The connection failed while reading: {error.__class__.__name__}.") from None
                return FetchResult(
                    status=200,
                    url=current,
                    content=body.content(),
                    etag=response.headers.get("etag", ""),
                    last_modified=response.headers.get("last-modified", ""),
                    content_type=response.headers.get("content-type", ""),
                    redirects=redirects,
                )
            finally:
                response.close()


def _raw_chunks(response: httpx.Response) -> Iterable[bytes]:
    # Raw bytes as they arrive (no re-chunking, so the deadline is checked on every read);
    # decompression happens in _Body, where its output is capped.
    return response.iter_raw()
