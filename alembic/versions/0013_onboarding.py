"""Onboarding (issue 19): the fødselsnummer as a keyed hash, staff roles and deactivation
per account, one-time invitation links, invited participants waiting for the person's
answer, and the ansvarsgruppe's changes (team_event)

Revision ID: 0013_onboarding
Revises: 0012_session_idle
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import ip_app.kernel.models

revision: str = "0013_onboarding"
down_revision: Union[str, Sequence[str], None] = "0012_session_idle"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("fnr_hash", sqlmodel.sql.sqltypes.AutoString(length=64),
                                   nullable=True))
        batch.add_column(sa.Column("staff_roles", sqlmodel.sql.sqltypes.AutoString(length=120),
                                   nullable=False, server_default=""))
        batch.add_column(sa.Column("deactivated_at", ip_app.kernel.models.UTCDateTime(),
                                   nullable=True))
        batch.create_unique_constraint("account_fnr_hash_key", ["fnr_hash"])
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("expires_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("used_at", ip_app.kernel.models.UTCDateTime(), nullable=True),
        sa.Column("ended_at", ip_app.kernel.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(op.f("ix_invitation_account_id"), "invitation", ["account_id"], unique=False)
    op.add_column("participant", sa.Column("pending", sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    op.create_table(
        "team_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("previous_participant_id", sa.Integer(), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["by_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["previous_participant_id"], ["participant.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_team_event_plan_id"), "team_event", ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_team_event_plan_id"), table_name="team_event")
    op.drop_table("team_event")
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("pending")
    op.drop_index(op.f("ix_invitation_account_id"), table_name="invitation")
    op.drop_table("invitation")
    with op.batch_alter_table("account") as batch:
        batch.drop_constraint("account_fnr_hash_key", type_="unique")
        batch.drop_column("deactivated_at")
        batch.drop_column("staff_roles")
        batch.drop_column("fnr_hash")
