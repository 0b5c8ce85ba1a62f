"""inspector substitutions after a draw; the 普法 figures staff enter per year

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 19:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('inspection_substitutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('out_inspector_id', sa.Integer(), nullable=False),
    sa.Column('in_inspector_id', sa.Integer(), nullable=False),
    sa.Column('reason_kind', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plans.id'], ),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inspection_substitutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_substitutions_plan_id'), ['plan_id'], unique=False)

    op.create_table('legal_education_years',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'kind')
    )


def downgrade():
    op.drop_table('legal_education_years')
    with op.batch_alter_table('inspection_substitutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_substitutions_plan_id'))
    op.drop_table('inspection_substitutions')
