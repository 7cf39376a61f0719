"""What each domain tells the core about itself, from its own ``AppConfig.ready()``.

The core never imports a domain. A domain that wants the core to purge the page cache when one of its
rows changes, to smoke-test its pages after a restore, to load its demo content or to publish its API
registers that here::

    from hub import registry

    class StatementsConfig(AppConfig):
        def ready(self):
            registry.purge_on("statements.member")
            registry.smoke(urls=["/en/statements/", "/api/v1/statements/"], counted=["statements.StatementPage"])
            registry.demo("statements.demo.load", after=["presidencies"])
            registry.api_route("statements", "statements.api.StatementViewSet", basename="statement")

Views, loaders and viewsets are named by dotted path and imported only by whoever uses them (the API
router, ``load_demo``), so registering costs nothing at start-up and never imports in a circle.
Registering the same thing twice changes nothing (``ready()`` may run more than once in tests).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class ApiRoute:
    prefix: str
    viewset: str
    basename: str


@dataclass(frozen=True)
class ApiPath:
    route: str
    view: str
    name: str


@dataclass(frozen=True)
class DemoLoader:
    app_label: str
    load: str
    after: tuple[str, ...]


# Rows whose change shows on public pages, keyed by "app_label.model", each with an optional function
# naming the live pages that show the row (for the CDN purge): instance -> list of pages.
_purge_models: dict[str, Callable | None] = {}
_smoke_urls: list[str] = []
_counted_models: list[str] = []
_demo_loaders: dict[str, DemoLoader] = {}
_api_routes: dict[str, ApiRoute] = {}
_api_paths: dict[str, ApiPath] = {}
_own_feeds: list[str] = []
# Groups whose members must pass a second factor (hub.mfa.rules): exact names and full-match patterns.
_second_factor_groups: set[str] = set()
_second_factor_group_patterns: dict[str, re.Pattern] = {}


def purge_on(*labels: str, pages: Callable | None = None) -> None:
    """Saving or deleting a row of these models purges the public page cache."""
    for label in labels:
        _purge_models[label.lower()] = pages


def smoke(urls: Iterable[str] = (), counted: Iterable[str] = ()) -> None:
    """URLs ``smoke_check`` fetches after a deployment or restore, models whose rows it counts."""
    for url in urls:
        if url not in _smoke_urls:
            _smoke_urls.append(url)
    for label in counted:
        if label not in _counted_models:
            _counted_models.append(label)


def demo(load: str, *, after: Iterable[str] = ()) -> None:
    """``load`` (a dotted path to ``load(stdout) -> dict[str, int]``) fills the domain's demo content,
    after the domains named in ``after`` (app labels) have filled theirs."""
    app_label = load.split(".", 1)[0]
    _demo_loaders[app_label] = DemoLoader(app_label, load, tuple(after))


def api_route(prefix: str, viewset: str, *, basename: str) -> None:
    """Publish ``viewset`` at ``/api/v1/<prefix>/``. A later registration of the same prefix replaces the
    earlier one (a domain may extend one of the core's endpoints)."""
    _api_routes[prefix] = ApiRoute(prefix, viewset, basename)


def api_path(route: str, view: str, *, name: str) -> None:
    """A plain view under ``/api/v1/`` (exports), matched before the router's own patterns."""
    _api_paths[route] = ApiPath(route, view, name)


def own_feed(index_model: str) -> None:
    """The hub's own index page (``"app_label.Model"``, a ``SyndicatedListingMixin``) whose newest entries
    join partner items where a feed asks for the hub's content too (the newsroom's ``?include=hub``)."""
    if index_model not in _own_feeds:
        _own_feeds.append(index_model)


def second_factor_groups(*names: str, pattern: str | None = None) -> None:
    """Members of these groups (by name, or whose name fully matches ``pattern``) hold rights that need a
    second factor after their password: moderators, chairs, anyone who publishes."""
    _second_factor_groups.update(names)
    if pattern:
        _second_factor_group_patterns[pattern] = re.compile(pattern)


def needs_second_factor(group_name: str) -> bool:
    return group_name in _second_factor_groups or any(
        compiled.fullmatch(group_name) for compiled in _second_factor_group_patterns.values()
    )


def own_feeds() -> list[str]:
    return list(_own_feeds)


def purge_models() -> dict[str, Callable | None]:
    return dict(_purge_models)


def smoke_urls() -> list[str]:
    return list(_smoke_urls)


def counted_models() -> list[str]:
    return list(_counted_models)


def api_routes() -> list[ApiRoute]:
    return list(_api_routes.values())


def api_paths() -> list[ApiPath]:
    return list(_api_paths.values())


def demo_loaders() -> list[DemoLoader]:
    """Loaders in an order that respects every ``after``, otherwise the order domains registered in
    (``INSTALLED_APPS``): sections appear in the menu in the order their demo created them."""
    pending = dict(_demo_loaders)
    for loader in pending.values():
        unknown = [label for label in loader.after if label not in pending]
        if unknown:
            raise ImproperlyConfigured(f"Demo of {loader.app_label!r} comes after unknown domains {unknown}.")
    ordered: list[DemoLoader] = []
    done: set[str] = set()
    while pending:
        ready = next((loader for loader in pending.values() if done.issuperset(loader.after)), None)
        if ready is None:
            raise ImproperlyConfigured(f"Demo loaders wait on each other: {sorted(pending)}.")
        ordered.append(pending.pop(ready.app_label))
        done.add(ready.app_label)
    return ordered
