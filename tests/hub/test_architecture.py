"""The placement rule of docs/architecture.md, checked on the source: the core knows no domain, domains
reach each other only along the documented arrows, no module passes 500 lines, and domains register
themselves with the core."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from hub import registry

ROOT = Path(settings.BASE_DIR)
DOMAINS = sorted(
    config.name
    for config in apps.get_app_configs()
    if "." not in config.name and config.name != "hub"
    if (ROOT / config.name).is_dir()
)
# docs/architecture.md, "Allowed sideways arrows".
ALLOWED_ARROWS = {
    "statements": {"presidencies"},
    "library": {"presidencies"},
    "factchecks": {"statements"},
}
LINE_LIMIT = 500


def python_files(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_packages(path: Path) -> set[str]:
    """Top-level packages a module imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_domains_are_the_top_level_apps():
    assert DOMAINS == ["factchecks", "feeds", "library", "presidencies", "roundtable", "statements"]
    assert not [name for name in settings.INSTALLED_APPS if name.startswith("hub.")]


def test_the_core_imports_no_domain():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & set(DOMAINS))
        for path in python_files(ROOT / "hub")
        if imported_packages(path) & set(DOMAINS)
    }
    assert offenders == {}


def test_core_templates_load_no_domain_tags():
    domain_libraries = {path.stem for name in DOMAINS for path in (ROOT / name / "templatetags").glob("*_tags.py")}
    assert domain_libraries, "the presidencies' tag library should be found"
    core_templates = [
        *(ROOT / "templates").glob("*.html"),
        *(ROOT / "templates" / "includes").glob("*.html"),
        *(ROOT / "templates" / "blocks").glob("*.html"),
        *(ROOT / "templates" / "hub").rglob("*.html"),
    ]
    offenders = {}
    for template in core_templates:
        loaded = {
            name for match in re.findall(r"{%\s*load\s+([^%]+)%}", template.read_text()) for name in match.split()
        }
        if loaded & domain_libraries:
            offenders[str(template.relative_to(ROOT))] = sorted(loaded & domain_libraries)
    assert offenders == {}


def test_only_the_wiring_names_hub_api():
    """The router (hub/api/), the URLconf that mounts it and the settings; domains and the core build on
    hub.rest instead."""
    wiring = [ROOT / "hub" / "api", ROOT / "hub" / "urls.py", ROOT / "hub" / "settings"]
    offenders = [
        str(path.relative_to(ROOT))
        for folder in [ROOT / "hub", *(ROOT / name for name in DOMAINS)]
        for path in python_files(folder)
        if not any(path == place or path.is_relative_to(place) for place in wiring)
        and re.search(r"\bhub\.api\b", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_domains_reach_each_other_only_along_documented_arrows():
    arrows = {}
    for name in DOMAINS:
        others = set()
        for path in python_files(ROOT / name):
            others |= imported_packages(path) & (set(DOMAINS) - {name})
        if others:
            arrows[name] = others
    undocumented = {name: sorted(others - ALLOWED_ARROWS.get(name, set())) for name, others in arrows.items()}
    assert {name: others for name, others in undocumented.items() if others} == {}


def test_the_documented_arrows_are_the_ones_in_docs():
    text = (ROOT / "docs" / "architecture.md").read_text()
    for source, targets in ALLOWED_ARROWS.items():
        rows = [line for line in text.splitlines() if line.startswith("|") and f"`{source}`" in line.split("|")[1]]
        assert rows, f"docs/architecture.md has no arrow from {source}"
        assert all(f"`{target}`" in " ".join(rows) for target in targets)


def test_no_module_passes_500_lines():
    too_long = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "node_modules", "staticfiles"} or "migrations" in parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LINE_LIMIT:
            too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}


def test_every_domain_registers_itself():
    loaders = [loader.app_label for loader in registry.demo_loaders()]
    assert loaders[0] == "hub"
    assert set(loaders) == {"hub", *DOMAINS}
    # Sections reach the menu in the order their demos made them.
    assert loaders.index("presidencies") < loaders.index("statements") < loaders.index("factchecks")
    smoke_paths = registry.smoke_urls()
    for name in DOMAINS:
        assert any(route.viewset.startswith(f"{name}.") for route in registry.api_routes()), name
    assert "/en/statements/" in smoke_paths and "/api/v1/debunks/" in smoke_paths
    assert "feeds.feeditem" in registry.purge_models()
    # A domain may take over one of the core's endpoints: the roundtable's organisations carry membership.
    organisations = next(route for route in registry.api_routes() if route.prefix == "organisations")
    assert organisations.viewset == "roundtable.api.RoundtableOrganisationViewSet"
    assert reverse("debunks-export-csv") == "/api/v1/debunks/export.csv"


def test_demo_order_refuses_unknown_or_circular_dependencies(monkeypatch):
    monkeypatch.setattr(registry, "_demo_loaders", {})
    registry.demo("alpha.demo.load", after=["beta"])
    registry.demo("beta.demo.load", after=["alpha"])
    with pytest.raises(ImproperlyConfigured, match="wait on each other"):
        registry.demo_loaders()
    monkeypatch.setattr(registry, "_demo_loaders", {})
    registry.demo("alpha.demo.load", after=["nowhere"])
    with pytest.raises(ImproperlyConfigured, match="unknown domains"):
        registry.demo_loaders()


def test_demo_order_keeps_registration_order_where_free(monkeypatch):
    monkeypatch.setattr(registry, "_demo_loaders", {})
    registry.demo("core.demo.load")
    registry.demo("late.demo.load", after=["middle"])
    registry.demo("middle.demo.load", after=["core"])
    registry.demo("free.demo.load")
    assert [loader.app_label for loader in registry.demo_loaders()] == ["core", "middle", "late", "free"]
