"""The optimistic lock every versioned row uses: change it only if it is still at the
version the change was based on.

The UPDATE ... WHERE version = :v is the guard, so two sessions or workers racing on the
same row cannot both win, whatever the database.
"""

from __future__ import annotations

from typing import Any, Optional, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

Row = TypeVar("Row")


def guarded_update(s: Session, model: type[Row], row_id: int, based_on_version: int, *,
                   version_field: str = "version", **values: Any) -> tuple[Optional[Row], bool]:
    """Set `values` and the next version if the row is still at `based_on_version`. Returns
    the row as it is now (None if there is no such row) and whether this update won."""
    version = getattr(model, version_field)
    # UPDATE ... RETURNING: the winner gets the row as stored in the same statement (SQLite
    # 3.35+ and PostgreSQL); only a loser reads the row, to show what it lost to
    won = s.execute(
        sa.update(model)
        .where(model.id == row_id, version == based_on_version)  # type: ignore[attr-defined]
        .values(**values, **{version_field: based_on_version + 1})
        .returning(model),
        execution_options={"synchronize_session": False, "populate_existing": True},
    ).scalars().first()
    if won is not None:
        return won, True
    return s.get(model, row_id, populate_existing=True), False
