"""search counts: one count per normalised query and day (no address, cookie or person)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 16:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_counts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('query', sa.String(length=200), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('results', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('day', 'query'),
    )
    with op.batch_alter_table('search_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_counts_day'), ['day'], unique=False)


def downgrade():
    with op.batch_alter_table('search_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_counts_day'))
    op.drop_table('search_counts')
