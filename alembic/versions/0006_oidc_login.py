"""OpenID Connect login: external identities and logins at a provider (issue 9)

Revision ID: 0006_oidc_login
Revises: 0005_programme
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0006_oidc_login"
down_revision: Union[str, Sequence[str], None] = '0005_programme'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "external_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("claim", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("subject_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("ended_at", ip_app.kernel.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name="external_identity_account_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subject_hash", name="external_identity_subject_hash_key"),
    )
    op.create_index(op.f("ix_external_identity_account_id"), "external_identity", ["account_id"], unique=False)
    op.create_table(
        "oidc_login",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("state_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("nonce", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("code_verifier", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("created_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("used_at", ip_app.kernel.models.UTCDateTime(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("session_token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("id_token", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("state_hash", name="oidc_login_state_hash_key"),
    )
    op.create_index(op.f("ix_oidc_login_session_token_hash"), "oidc_login", ["session_token_hash"], unique=False)


def downgrade() -> None:
    op.drop_table("oidc_login")
    op.drop_table("external_identity")
