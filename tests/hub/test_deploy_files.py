"""The sample process files for production (Procfile, systemd units, env file) stay in step with the
code and the README: right entry points, one beat, every variable documented."""

import configparser
import re
import shlex
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
UNITS = BASE_DIR / "deploy" / "systemd"


def procfile() -> dict[str, str]:
    lines = (BASE_DIR / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name)
    return parser


def test_procfile_runs_web_worker_beat_and_release_with_the_real_entry_points():
    processes = procfile()
    assert set(processes) == {"release", "web", "worker", "beat"}
    assert shlex.split(processes["web"])[:2] == ["gunicorn", "hub.wsgi:application"]
    assert shlex.split(processes["worker"])[:4] == ["celery", "-A", "hub", "worker"]
    assert shlex.split(processes["beat"])[:4] == ["celery", "-A", "hub", "beat"]
    assert "migrate --noinput" in processes["release"]
    # The entry points exist: the WSGI module and the Celery app module.
    assert (BASE_DIR / "hub" / "wsgi.py").read_text().count("application") >= 1
    assert "Celery(" in (BASE_DIR / "hub" / "celery.py").read_text()


def test_systemd_units_use_the_shared_environment_and_restart():
    names = sorted(path.name for path in UNITS.glob("*.service"))
    assert names == [
        "g20-hub-beat.service",
        "g20-hub-migrate.service",
        "g20-hub-web.service",
        "g20-hub-worker@.service",
    ]
    for name in names:
        service = unit(name)["Service"]
        assert service["EnvironmentFile"] == "/etc/g20-hub/env", name
        assert service["User"] == "hub", name
        assert service["ExecStart"].startswith("/srv/g20-hub/.venv/bin/"), name
        if name != "g20-hub-migrate.service":
            assert service["Restart"] == "always", name
            assert "WantedBy" in unit(name)["Install"], name


def test_only_workers_are_a_template_unit_and_beat_is_single():
    templates = [path.name for path in UNITS.glob("*@.service")]
    assert templates == ["g20-hub-worker@.service"]
    assert "%i" in unit("g20-hub-worker@.service")["Service"]["ExecStart"]
    running_beat = [path.name for path in UNITS.glob("*.service") if " beat" in unit(path.name)["Service"]["ExecStart"]]
    assert running_beat == ["g20-hub-beat.service"]


def test_every_variable_of_the_sample_environment_is_documented():
    readme = (BASE_DIR / "README.md").read_text()
    names = re.findall(r"^([A-Z][A-Z0-9_]+)=", (BASE_DIR / "deploy" / "env.example").read_text(), re.MULTILINE)
    assert "DATABASE_URL" in names and "MEDIA_S3_BUCKET" in names
    undocumented = [name for name in names if f"`{name}`" not in readme]
    assert not undocumented, undocumented
