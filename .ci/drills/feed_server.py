"""Partner feeds for the fault drills, served from the drills' own process on 127.0.0.1."""

from __future__ import annotations

import http.server
import threading
import time
from email.utils import format_datetime


def rss(feed: str, entries: int) -> bytes:
    items = []
    for number in range(1, entries + 1):
        published = format_datetime(_utc(1_760_000_000 + number * 3600))
        items.append(
            f"<item><guid isPermaLink='false'>drill-{feed}-{number}</guid>"
            f"<title>Drill {feed} item {number}</title>"
            f"<link>https://partner.example/{feed}/{number}</link>"
            f"<description>Entry {number} of the {feed} drill feed.</description>"
            f"<pubDate>{published}</pubDate></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Drill feed {feed}</title><link>https://partner.example/{feed}/</link>"
        f"<description>Fault drill</description>{''.join(items)}</channel></rss>"
    ).encode()


def _utc(timestamp: int):
    import datetime

    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


class FeedServer:
    """Feeds by path; a slow one sleeps before answering its first request only."""

    def __init__(self) -> None:
        self.feeds: dict[str, tuple[bytes, float]] = {}
        self.requests: dict[str, int] = {}
        self.arrived: dict[str, threading.Event] = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                path = self.path.split("?")[0]
                if path not in server.feeds:
                    self.send_error(404)
                    return
                body, delay = server.feeds[path]
                count = server.requests[path] = server.requests.get(path, 0) + 1
                server.arrived[path].set()
                if count == 1 and delay:
                    time.sleep(delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the worker that asked was killed meanwhile

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def add(self, name: str, entries: int, delay: float = 0) -> str:
        path = f"/{name}.xml"
        self.feeds[path] = (rss(name, entries), delay)
        self.arrived[path] = threading.Event()
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, name: str) -> int:
        return self.requests.get(f"/{name}.xml", 0)

    def wait_for_request(self, name: str, timeout: float) -> bool:
        return self.arrived[f"/{name}.xml"].wait(timeout)
