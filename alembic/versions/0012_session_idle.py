"""The last activity of a login session, for the idle timeout (issue 17, finding 9)

Revision ID: 0012_session_idle
Revises: 0011_office_restriction
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import ip_app.kernel.models

revision: str = "0012_session_idle"
down_revision: Union[str, Sequence[str], None] = "0011_office_restriction"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("auth_session", sa.Column("last_seen_at", ip_app.kernel.models.UTCDateTime(),
                                            nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("auth_session") as batch:
        batch.drop_column("last_seen_at")
