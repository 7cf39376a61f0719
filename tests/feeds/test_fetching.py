"""Safe fetching: hostile addresses are refused before any connection, the request goes to the
address that was checked, and hostile servers (bombs, stalls, redirects inward) are stopped.

Test servers run on 127.0.0.1 only, reached through names the policy allows (as
FEEDS_ALLOWED_PRIVATE_HOSTS does in a private deployment); the resolver is injected.
"""

from __future__ import annotations

import datetime
import gzip
import http.server
import ipaddress
import threading
import time
import zlib
from collections.abc import Iterator

import pytest

from feeds.fetching import (
    BodyTooLarge,
    FetchError,
    FetchPolicy,
    RefusedURL,
    check_url,
    fetch,
    is_public_address,
)

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Partner</title></channel></rss>'
ALLOWED = "feeds.test"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[dict] = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the stdlib's name
        Handler.seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        path = self.path
        if path == "/feed":
            if self.headers.get("If-None-Match") == '"v1"':
                return self._send(304, headers={"ETag": '"v1"'})
            return self._send(
                200, FEED, {"Content-Type": "application/rss+xml", "ETag": '"v1"', "Last-Modified": "Mon, 02 Nov 2026"}
            )
        if path == "/gzip":
            return self._send(200, gzip.compress(FEED), {"Content-Encoding": "gzip"})
        if path == "/deflate":
            return self._send(200, zlib.compress(FEED), {"Content-Encoding": "deflate"})
        if path == "/bomb":
            # 64 MB of zeros, about 64 KB on the wire.
            return self._send(200, gzip.compress(b"\0" * (64 * 1024 * 1024), 9), {"Content-Encoding": "gzip"})
        if path == "/big":
            return self._send(200, b"x" * (300 * 1024))
        if path == "/brotli":
            return self._send(200, b"????", {"Content-Encoding": "br"})
        if path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<rss>")
            self.wfile.flush()
            time.sleep(3)
            return None
        if path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<!-- -->")
                self.wfile.flush()
                time.sleep(0.1)
            return None
        if path.startswith("/hop/"):
            remaining = int(path.rsplit("/", 1)[1])
            target = "/feed" if remaining == 0 else f"/hop/{remaining - 1}"
            return self._send(302, headers={"Location": target})
        if path == "/to-metadata":
            return self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        if path == "/to-other-name":
            return self._send(301, headers={"Location": f"http://evil.test:{self.server.server_port}/feed"})
        if path == "/busy":
            return self._send(429, headers={"Retry-After": "120"})
        if path == "/unavailable":
            date = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)).strftime(
                "%a, %d %b %Y %H:%M:%S GMT"
            )
            return self._send(503, headers={"Retry-After": date})
        if path == "/missing":
            return self._send(404, b"not here")
        return self._send(500)


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The fetcher hangs up on bombs and stalls on purpose; that is not an error here.
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()


def resolver_for(table: dict[str, list[str]], calls: list[str] | None = None):
    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise FetchError(f"The name {host} does not resolve.")
        return table[host]

    return resolve


LOCAL = resolver_for({ALLOWED: ["127.0.0.1"], "evil.test": ["127.0.0.1"]})


def policy(**overrides) -> FetchPolicy:
    values = {"allowed_private": frozenset({ALLOWED}), "max_bytes": 256 * 1024, "read_timeout": 1.0, "deadline": 5.0}
    values.update(overrides)
    return FetchPolicy(**values)


def url(port: int, path: str, host: str = ALLOWED) -> str:
    return f"http://{host}:{port}{path}"


# Refused before any connection --------------------------------------------------------------


PUBLIC = resolver_for(
    {
        "partner.example": ["93.184.216.34"],
        "rebind.example": ["127.0.0.1"],
        "mixed.example": ["93.184.216.34", "10.0.0.5"],
        "cgnat.example": ["100.64.1.1"],
        "v6.example": ["2606:4700::1111"],
    }
)


@pytest.mark.parametrize(
    "address",
    [
        "file:///etc/passwd",
        "ftp://partner.example/feed.xml",
        "/etc/passwd",
        "feed.xml",
        "gopher://partner.example/",
        "javascript:alert(1)",
        "http://127.0.0.1/feed",
        "http://10.1.2.3/feed",
        "http://192.168.0.1/feed",
        "http://172.16.5.4/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[fd00:ec2::254]/",
        "http://[2002:7f00:1::]/",
        "http://localhost/",
        "http://localhost./",
        "http://api.localhost/",
        "http://rebind.example/feed",
        "http://mixed.example/feed",
        "http://cgnat.example/feed",
        "http://user:secret@partner.example/feed",
        "http://partner.example:99999/",
        "http://partner example/",
        "http://partner.example/\nHost: evil",
        "",
    ],
)
def test_refused_addresses(address):
    with pytest.raises(RefusedURL) as refused:
        check_url(address, policy(allowed_private=frozenset()), PUBLIC)
    assert refused.value.message


def test_public_addresses_pass_and_the_first_checked_one_is_used():
    target = check_url("https://partner.example/feed.xml", policy(), PUBLIC)
    assert (target.host, target.port, target.address) == ("partner.example", 443, "93.184.216.34")
    assert check_url("http://v6.example:8080/", policy(), PUBLIC).address == "2606:4700::1111"


def test_unresolvable_names_are_a_clear_error():
    with pytest.raises(FetchError, match="does not resolve"):
        check_url("https://nowhere.example/feed", policy(), PUBLIC)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("100.127.255.255", False),
        ("198.18.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("::ffff:10.0.0.1", False),
        ("2001:db8::1", False),
        ("ff02::1", False),
    ],
)
def test_is_public_address(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_allow_list_admits_named_hosts_and_addresses_only():
    assert check_url("http://feeds.test/", policy(), LOCAL).address == "127.0.0.1"
    with pytest.raises(RefusedURL):
        check_url("http://evil.test/", policy(), LOCAL)
    assert check_url("http://127.0.0.1:8000/", policy(allowed_private=frozenset({"127.0.0.1"})), LOCAL)


def test_policy_reads_the_setting(settings):
    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = ["Feeds.Test.", "10.0.0.7"]
    assert FetchPolicy.from_settings().allowed_private == frozenset({"feeds.test", "10.0.0.7"})


# Fetching from a local server ---------------------------------------------------------------


def test_fetch_sends_identity_and_returns_the_body_and_validators(server):
    Handler.seen.clear()
    result = fetch(url(server, "/feed"), resolver=LOCAL, policy=policy(user_agent="Hub-Test/1.0"))
    assert (result.status, result.content, result.etag) == (200, FEED, '"v1"')
    assert result.last_modified == "Mon, 02 Nov 2026"
    assert result.content_type == "application/rss+xml"
    request = Handler.seen[-1]
    assert request["user-agent"] == "Hub-Test/1.0"
    assert request["host"] == f"{ALLOWED}:{server}"


def test_conditional_get_gives_304_without_a_body(server):
    result = fetch(url(server, "/feed"), etag='"v1"', modified="Mon, 02 Nov 2026", resolver=LOCAL, policy=policy())
    assert result.not_modified and result.content is None
    assert result.etag == '"v1"'
    assert Handler.seen[-1]["if-none-match"] == '"v1"'
    assert Handler.seen[-1]["if-modified-since"] == "Mon, 02 Nov 2026"


def test_the_connection_goes_to_the_checked_address(server):
    # The name resolves once per hop; a second answer (a DNS rebinding) is never asked for.
    calls: list[str] = []
    answers = iter([["127.0.0.1"]])

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers, ["169.254.169.254"])

    result = fetch(url(server, "/feed"), resolver=rebinding, policy=policy())
    assert result.content == FEED
    assert calls == [ALLOWED]


def test_proxy_variables_are_ignored(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    assert fetch(url(server, "/feed"), resolver=LOCAL, policy=policy()).content == FEED


@pytest.mark.parametrize("path", ["/gzip", "/deflate"])
def test_compressed_bodies_are_decompressed(server, path):
    assert fetch(url(server, path), resolver=LOCAL, policy=policy()).content == FEED


def test_a_gzip_bomb_is_stopped_at_the_cap(server):
    started = time.monotonic()
    with pytest.raises(BodyTooLarge, match="larger than 256 KB"):
        fetch(url(server, "/bomb"), resolver=LOCAL, policy=policy())
    assert time.monotonic() - started < 5


def test_a_large_body_is_refused(server):
    with pytest.raises(BodyTooLarge):
        fetch(url(server, "/big"), resolver=LOCAL, policy=policy())


def test_an_unsupported_encoding_is_refused(server):
    with pytest.raises(FetchError, match="unsupported content encoding"):
        fetch(url(server, "/brotli"), resolver=LOCAL, policy=policy())


def test_a_server_that_stalls_after_the_headers_times_out(server):
    with pytest.raises(FetchError, match="stopped sending|too long"):
        fetch(url(server, "/stall"), resolver=LOCAL, policy=policy(read_timeout=0.5))


def test_a_slow_drip_is_stopped_by_the_deadline(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch(url(server, "/drip"), resolver=LOCAL, policy=policy(read_timeout=1.0, deadline=1.0))
    assert time.monotonic() - started < 3


def test_redirects_are_followed_up_to_three(server):
    result = fetch(url(server, "/hop/2"), resolver=LOCAL, policy=policy())
    assert result.content == FEED
    assert len(result.redirects) == 3
    with pytest.raises(FetchError, match="More than 3 redirects"):
        fetch(url(server, "/hop/3"), resolver=LOCAL, policy=policy())


def test_a_redirect_to_an_internal_address_is_refused(server):
    with pytest.raises(RefusedURL, match="169.254.169.254"):
        fetch(url(server, "/to-metadata"), resolver=LOCAL, policy=policy())


def test_each_redirect_is_checked_again(server):
    with pytest.raises(RefusedURL, match="evil.test"):
        fetch(url(server, "/to-other-name"), resolver=LOCAL, policy=policy())


def test_too_many_requests_carries_retry_after(server):
    with pytest.raises(FetchError) as busy:
        fetch(url(server, "/busy"), resolver=LOCAL, policy=policy())
    assert busy.value.status == 429
    assert busy.value.retry_after == datetime.timedelta(seconds=120)
    with pytest.raises(FetchError) as unavailable:
        fetch(url(server, "/unavailable"), resolver=LOCAL, policy=policy())
    assert unavailable.value.status == 503
    assert datetime.timedelta(minutes=55) < unavailable.value.retry_after <= datetime.timedelta(hours=1)


def test_other_statuses_are_errors_with_the_status(server):
    with pytest.raises(FetchError, match="HTTP 404") as missing:
        fetch(url(server, "/missing"), resolver=LOCAL, policy=policy())
    assert missing.value.status == 404


def test_a_closed_port_is_a_clear_error():
    with pytest.raises(FetchError, match="Could not connect"):
        fetch("http://feeds.test:9/feed", resolver=LOCAL, policy=policy())


def test_https_goes_to_the_checked_address_with_the_name_for_tls():
    import httpx

    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, stream=httpx.ByteStream(FEED))

    resolver = resolver_for({"partner.example": ["93.184.216.34"]})
    result = fetch(
        "https://partner.example/feeds/all.xml?lang=en",
        resolver=resolver,
        policy=policy(),
        transport=httpx.MockTransport(handler),
    )
    assert result.content == FEED
    request = seen[0]
    assert (request.url.scheme, request.url.host, request.url.port) == ("https", "93.184.216.34", None)
    assert request.url.raw_path == b"/feeds/all.xml?lang=en"
    assert request.headers["host"] == "partner.example"
    assert request.extensions["sni_hostname"] == "partner.example"


def test_an_https_to_http_downgrade_is_refused():
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "http://partner.example/feed"})

    resolver = resolver_for({"partner.example": ["93.184.216.34"]})
    with pytest.raises(RefusedURL, match="https to http"):
        fetch(
            "https://partner.example/feed", resolver=resolver, policy=policy(), transport=httpx.MockTransport(handler)
        )


@pytest.mark.parametrize("value", ["\xb2", "\u0661\u0662", "12s", "soon"])
def test_a_retry_after_that_is_neither_ascii_seconds_nor_a_date_is_ignored(value):
    from feeds.fetching import _retry_after

    assert _retry_after(value) is None
