"""Hvem gjør hva: every earlier text of a participant's part, and its version number

Revision ID: 0007_contribution_versions
Revises: 0006_oidc_login

Every existing part (participant.contribution) becomes version 1, dated when the
participant joined, with no known author (it was written before versions were kept).
Down again, the current text stays on the participant; the earlier texts go with
the table.
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0007_contribution_versions"
down_revision: Union[str, Sequence[str], None] = "0006_oidc_login"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "contribution_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_by_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("changed_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["account.id"],
                                name="contribution_version_changed_by_id_fkey"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"],
                                name="contribution_version_participant_id_fkey"),
        sa.PrimaryKeyConstraint("id", name="contribution_version_pkey"),
        sa.UniqueConstraint("participant_id", "version",
                            name="contribution_version_participant_id_version_key"),
    )
    op.create_index(op.f("ix_contribution_version_participant_id"), "contribution_version",
                    ["participant_id"], unique=False)
    op.add_column("participant", sa.Column("contribution_version", sa.Integer(),
                                           server_default="1", nullable=False))
    # the parts written so far become version 1 (data kept; author unknown)
    op.execute(
        "INSERT INTO contribution_version "
        "(participant_id, version, text, changed_by_id, changed_by_role, changed_at, reason) "
        "SELECT id, 1, contribution, NULL, '', joined_at, '' FROM participant ORDER BY id"
    )


def downgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("contribution_version")
    op.drop_index(op.f("ix_contribution_version_participant_id"),
                  table_name="contribution_version")
    op.drop_table("contribution_version")
