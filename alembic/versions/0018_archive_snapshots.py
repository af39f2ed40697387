"""Archive snapshots: each PDF/A copy of a plan handed to the archive target (issue 22 part 5)

Revision ID: 0018_archive_snapshots
Revises: 0017_decisions
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0018_archive_snapshots"
down_revision: Union[str, Sequence[str], None] = "0017_decisions"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString
_TS = ip_app.kernel.models.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "archive_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("reason", _S(length=20), nullable=False),
        sa.Column("source", _S(length=60), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("made_at", _TS(), nullable=False),
        sa.Column("target", _S(length=20), nullable=False),
        sa.Column("reference", _S(length=500), nullable=False),
        sa.Column("sha256", _S(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="archive_snapshot_plan_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_archive_snapshot_plan_id"), "archive_snapshot", ["plan_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_archive_snapshot_plan_id"), table_name="archive_snapshot")
    op.drop_table("archive_snapshot")
