"""Decisions (vedtak) the person reads, their appeals (klage) with tracked steps, and
forhåndsorientering on agreed tiltak, and job search: stilling and søkeavtale (issue 22)

Revision ID: 0017_decisions
Revises: 0016_meeting_minutes
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0017_decisions"
down_revision: Union[str, Sequence[str], None] = "0016_meeting_minutes"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString
_TS = ip_app.kernel.models.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "vedtak",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", _S(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("status", _S(length=10), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("laws", _S(length=200), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("written_at", _TS(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", _TS(), nullable=True),
        sa.Column("appeal_by", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="vedtak_plan_id_fkey"),
        sa.ForeignKeyConstraint(["replaces_id"], ["vedtak.id"], name="vedtak_replaces_id_fkey"),
        sa.ForeignKeyConstraint(["replaced_by_id"], ["vedtak.id"],
                                name="vedtak_replaced_by_id_fkey"),
        sa.ForeignKeyConstraint(["written_by_id"], ["account.id"],
                                name="vedtak_written_by_id_fkey"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["account.id"],
                                name="vedtak_decided_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_vedtak_plan_id"), "vedtak", ["plan_id"], unique=False)
    op.create_table(
        "klage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vedtak_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("late_reason", sa.Text(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("status", _S(length=12), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["vedtak_id"], ["vedtak.id"], name="klage_vedtak_id_fkey"),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="klage_plan_id_fkey"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["account.id"], name="klage_sent_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_klage_vedtak_id"), "klage", ["vedtak_id"], unique=False)
    op.create_index(op.f("ix_klage_plan_id"), "klage", ["plan_id"], unique=False)
    op.create_table(
        "klage_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("klage_id", sa.Integer(), nullable=False),
        sa.Column("status", _S(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["klage_id"], ["klage.id"], name="klage_event_klage_id_fkey"),
        sa.ForeignKeyConstraint(["by_id"], ["account.id"], name="klage_event_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_klage_event_klage_id"), "klage_event", ["klage_id"], unique=False)
    op.create_table(
        "advance_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("required", sa.Text(), nullable=False),
        sa.Column("consequence", sa.Text(), nullable=False),
        sa.Column("rights", sa.Text(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", _TS(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("read_at", _TS(), nullable=True),
        sa.Column("read_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="advance_notice_plan_id_fkey"),
        sa.ForeignKeyConstraint(["measure_id"], ["measure.id"],
                                name="advance_notice_measure_id_fkey"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["account.id"],
                                name="advance_notice_sent_by_id_fkey"),
        sa.ForeignKeyConstraint(["replaces_id"], ["advance_notice.id"],
                                name="advance_notice_replaces_id_fkey"),
        sa.ForeignKeyConstraint(["replaced_by_id"], ["advance_notice.id"],
                                name="advance_notice_replaced_by_id_fkey"),
        sa.ForeignKeyConstraint(["read_by_id"], ["account.id"],
                                name="advance_notice_read_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_advance_notice_plan_id"), "advance_notice", ["plan_id"],
                    unique=False)
    op.create_index(op.f("ix_advance_notice_measure_id"), "advance_notice", ["measure_id"],
                    unique=False)
    op.create_table(
        "job_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("employer", _S(length=200), nullable=False),
        sa.Column("title", _S(length=200), nullable=False),
        sa.Column("link", _S(length=500), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", _S(length=20), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="job_application_plan_id_fkey"),
        sa.ForeignKeyConstraint(["created_by_id"], ["account.id"],
                                name="job_application_created_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_job_application_plan_id"), "job_application", ["plan_id"],
                    unique=False)
    op.create_table(
        "job_application_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", _S(length=20), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["job_application.id"],
                                name="job_application_version_job_id_fkey"),
        sa.ForeignKeyConstraint(["changed_by_id"], ["account.id"],
                                name="job_application_version_changed_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_job_application_version_job_id"), "job_application_version",
                    ["job_id"], unique=False)
    op.create_table(
        "search_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("period", _S(length=10), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=False),
        sa.Column("set_at", _TS(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="search_agreement_plan_id_fkey"),
        sa.ForeignKeyConstraint(["set_by_id"], ["account.id"],
                                name="search_agreement_set_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_search_agreement_plan_id"), "search_agreement", ["plan_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("search_agreement")
    op.drop_table("job_application_version")
    op.drop_table("job_application")
    op.drop_table("advance_notice")
    op.drop_table("klage_event")
    op.drop_table("klage")
    op.drop_table("vedtak")
