"""dialog: read receipts per message and server-side drafts

Revision ID: 0002_dialog
Revises: 0001_initial
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = '0002_dialog'
down_revision: Union[str, Sequence[str], None] = '0001_initial'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('message_read',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('read_at', ip_app.kernel.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name='message_read_account_id_fkey'),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name='message_read_message_id_fkey'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id', 'account_id', name='message_read_message_id_account_id_key')
    )
    op.create_index(op.f('ix_message_read_message_id'), 'message_read', ['message_id'], unique=False)
    op.create_table('draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', ip_app.kernel.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name='draft_account_id_fkey'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name='draft_plan_id_fkey'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'plan_id', 'thread_id', name='draft_account_id_plan_id_thread_id_key')
    )
    op.create_index(op.f('ix_draft_account_id'), 'draft', ['account_id'], unique=False)


def downgrade() -> None:
    op.drop_table('draft')
    op.drop_table('message_read')
