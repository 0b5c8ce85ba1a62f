"""What residents search for: one count per normalised query and day, nothing about who searched."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SearchCount(db.Model):
    """How often a (normalised) query was searched on a day, and how many strict results it had last time.

    No address, cookie, account or time of day is kept: only the text, the day and the counts.
    """

    __tablename__ = "search_counts"
    __table_args__ = (UniqueConstraint("day", "query"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    query: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[int] = mapped_column(Integer, default=0)  # strict matches when last searched
