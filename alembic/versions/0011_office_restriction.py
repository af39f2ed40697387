"""Kontorsperre: a plan may be restricted to one NAV office (issue 17, finding 9)

Revision ID: 0011_office_restriction
Revises: 0010_no_id_token
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0011_office_restriction"
down_revision: Union[str, Sequence[str], None] = "0010_no_id_token"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # nullable, no default: every existing plan stays unrestricted
    op.add_column("plan", sa.Column("office_restriction_org_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("office_restriction_org_id")
