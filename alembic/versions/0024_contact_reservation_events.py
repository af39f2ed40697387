"""Reserved against digital contact (KRR) set and lifted by staff (issue 22): its history

account.contact_reserved stays the current value; every setting and lifting is a
contact_reservation_event row: the person, the plan it was set from, who, when and why.

Revision ID: 0024_contact_reservation_events
Revises: 0023_minutes_changed_measures
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0024_contact_reservation_events"
down_revision: Union[str, Sequence[str], None] = "0023_minutes_changed_measures"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "contact_reservation_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("reserved", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name="contact_reservation_event_account_id_fkey"),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"],
                                name="contact_reservation_event_plan_id_fkey"),
        sa.ForeignKeyConstraint(["by_id"], ["account.id"],
                                name="contact_reservation_event_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_contact_reservation_event_account_id"),
                    "contact_reservation_event", ["account_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_contact_reservation_event_account_id"),
                  table_name="contact_reservation_event")
    op.drop_table("contact_reservation_event")
