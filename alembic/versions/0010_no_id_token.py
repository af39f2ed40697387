"""The ID token is no longer kept after an OpenID login (issue 17): its pid claim is the
fødselsnummer. Clear every stored token, then drop the column.

Revision ID: 0010_no_id_token
Revises: 0009_meetings
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0010_no_id_token"
down_revision: Union[str, Sequence[str], None] = "0009_meetings"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete = ON")  # overwrite freed pages, not just unlink them
    # emptied first, so no copy of a token survives the table rebuild SQLite does to drop
    # a column (PostgreSQL: the old row versions go at the next VACUUM, docs/operations.md)
    op.execute("UPDATE oidc_login SET id_token = '' WHERE id_token <> ''")
    with op.batch_alter_table("oidc_login") as batch:
        batch.drop_column("id_token")


def downgrade() -> None:
    with op.batch_alter_table("oidc_login") as batch:
        batch.add_column(sa.Column("id_token", sa.Text(), nullable=False, server_default=""))
