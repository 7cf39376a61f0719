"""Reads pip-audit's JSON report. Exit 0: every package audited and none vulnerable; 1: vulnerable
(prints a table); 3: the advisory source answered for no package at all; 4: none vulnerable, but some
packages could not be audited (listed by name, so a partial audit is never silent); 2: no readable report."""

import json
import sys
from pathlib import Path

path, service = Path(sys.argv[1]), sys.argv[2]
try:
    dependencies = json.loads(path.read_text())["dependencies"]
except (OSError, ValueError, KeyError) as error:
    print(f"No report from {service}: {error}")
    sys.exit(2)

audited = [dep for dep in dependencies if "skip_reason" not in dep]
skipped = [dep for dep in dependencies if "skip_reason" in dep]
vulnerable = [dep for dep in audited if dep.get("vulns")]
if not audited:
    print(
        f"{service}: no package could be audited ({len(skipped)} skipped), e.g. {skipped[0]['skip_reason']}"
        if skipped
        else f"{service}: empty report"
    )
    sys.exit(3)
print(f"{service}: {len(audited)} packages audited, {len(vulnerable)} vulnerable, {len(skipped)} not audited")
for dep in skipped:
    print(f"  not audited: {dep['name']} {dep.get('version', '')}: {dep['skip_reason']}")
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
        print(f"  VULNERABLE: {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
sys.exit(1 if vulnerable else 4 if skipped else 0)
