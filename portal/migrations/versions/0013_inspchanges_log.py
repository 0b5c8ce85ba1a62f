"""inspection changes: the public change log of published inspection results

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25 20:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('inspection_changes',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['inspection_records.id'], ),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('inspection_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_changes_record_id'), ['record_id'], unique=False)
    # Results published before the log existed enter it as additions, in the order they were published, so a
    # mirror replaying the log from 0 holds every public result.
    op.execute(
        "INSERT INTO inspection_changes (record_id, op, at) SELECT id, 'add', published_at FROM inspection_records"
        " WHERE published_at IS NOT NULL ORDER BY published_at, id"
    )


def downgrade():
    with op.batch_alter_table('inspection_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_changes_record_id'))
    op.drop_table('inspection_changes')
