"""Kontorsperre set and lifted from the administrator's page (issue 19): its history

Every setting and lifting of a plan's kontorsperre (plan.office_restriction_org_id) is an
office_restriction_event row: the NAV office, who, when and why.

Revision ID: 0020_office_restriction_events
Revises: 0019_open_plan_per_person
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0020_office_restriction_events"
down_revision: Union[str, Sequence[str], None] = "0019_open_plan_per_person"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "office_restriction_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("event", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"],
                                name="office_restriction_event_plan_id_fkey"),
        sa.ForeignKeyConstraint(["org_id"], ["organisation.id"],
                                name="office_restriction_event_org_id_fkey"),
        sa.ForeignKeyConstraint(["by_id"], ["account.id"],
                                name="office_restriction_event_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_office_restriction_event_plan_id"), "office_restriction_event",
                    ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_office_restriction_event_plan_id"),
                  table_name="office_restriction_event")
    op.drop_table("office_restriction_event")
