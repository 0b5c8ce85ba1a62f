"""penalty text search inside the database; an index for counts by year

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('penalties', schema=None) as batch_op:
        batch_op.create_index('ix_penalties_decided_visible', ['decided_on', 'status', 'publicity_until'], unique=False)

    # The public text of each public decision as character bigrams (portal/penalties/textsearch.py). Filled by
    # every change of a decision; `flask --app portal index rebuild` fills it for decisions published before.
    if op.get_bind().dialect.name == 'postgresql':
        op.create_table('penalty_text',
        sa.Column('penalty_id', sa.Integer(), nullable=False),
        sa.Column('violation', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['penalty_id'], ['penalties.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('penalty_id')
        )
        # A stored tsvector, not an expression index: a plan that reads many rows must not re-parse each body.
        op.execute("ALTER TABLE penalty_text ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED")
        op.execute("CREATE INDEX ix_penalty_text_tsv ON penalty_text USING gin (tsv)")
    else:
        op.execute("CREATE VIRTUAL TABLE penalty_fts USING fts5(violation UNINDEXED, body, tokenize = 'ascii')")


def downgrade():
    with op.batch_alter_table('penalties', schema=None) as batch_op:
        batch_op.drop_index('ix_penalties_decided_visible')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_table('penalty_text')
    else:
        op.execute('DROP TABLE penalty_fts')
