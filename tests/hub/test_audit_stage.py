"""CI's vulnerability stage (.ci/audit, .ci/audit_summary.py): a known vulnerability fails it, and a
source that answered for no package makes it NOT RUN, never passed. pip-audit's JSON report is
fabricated here (CI cannot always reach an advisory source; the stage itself is run by .ci/run)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = ROOT / ".ci" / "audit_summary.py"


def summarise(tmp_path, dependencies) -> subprocess.CompletedProcess:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    return subprocess.run(
        [sys.executable, str(SUMMARY), str(report), "pypi"], capture_output=True, text=True, check=False
    )


def test_a_known_vulnerability_fails_the_stage_and_names_the_fix(tmp_path):
    result = summarise(
        tmp_path,
        [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.1"]}]},
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
        ],
    )

    assert result.returncode == 1
    assert "VULNERABLE: django 5.2.0: PYSEC-2099-1 (fixed in 5.2.1)" in result.stdout
    assert "2 packages audited, 1 vulnerable" in result.stdout


def test_every_package_audited_and_none_vulnerable_passes(tmp_path):
    result = summarise(tmp_path, [{"name": "wagtail", "version": "8.0.1", "vulns": []}])

    assert result.returncode == 0
    assert "1 packages audited, 0 vulnerable, 0 not audited" in result.stdout


def test_a_source_that_answered_for_nothing_is_not_a_pass(tmp_path):
    reason = "Dependency not found on PyPI and could not be audited: django (5.2.19)"
    result = summarise(tmp_path, [{"name": "django", "skip_reason": reason}])

    assert result.returncode == 3
    assert "no package could be audited" in result.stdout


def test_packages_left_unaudited_are_named_and_the_audit_is_not_a_full_pass(tmp_path):
    result = summarise(
        tmp_path,
        [
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
            {"name": "private-pkg", "version": "1.0", "skip_reason": "Dependency not found on PyPI"},
        ],
    )

    assert result.returncode == 4
    assert "not audited: private-pkg 1.0" in result.stdout


@pytest.mark.parametrize("content", ["", "{not json", '{"no": "dependencies"}'])
def test_an_unreadable_report_is_neither_pass_nor_not_run(tmp_path, content):
    report = tmp_path / "report.json"
    report.write_text(content)
    result = subprocess.run([sys.executable, str(SUMMARY), str(report), "osv"], capture_output=True, text=True)

    assert result.returncode == 2


def test_ci_runs_the_audit_and_lists_a_stage_that_checked_nothing_as_not_run():
    ci = (ROOT / ".ci" / "run").read_text()
    audit = (ROOT / ".ci" / "audit").read_text()

    assert "bash .ci/audit" in ci
    assert "NOT RUN" in ci and "CI_NOT_RUN" in audit
    # The auditor is pinned like everything else.
    pins = (ROOT / ".ci" / "requirements-audit.txt").read_text().split()
    assert "pip-audit==2.10.1" in pins
