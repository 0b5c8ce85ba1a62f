"""Dependency audit for `make test`: pip-audit over the installed packages (not the project's own editable
install, which is no published package and would only be reported as unknown).

Fails (exit 1) when a known vulnerability is reported. When the vulnerability service cannot be reached, or
cannot look a package up (a private mirror, no network), it says so plainly and does not fail the build: an
audit that could not run is reported, never mistaken for a clean one.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip_audit",
                "--local",
                "--skip-editable",
                "--progress-spinner",
                "off",
                "-f",
                "json",
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if not out.exists():
            print(f"dependency audit could not run: {proc.stderr.strip().splitlines()[-1:] or proc.returncode}")
            return 0
        deps = json.loads(out.read_text())["dependencies"]
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or ["?"])
            print(f"VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in {fixed})")
    audited = len(deps) - len(skipped)
    print(
        f"dependency audit: {audited} of {len(deps)} packages checked, {len(vulnerable)} with known vulnerabilities"
        + (f"; {len(skipped)} could not be looked up (vulnerability service unreachable from here)" if skipped else "")
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
