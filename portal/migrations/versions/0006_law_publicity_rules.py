"""law: publicity rule, tier and months per decision; procedure and birth date; the field of laws and items

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('penalties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('procedure', sa.String(length=8), nullable=False, server_default='普通程序'))
        batch_op.add_column(sa.Column('party_birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('publicity_rule', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('publicity_tier', sa.String(length=4), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('publicity_tier_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('publicity_months', sa.Integer(), nullable=True))

    with op.batch_alter_table('laws', schema=None) as batch_op:
        batch_op.add_column(sa.Column('field', sa.String(length=20), nullable=False, server_default=''))

    with op.batch_alter_table('power_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('field', sa.String(length=20), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('power_items', schema=None) as batch_op:
        batch_op.drop_column('field')

    with op.batch_alter_table('laws', schema=None) as batch_op:
        batch_op.drop_column('field')

    with op.batch_alter_table('penalties', schema=None) as batch_op:
        batch_op.drop_column('publicity_months')
        batch_op.drop_column('publicity_tier_reason')
        batch_op.drop_column('publicity_tier')
        batch_op.drop_column('publicity_rule')
        batch_op.drop_column('party_birth_date')
        batch_op.drop_column('procedure')
