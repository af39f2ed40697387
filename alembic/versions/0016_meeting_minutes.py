"""Referat of a held meeting, every version kept, and the person's read/comment (issue 21)

Revision ID: 0016_meeting_minutes
Revises: 0015_plan_visit
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0016_meeting_minutes"
down_revision: Union[str, Sequence[str], None] = "0015_plan_visit"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "meeting_minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("discussed", sa.Text(), nullable=False),
        sa.Column("agreed", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("written_by_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("written_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"],
                                name="meeting_minutes_meeting_id_fkey"),
        sa.ForeignKeyConstraint(["written_by_id"], ["account.id"],
                                name="meeting_minutes_written_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "version", name="meeting_minutes_meeting_id_version_key"),
    )
    op.create_index(op.f("ix_meeting_minutes_meeting_id"), "meeting_minutes", ["meeting_id"],
                    unique=False)
    op.create_table(
        "minutes_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("minutes_version", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["by_id"], ["account.id"], name="minutes_response_by_id_fkey"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"],
                                name="minutes_response_meeting_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_minutes_response_meeting_id"), "minutes_response", ["meeting_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("minutes_response")
    op.drop_table("meeting_minutes")
