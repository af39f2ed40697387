"""Full-time programmes (introduction programme, KVP): kartlegging, sluttmål, phases, versions

Revision ID: 0005_programme
Revises: 0004_work_assessment
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = '0005_programme'
down_revision: Union[str, Sequence[str], None] = '0004_work_assessment'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('norwegian_level', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('education', sa.Text(), nullable=False),
    sa.Column('work_experience', sa.Text(), nullable=False),
    sa.Column('final_goal', sa.Text(), nullable=False),
    sa.Column('hurtigspor', sa.Boolean(), nullable=False),
    sa.Column('extension_months', sa.Integer(), nullable=False),
    sa.Column('extension_reason', sa.Text(), nullable=False),
    sa.Column('phases', sa.JSON(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('written_at', ip_app.kernel.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name='programme_plan_id_fkey'),
    sa.ForeignKeyConstraint(['written_by_id'], ['account.id'], name='programme_written_by_id_fkey'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'basis', 'version', name='programme_plan_id_basis_version_key')
    )
    op.create_index(op.f('ix_programme_plan_id'), 'programme', ['plan_id'], unique=False)


def downgrade() -> None:
    op.drop_table('programme')
