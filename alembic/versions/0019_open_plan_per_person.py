"""One OPEN plan per person (issue 19): a new plan may start beside a closed one

The unique key on plan.person_id becomes a unique index over the plans not closed
(closed_at IS NULL; a partial index, on SQLite as on PostgreSQL), and person_id gets a
plain index for the look-ups of all of a person's plans.

Revision ID: 0019_open_plan_per_person
Revises: 0018_archive_snapshots
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401

revision: str = "0019_open_plan_per_person"
down_revision: Union[str, Sequence[str], None] = "0018_archive_snapshots"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_OPEN = sa.text("closed_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.drop_constraint("plan_person_id_key", type_="unique")
        batch.create_index("ix_plan_person_id", ["person_id"], unique=False)
        batch.create_index("plan_open_person_id_key", ["person_id"], unique=True,
                           sqlite_where=_OPEN, postgresql_where=_OPEN)


def downgrade() -> None:
    # fails (as it must) while a person has a closed plan beside another plan
    with op.batch_alter_table("plan") as batch:
        batch.drop_index("plan_open_person_id_key")
        batch.drop_index("ix_plan_person_id")
        batch.create_unique_constraint("plan_person_id_key", ["person_id"])
