"""The IP's own contents with versions, archived sub-goals, closing a plan (issue 19, 4-5)

Resources, needs and samarbeidsparter (plan_item) get a version and every wording in
plan_item_version (existing items: their text as version 1, by whoever made them); a goal
version can be the archiving of the goal; a plan can be closed (plan.closed_at) and every
closing and reopening is a plan_closure row, the closing one with the final PDF.

Revision ID: 0014_ip_contents_closing
Revises: 0013_onboarding
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0014_ip_contents_closing"
down_revision: Union[str, Sequence[str], None] = "0013_onboarding"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("plan", sa.Column("closed_at", ip_app.kernel.models.UTCDateTime(), nullable=True))
    op.add_column("plan_item", sa.Column("version", sa.Integer(), server_default="1",
                                         nullable=False))
    op.add_column("goal_version", sa.Column("archived", sa.Boolean(), server_default=sa.false(),
                                            nullable=False))
    op.create_table(
        "plan_item_version",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_by_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("changed_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["account.id"],
                                name="plan_item_version_changed_by_id_fkey"),
        sa.ForeignKeyConstraint(["plan_item_id"], ["plan_item.id"],
                                name="plan_item_version_plan_item_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_item_id", "version",
                            name="plan_item_version_plan_item_id_version_key"),
    )
    op.create_index(op.f("ix_plan_item_version_plan_item_id"), "plan_item_version",
                    ["plan_item_id"], unique=False)
    op.create_table(
        "plan_closure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("event", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["by_id"], ["account.id"], name="plan_closure_by_id_fkey"),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name="plan_closure_plan_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_plan_closure_plan_id"), "plan_closure", ["plan_id"], unique=False)
    # every existing item's text is its first version, by whoever made it
    op.execute(
        "INSERT INTO plan_item_version (plan_item_id, version, text, archived, changed_by_id,"
        " changed_by_role, changed_at, reason)"
        " SELECT id, 1, text, archived_at IS NOT NULL, created_by_id, '', created_at, ''"
        " FROM plan_item")


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_closure_plan_id"), table_name="plan_closure")
    op.drop_table("plan_closure")
    op.drop_index(op.f("ix_plan_item_version_plan_item_id"), table_name="plan_item_version")
    op.drop_table("plan_item_version")
    with op.batch_alter_table("goal_version") as batch:
        batch.drop_column("archived")
    with op.batch_alter_table("plan_item") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("closed_at")
