"""What every model module shares."""

from __future__ import annotations

import datetime as dt


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
