"""notification outbox (issue 5, item 6): e-mails about unread messages

Revision ID: 0003_notification_outbox
Revises: 0002_dialog

One table, `notification_outbox`, holding every notification to send (never deleted),
and an index on `message.sent_at` so the notifier finds recent messages without a scan.
Constraint names follow PostgreSQL's own (<table>_<column>_fkey), as in 0001.
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0003_notification_outbox"
down_revision: Union[str, Sequence[str], None] = "0002_dialog"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_ACTIVE = "status IN ('pending', 'retrying')"


def upgrade() -> None:
    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("due_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("claim_token", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("claimed_until", ip_app.kernel.models.UTCDateTime(), nullable=True),
        sa.Column("sent_at", ip_app.kernel.models.UTCDateTime(), nullable=True),
        sa.Column("created_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["recipient_id"], ["account.id"],
                                name="notification_outbox_recipient_id_fkey"),
        sa.ForeignKeyConstraint(["thread_id"], ["thread.id"],
                                name="notification_outbox_thread_id_fkey"),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"],
                                name="notification_outbox_message_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_notification_outbox_recipient_id"), "notification_outbox",
                    ["recipient_id"], unique=False)
    op.create_index(op.f("ix_notification_outbox_thread_id"), "notification_outbox",
                    ["thread_id"], unique=False)
    op.create_index("ix_notification_outbox_due", "notification_outbox",
                    ["status", "next_attempt_at"], unique=False)
    op.create_index("ix_notification_outbox_active", "notification_outbox",
                    ["recipient_id", "thread_id"], unique=True,
                    sqlite_where=sa.text(_ACTIVE), postgresql_where=sa.text(_ACTIVE))
    op.create_index("ix_message_sent_at", "message", ["sent_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_message_sent_at", table_name="message")
    op.drop_table("notification_outbox")
