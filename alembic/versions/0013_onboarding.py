"""Onboarding (issue 19): the fødselsnummer as a keyed hash, staff roles and deactivation
per account, one-time invitation links

Revision ID: 0013_onboarding
Revises: 0012_session_idle
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import ip_app.data.models

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
        batch.add_column(sa.Column("deactivated_at", ip_app.data.models.UTCDateTime(),
                                   nullable=True))
        batch.create_unique_constraint("account_fnr_hash_key", ["fnr_hash"])
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ip_app.data.models.UTCDateTime(), nullable=False),
        sa.Column("expires_at", ip_app.data.models.UTCDateTime(), nullable=False),
        sa.Column("used_at", ip_app.data.models.UTCDateTime(), nullable=True),
        sa.Column("ended_at", ip_app.data.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(op.f("ix_invitation_account_id"), "invitation", ["account_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_invitation_account_id"), table_name="invitation")
    op.drop_table("invitation")
    with op.batch_alter_table("account") as batch:
        batch.drop_constraint("account_fnr_hash_key", type_="unique")
        batch.drop_column("deactivated_at")
        batch.drop_column("staff_roles")
        batch.drop_column("fnr_hash")
