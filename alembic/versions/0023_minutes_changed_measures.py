"""Issue 21: a referat may also change the status of existing tiltak; `minutes_measure`
notes which change ("new" | "changed", the tiltak version it made, the status it set), so
one tiltak may be linked more than once (once per version)

Revision ID: 0023_minutes_changed_measures
Revises: 0022_issue21_notes
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401

revision: str = "0023_minutes_changed_measures"
down_revision: Union[str, Sequence[str], None] = "0022_issue21_notes"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    # every existing row made its tiltak (version 1)
    with op.batch_alter_table("minutes_measure") as batch:
        batch.add_column(sa.Column("kind", _S(length=10), nullable=False, server_default="new"))
        batch.add_column(sa.Column("measure_version", sa.Integer(), nullable=False,
                                   server_default="1"))
        batch.add_column(sa.Column("status", _S(length=20), nullable=False, server_default=""))
        batch.drop_constraint("minutes_measure_measure_id_key", type_="unique")
        batch.create_unique_constraint("minutes_measure_measure_id_measure_version_key",
                                       ["measure_id", "measure_version"])
    with op.batch_alter_table("minutes_measure") as batch:
        batch.alter_column("kind", existing_type=_S(length=10), server_default=None)
        batch.alter_column("measure_version", existing_type=sa.Integer(), server_default=None)
        batch.alter_column("status", existing_type=_S(length=20), server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM minutes_measure WHERE kind <> 'new'")
    with op.batch_alter_table("minutes_measure") as batch:
        batch.drop_constraint("minutes_measure_measure_id_measure_version_key", type_="unique")
        batch.create_unique_constraint("minutes_measure_measure_id_key", ["measure_id"])
        batch.drop_column("status")
        batch.drop_column("measure_version")
        batch.drop_column("kind")
