"""SQLite text index in list order: each row's rowid is the decision's date and id, and a marker token finds it

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 19:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# portal/penalties/textsearch.py: rowid = days since 1970-01-01 of decided_on * 2**31 + id; the body ends with
# the marker token U+E000 followed by the id (char(57344) in SQLite). PostgreSQL's penalty_text is unchanged.
KEY = "CAST(julianday(p.decided_on) - 2440587.5 AS INTEGER) * 2147483648 + p.id"
CREATE = "CREATE VIRTUAL TABLE {} USING fts5(violation UNINDEXED, body, tokenize = 'ascii')"


def _rewrite(select_rows: str) -> None:
    op.execute(CREATE.format("penalty_fts_next"))
    op.execute(f"INSERT INTO penalty_fts_next (rowid, violation, body) {select_rows}")
    op.execute("DROP TABLE penalty_fts")
    op.execute("ALTER TABLE penalty_fts_next RENAME TO penalty_fts")


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    _rewrite(
        f"SELECT {KEY}, f.violation, f.body || ' ' || char(57344) || p.id "
        "FROM penalty_fts f JOIN penalties p ON p.id = f.rowid"
    )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    _rewrite(
        "SELECT f.rowid % 2147483648, f.violation, "
        "substr(f.body, 1, length(f.body) - length(' ' || char(57344) || (f.rowid % 2147483648))) "
        "FROM penalty_fts f"
    )
