"""A partner feed server on 127.0.0.1 (reached through FEEDS_ALLOWED_PRIVATE_HOSTS, as in a private
deployment) and sources pointing at it."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
RSS = (FIXTURES / "partner-rss.xml").read_bytes()


class FeedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests: list[str] = []
    # Path -> (body, content type); tests add documents with monkeypatch.setitem.
    documents: dict[str, tuple[bytes, str]] = {}

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the stdlib's name
        FeedHandler.requests.append(self.path)
        if self.path in FeedHandler.documents:
            body, content_type = FeedHandler.documents[self.path]
            return self._send(200, body, {"Content-Type": content_type})
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"rss-1"':
                return self._send(304, headers={"ETag": '"rss-1"'})
            return self._send(200, RSS, {"Content-Type": "application/rss+xml", "ETag": '"rss-1"'})
        if self.path == "/busy.xml":
            return self._send(429, headers={"Retry-After": "3600"})
        if self.path == "/not-a-feed":
            return self._send(200, b"<html><body>Hello</body></html>", {"Content-Type": "text/html"})
        return self._send(500)


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@pytest.fixture(scope="session")
def feed_server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture
def feed_settings(settings):
    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.FEEDS_MIN_HOST_INTERVAL = 0
    settings.FEEDS_READ_TIMEOUT = 2.0
    settings.FEEDS_DEADLINE = 5.0
    return settings
