"""Samarbeidsavtale between a NAV office and a municipality, with every version (issue 10)

Revision ID: 0008_cooperation_agreement
Revises: 0007_contribution_versions
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import ip_app.kernel.models

revision: str = "0008_cooperation_agreement"
down_revision: Union[str, Sequence[str], None] = "0007_contribution_versions"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "cooperation_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nav_org_id", sa.Integer(), nullable=False),
        sa.Column("municipality_org_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["nav_org_id"], ["organisation.id"],
                                name="cooperation_agreement_nav_org_id_fkey"),
        sa.ForeignKeyConstraint(["municipality_org_id"], ["organisation.id"],
                                name="cooperation_agreement_municipality_org_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nav_org_id", "municipality_org_id",
                            name="cooperation_agreement_nav_org_id_municipality_org_id_key"),
    )
    op.create_index(op.f("ix_cooperation_agreement_nav_org_id"), "cooperation_agreement",
                    ["nav_org_id"], unique=False)
    op.create_index(op.f("ix_cooperation_agreement_municipality_org_id"), "cooperation_agreement",
                    ["municipality_org_id"], unique=False)
    op.create_table(
        "cooperation_agreement_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", ip_app.kernel.models.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["cooperation_agreement.id"],
                                name="cooperation_agreement_version_agreement_id_fkey"),
        sa.ForeignKeyConstraint(["changed_by_id"], ["account.id"],
                                name="cooperation_agreement_version_changed_by_id_fkey"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agreement_id", "version",
                            name="cooperation_agreement_version_agreement_id_version_key"),
    )
    op.create_index(op.f("ix_cooperation_agreement_version_agreement_id"),
                    "cooperation_agreement_version", ["agreement_id"], unique=False)


def downgrade() -> None:
    op.drop_table("cooperation_agreement_version")
    op.drop_table("cooperation_agreement")
