"""Issue 21: tiltak made from a referat, samtalereferat (versions, the person's "Jeg har
lest") and "slik går det" progress notes on a tiltak (versions)

Revision ID: 0022_issue21_notes
Revises: 0021_notice_prefs
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0022_issue21_notes"
down_revision: Union[str, Sequence[str], None] = "0021_notice_prefs"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_TS = ip_app.kernel.models.UTCDateTime
_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "minutes_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("minutes_version", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"],
                                name="minutes_measure_meeting_id_fkey"),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"],
                                name="minutes_measure_measure_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measure_id", name="minutes_measure_measure_id_key"),
    )
    op.create_index(op.f("ix_minutes_measure_meeting_id"), "minutes_measure", ["meeting_id"],
                    unique=False)
    op.create_table(
        "conversation_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="conversation_record_plan_id_fkey"),
        sa.ForeignKeyConstraint(["created_by_id"], ["account.id"],
                                name="conversation_record_created_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_conversation_record_plan_id"), "conversation_record", ["plan_id"],
                    unique=False)
    op.create_table(
        "conversation_record_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("topic", _S(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("written_by_role", _S(length=20), nullable=False),
        sa.Column("written_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["conversation_record.id"],
                                name="conversation_record_version_record_id_fkey"),
        sa.ForeignKeyConstraint(["written_by_id"], ["account.id"],
                                name="conversation_record_version_written_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_id", "version",
                            name="conversation_record_version_record_id_version_key"),
    )
    op.create_index(op.f("ix_conversation_record_version_record_id"),
                    "conversation_record_version", ["record_id"], unique=False)
    op.create_table(
        "conversation_record_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["conversation_record.id"],
                                name="conversation_record_response_record_id_fkey"),
        sa.ForeignKeyConstraint(["by_id"], ["account.id"],
                                name="conversation_record_response_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_conversation_record_response_record_id"),
                    "conversation_record_response", ["record_id"], unique=False)
    op.create_table(
        "progress_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("series", _S(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("written_by_role", _S(length=20), nullable=False),
        sa.Column("written_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"],
                                name="progress_note_measure_id_fkey"),
        sa.ForeignKeyConstraint(["written_by_id"], ["account.id"],
                                name="progress_note_written_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series", "version", name="progress_note_series_version_key"),
    )
    op.create_index(op.f("ix_progress_note_measure_id"), "progress_note", ["measure_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("progress_note")
    op.drop_table("conversation_record_response")
    op.drop_table("conversation_record_version")
    op.drop_table("conversation_record")
    op.drop_table("minutes_measure")
