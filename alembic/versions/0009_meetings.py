"""Meetings (møter) of a plan, with every version kept (issue 6 item 4)

Revision ID: 0009_meetings
Revises: 0008_cooperation_agreement
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0009_meetings"
down_revision: Union[str, Sequence[str], None] = "0008_cooperation_agreement"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("ends_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("place_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("invited", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["account.id"], name="meeting_created_by_id_fkey"),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="meeting_plan_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_meeting_plan_id"), "meeting", ["plan_id"], unique=False)
    op.create_table(
        "meeting_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_by_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("changed_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["account.id"],
                                name="meeting_version_changed_by_id_fkey"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"],
                                name="meeting_version_meeting_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "version", name="meeting_version_meeting_id_version_key"),
    )
    op.create_index(op.f("ix_meeting_version_meeting_id"), "meeting_version", ["meeting_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("meeting_version")
    op.drop_table("meeting")
