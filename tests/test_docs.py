"""The README documents every setting and API parameter (as Datasette tests its docs against its code)."""

from pathlib import Path

from portal.config import SETTINGS
from portal.penalties.schemas import PenaltyArgs
from portal.powers.schemas import PowerSearchArgs

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    missing = [name for name in SETTINGS if f"`{name}`" not in README]
    assert missing == []


def test_every_search_parameter_is_documented():
    missing = [
        name for schema in (PowerSearchArgs, PenaltyArgs) for name in schema().fields if f"`{name}`" not in README
    ]
    assert missing == []


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README


def _packages() -> list[str]:
    portal = Path(__file__).resolve().parent.parent / "portal"
    return sorted(p.parent.relative_to(portal.parent).as_posix() + "/" for p in portal.rglob("__init__.py"))


def test_the_layout_names_every_package():
    layout = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    architecture = (Path(__file__).resolve().parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [p for p in _packages() if f"`{p}`" not in layout] == []
    assert [p for p in _packages() if p != "portal/" and p not in architecture] == []


def test_every_permission_is_documented():
    from portal.permissions import TABLE

    assert [action for action in TABLE if f"`{action}`" not in README] == []
