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
    missing = [name for schema in (PowerSearchArgs, PenaltyArgs) for name in schema().fields
               if f"`{name}`" not in README]
    assert missing == []


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
