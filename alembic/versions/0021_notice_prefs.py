"""Notices that reach people (issue 22, part 2): more reasons and channels in the outbox,
the person's choice of what and how, and the KRR reservation (letters instead)

Revision ID: 0021_notice_prefs
Revises: 0020_office_restriction_events

The outbox carries every notice now, not only unread messages: `thread_id`/`message_id`
become optional, `object_key` names what a notice is about, and one row per (reason,
object, recipient, channel) at most (`ix_notification_outbox_notice`). Existing rows were
all about unread messages: their key is their first unread message. The unread index
gains the channel (a person may get an e-mail and an SMS about one thread).
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0021_notice_prefs"
down_revision: Union[str, Sequence[str], None] = "0020_office_restriction_events"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString
_TS = ip_app.kernel.models.UTCDateTime
_ACTIVE = "status IN ('pending', 'retrying')"


def upgrade() -> None:
    op.add_column("account", sa.Column("contact_reserved", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.drop_index("ix_notification_outbox_active", table_name="notification_outbox")
    with op.batch_alter_table("notification_outbox") as batch:
        batch.alter_column("thread_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("message_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("object_key", _S(length=80), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("printed_at", _TS(), nullable=True))
        batch.add_column(sa.Column("printed_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("notification_outbox_plan_id_fkey", "plan", ["plan_id"], ["id"])
        batch.create_foreign_key("notification_outbox_printed_by_id_fkey", "account",
                                 ["printed_by_id"], ["id"])
    op.execute("UPDATE notification_outbox SET object_key = 'message:' || message_id "
               "WHERE object_key = ''")
    with op.batch_alter_table("notification_outbox") as batch:
        batch.alter_column("object_key", existing_type=_S(length=80), server_default=None)
    op.create_index(op.f("ix_notification_outbox_plan_id"), "notification_outbox", ["plan_id"],
                    unique=False)
    op.create_index("ix_notification_outbox_active", "notification_outbox",
                    ["recipient_id", "thread_id", "channel"], unique=True,
                    sqlite_where=sa.text(_ACTIVE), postgresql_where=sa.text(_ACTIVE))
    op.create_index("ix_notification_outbox_notice", "notification_outbox",
                    ["reason", "object_key", "recipient_id", "channel"], unique=True)
    op.create_table(
        "notice_pref",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("reasons", _S(length=300), nullable=False),
        sa.Column("by_email", sa.Boolean(), nullable=False),
        sa.Column("by_sms", sa.Boolean(), nullable=False),
        sa.Column("set_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name="notice_pref_account_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_notice_pref_account_id"), "notice_pref", ["account_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("notice_pref")
    op.drop_index("ix_notification_outbox_notice", table_name="notification_outbox")
    op.drop_index("ix_notification_outbox_active", table_name="notification_outbox")
    op.drop_index(op.f("ix_notification_outbox_plan_id"), table_name="notification_outbox")
    op.execute("DELETE FROM notification_outbox WHERE thread_id IS NULL")
    with op.batch_alter_table("notification_outbox") as batch:
        batch.drop_constraint("notification_outbox_printed_by_id_fkey", type_="foreignkey")
        batch.drop_constraint("notification_outbox_plan_id_fkey", type_="foreignkey")
        batch.drop_column("printed_by_id")
        batch.drop_column("printed_at")
        batch.drop_column("plan_id")
        batch.drop_column("object_key")
        batch.alter_column("message_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("thread_id", existing_type=sa.Integer(), nullable=False)
    op.create_index("ix_notification_outbox_active", "notification_outbox",
                    ["recipient_id", "thread_id"], unique=True,
                    sqlite_where=sa.text(_ACTIVE), postgresql_where=sa.text(_ACTIVE))
    with op.batch_alter_table("account") as batch:
        batch.drop_column("contact_reserved")
