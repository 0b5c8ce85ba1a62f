"""China's clock: the portal's one notion of "now" and "today" (publicity periods end at a change of day in China).

Times are stored in UTC and shown in China Standard Time; tests pin today with the app config key ``TODAY``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app

CST = dt.timezone(dt.timedelta(hours=8), "CST")  # China has one time zone and no daylight saving


def now() -> dt.datetime:
    """The current time in China."""
    return dt.datetime.now(CST)


def today() -> dt.date:
    """Today in China; tests pin it with the app config key TODAY (a date) so publicity periods stay put."""
    pinned = current_app.config.get("TODAY") if current_app else None
    return pinned or now().date()


def local(value: dt.datetime) -> dt.datetime:
    """A stored time in China's zone. Times are stored in UTC; SQLite hands them back without a zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(CST)


def utc(at: dt.datetime | None = None) -> dt.datetime:
    """``at`` (default: now) in UTC, as stored."""
    return (at or now()).astimezone(dt.UTC)


def json_value(value):
    """A stored value as published in JSON: money with two decimals, times in China's zone, dates as ISO."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        return local(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
