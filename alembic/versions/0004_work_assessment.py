"""§ 14 a assessment: NAV's written assessment and the person's own view, versioned

Revision ID: 0004_work_assessment
Revises: 0003_notification_outbox
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = '0004_work_assessment'
down_revision: Union[str, Sequence[str], None] = '0003_notification_outbox'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('work_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('author_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('possibilities', sa.Text(), nullable=False),
    sa.Column('work_goal', sa.Text(), nullable=False),
    sa.Column('ability', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('ability_note', sa.Text(), nullable=False),
    sa.Column('innsatsgruppe', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('help_note', sa.Text(), nullable=False),
    sa.Column('agrees', sa.Boolean(), nullable=True),
    sa.Column('about_version', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('written_by_role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('written_at', ip_app.kernel.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name='work_assessment_plan_id_fkey'),
    sa.ForeignKeyConstraint(['written_by_id'], ['account.id'], name='work_assessment_written_by_id_fkey'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'author_kind', 'version', name='work_assessment_plan_id_author_kind_version_key')
    )
    op.create_index(op.f('ix_work_assessment_plan_id'), 'work_assessment', ['plan_id'], unique=False)


def downgrade() -> None:
    op.drop_table('work_assessment')
