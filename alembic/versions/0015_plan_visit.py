"""When each account last opened a plan, for "Nytt siden sist" (issue 20)

Revision ID: 0015_plan_visit
Revises: 0014_ip_contents_closing
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import ip_app.kernel.models

revision: str = "0015_plan_visit"
down_revision: Union[str, Sequence[str], None] = "0014_ip_contents_closing"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "plan_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "account_id"),
    )
    op.create_index("ix_plan_visit_plan_id", "plan_visit", ["plan_id"])
    op.create_index("ix_plan_visit_account_id", "plan_visit", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_visit_account_id", table_name="plan_visit")
    op.drop_index("ix_plan_visit_plan_id", table_name="plan_visit")
    op.drop_table("plan_visit")
