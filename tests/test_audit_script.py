"""scripts/audit.py: pip-audit over the installed packages, without the project's own editable install."""

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit.py"


def test_the_audit_skips_the_editable_project_install(monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    calls = []

    def fake_run(args, **kwargs):
        calls.append(args)
        out = Path(args[args.index("-o") + 1])
        out.write_text(json.dumps({"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []}]}))

    monkeypatch.setattr(script.subprocess, "run", fake_run)
    assert script.main() == 0
    assert "--skip-editable" in calls[0] and "--local" in calls[0]
    assert "1 of 1 packages checked" in capsys.readouterr().out
