"""Mixed anonymous traffic for the load test (bench/load.py runs it; so can ``locust -f`` by hand).

Visitors read pages (home, a presidency, the statements index and a statement, a library item, a
debunk, the fact-check database with a filter, the newsroom, a roundtable meeting, the commitments
tracker), search, and call the API; feed readers poll the outbound feeds, half of them with the
ETag of their last poll (an intended 304). Every address comes from the running site at start-up
(the API, the sitemap and the pages' own links), none is written here. Any answer other than 2xx
or 3xx (or a 304 nobody asked for) is a failure.

Statistics are grouped by kind of traffic ("pages", "search", "feeds", "api") so that locust's CSV
gives each group's percentiles; the finer kinds ("page: debunk", …) and the page cache's hits go
to the JSON file named by LOAD_DETAIL_JSON when locust stops, and locust's CSV of the final figures
to LOAD_CSV_PREFIX_stats.csv and LOAD_CSV_PREFIX_failures.csv.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import threading
from collections import Counter, defaultdict
from urllib.parse import urlencode, urlsplit

import requests
from locust import HttpUser, between, events, task
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

DETAIL_JSON = os.environ.get("LOAD_DETAIL_JSON", "")
CSV_PREFIX = os.environ.get("LOAD_CSV_PREFIX", "")
LANGUAGE = os.environ.get("LOAD_LANGUAGE", "en")
WAIT_MIN = float(os.environ.get("LOAD_WAIT_MIN", "0.5"))
WAIT_MAX = float(os.environ.get("LOAD_WAIT_MAX", "2.0"))
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
SEARCH_WORDS_FALLBACK = ["summit", "disinformation", "election", "climate", "platforms", "G20"]
API_LISTS = ("statements", "library", "debunks", "items", "meetings", "commitments", "presidencies", "accounts")


class Site:
    """What the running site has, read once before any visitor starts."""

    pages: dict[str, list[str]] = {}
    feeds: list[str] = []
    search_words: list[str] = []
    factcheck_filters: list[str] = []
    api_lists: list[str] = []


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _api_urls(session: requests.Session, host: str, name: str) -> list[dict]:
    response = session.get(f"{host}/api/v1/{name}/", params={"page_size": 100}, timeout=30)
    response.raise_for_status()
    return response.json()["results"]


def _in_language(urls: list[str]) -> list[str]:
    own = [url for url in urls if f"/{LANGUAGE}/" in url]
    return own or urls


def discover(host: str) -> None:
    session = requests.Session()
    root = session.get(f"{host}/api/v1/", timeout=30)
    root.raise_for_status()
    Site.api_lists = [f"/api/v1/{name}/" for name in API_LISTS if name in root.json()]

    pages: dict[str, list[str]] = {}
    for kind, name in (
        ("presidency", "presidencies"),
        ("statement", "statements"),
        ("library item", "library"),
        ("debunk", "debunks"),
        ("meeting", "meetings"),
    ):
        pages[kind] = _in_language([_path(row["url"]) for row in _api_urls(session, host, name) if row.get("url")])

    sitemap = session.get(f"{host}/sitemap.xml", timeout=30)
    sitemap.raise_for_status()
    locations = [_path(url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)]
    home = f"/{LANGUAGE}/"
    # The site-wide indexes are the sitemap's one-segment addresses; each kind's pages above tell which.
    indexes = {path for path in locations if re.fullmatch(rf"/{LANGUAGE}/[\w-]+/", path)}

    def index_of(kind: str) -> list[str]:
        found = {"/".join(path.split("/")[:3]) + "/" for path in pages[kind]}
        return sorted(found & indexes)

    # Presidencies keep statements and documents of their own: the site-wide index is the other one.
    presidencies = set(index_of("presidency"))

    pages["home"] = [home] if home in locations else locations[:1]
    pages["statements index"] = sorted(set(index_of("statement")) - presidencies)
    pages["fact-check database"] = index_of("debunk")
    roundtable = index_of("meeting")
    newsroom = [path for path in indexes if "news" in path]
    pages["newsroom"] = newsroom

    library = sorted(set(index_of("library item")) - presidencies)
    listings = pages["statements index"] + pages["fact-check database"] + newsroom + library
    feeds: set[str] = set()
    for listing in [*listings, *roundtable]:
        html = session.get(host + listing, timeout=30).text
        for link in re.findall(r"<link[^>]+>", html):
            if 'rel="alternate"' in link and any(f'type="{kind}"' in link for kind in FEED_TYPES):
                feeds.add(_path(re.search(r'href="([^"]+)"', link).group(1)))
        for anchor in re.findall(r'href="([^"]*commitments/)"', html):
            pages.setdefault("commitments tracker", []).append(_path(anchor))
    pages["commitments tracker"] = sorted(set(pages.get("commitments tracker", [])))
    Site.feeds = sorted(feeds)

    database = pages["fact-check database"][0] if pages["fact-check database"] else None
    filters = []
    if database:
        html = session.get(host + database, timeout=30).text
        for field in ("verdict", "country", "language"):
            select = re.search(rf'<select name="{field}".*?</select>', html, re.S)
            values = re.findall(r'<option value="([^"]+)"', select.group(0)) if select else []
            filters += [f"{database}?{urlencode({field: value})}" for value in values[:5]]
    Site.factcheck_filters = filters or ([database] if database else [])

    titles = " ".join(row["title"] for row in _api_urls(session, host, "statements"))
    words = sorted({word.lower() for word in re.findall(r"[A-Za-z]{6,}", titles)})
    Site.search_words = words[:40] or SEARCH_WORDS_FALLBACK

    missing = [kind for kind, found in pages.items() if not found]
    if missing or not Site.feeds:
        raise RuntimeError(f"the site has no {', '.join(missing) or 'feeds'}: is the demo content loaded?")
    Site.pages = pages


@events.test_start.add_listener
def on_test_start(environment, **_kwargs):
    discover(environment.host.rstrip("/"))
    summary = {kind: len(urls) for kind, urls in Site.pages.items()}
    print(f"discovered pages {summary}, {len(Site.feeds)} feeds, {len(Site.api_lists)} API lists", flush=True)


# --- What the CSV cannot say: finer kinds, page-cache hits, intended 304s ------------------------------

_lock = threading.Lock()
_times: dict[str, list[float]] = defaultdict(list)
_cache: Counter = Counter()
_not_modified = Counter()


@events.request.add_listener
def record(context, response, response_time, **_kwargs):
    kind = context.get("kind")
    if not kind or response is None:
        return
    with _lock:
        _times[kind].append(response_time)
        state = response.headers.get("X-Hub-Cache")
        if state:
            _cache[state] += 1
        if response.status_code == 304:
            _not_modified["count"] += 1


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


@events.quitting.add_listener
def write_final_stats(environment, **_kwargs):
    # locust's own CSV, written once from the final figures (--csv's periodic writer can miss the
    # last seconds of a run).
    if CSV_PREFIX and environment.runner is not None:
        stats_csv = StatsCSV(environment, PERCENTILES_TO_REPORT)
        with open(f"{CSV_PREFIX}_stats.csv", "w", newline="") as handle:
            stats_csv.requests_csv(csv.writer(handle))
        with open(f"{CSV_PREFIX}_failures.csv", "w", newline="") as handle:
            stats_csv.failures_csv(csv.writer(handle))
    if not DETAIL_JSON:
        return
    by_kind = {
        kind: {"requests": len(values), "p50_ms": _percentile(values, 0.5), "p95_ms": _percentile(values, 0.95)}
        for kind, values in sorted(_times.items())
    }
    considered = _cache["hit"] + _cache["miss"]
    detail = {
        "by_kind": by_kind,
        "page_cache": {
            "hits": _cache["hit"],
            "misses": _cache["miss"],
            "hit_ratio": round(_cache["hit"] / considered, 3) if considered else None,
        },
        "not_modified": _not_modified["count"],
    }
    with open(DETAIL_JSON, "w") as handle:
        json.dump(detail, handle, indent=2)


class Visitor(HttpUser):
    """An anonymous reader, a journalist searching, a partner's feed reader and an API client in one mix."""

    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self):
        # Each visitor has its own address behind the one proxy (NUM_PROXIES=1), as at the real edge.
        number = random.randrange(1, 65000)  # noqa: S311 - not security
        self.client.headers["X-Forwarded-For"] = f"198.18.{number // 256}.{number % 256}"
        self.client.headers["Accept-Language"] = LANGUAGE
        self.etags: dict[str, str] = {}

    def fetch(self, group: str, kind: str, path: str, *, revalidate: bool = False, expect: str = "") -> None:
        headers = {}
        if revalidate and path in self.etags:
            headers["If-None-Match"] = self.etags[path]
        context = {"kind": f"{group}: {kind}"}
        with self.client.get(path, name=group, headers=headers, context=context, catch_response=True) as response:
            status = response.status_code
            if status == 304 and not headers:
                response.failure(f"304 for {path} without a conditional request")
            elif not (200 <= status < 400):
                response.failure(f"{status} for {path}")
            elif status == 200 and expect and expect not in response.headers.get("Content-Type", ""):
                response.failure(f"{path}: Content-Type {response.headers.get('Content-Type')!r}, not {expect}")
            else:
                if status == 200 and response.headers.get("ETag"):
                    self.etags[path] = response.headers["ETag"]
                response.success()

    def page(self, kind: str) -> None:
        self.fetch("pages", kind, random.choice(Site.pages[kind]), expect="text/html")  # noqa: S311

    @task(6)
    def home(self):
        self.page("home")

    @task(3)
    def presidency(self):
        self.page("presidency")

    @task(3)
    def statements_index(self):
        self.page("statements index")

    @task(5)
    def statement(self):
        self.page("statement")

    @task(3)
    def library_item(self):
        self.page("library item")

    @task(5)
    def debunk(self):
        self.page("debunk")

    @task(3)
    def factcheck_database(self):
        path = random.choice(Site.factcheck_filters)  # noqa: S311
        self.fetch("pages", "fact-check database, filtered", path, expect="text/html")

    @task(3)
    def newsroom(self):
        self.page("newsroom")

    @task(2)
    def meeting(self):
        self.page("meeting")

    @task(2)
    def commitments(self):
        self.page("commitments tracker")

    @task(4)
    def search(self):
        words = random.sample(Site.search_words, k=min(2, len(Site.search_words)))  # noqa: S311
        query = words[0] if random.random() < 0.6 else " ".join(words)  # noqa: S311
        self.fetch("search", "search", f"/{LANGUAGE}/search/?{urlencode({'q': query})}", expect="text/html")

    @task(6)
    def feed(self):
        path = random.choice(Site.feeds)  # noqa: S311
        # Aggregators poll with the ETag of their last fetch, when they have one.
        self.fetch("feeds", "feed", path, revalidate=random.random() < 0.5)  # noqa: S311

    @task(5)
    def api_list(self):
        path = random.choice(Site.api_lists)  # noqa: S311
        if random.random() < 0.3:  # noqa: S311
            path += "?page_size=10"
        self.fetch("api", "list", path, expect="application/json", revalidate=random.random() < 0.2)  # noqa: S311
