""""Slik går det" on a tiltak card, as one viewer reads it (no query: the rows come from
`progress_notes.data.of_plan`, read once per page with the plan page's data)."""

from __future__ import annotations

from typing import Any

from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.models import Measure, ProgressNote


def _written(n: ProgressNote, viewer: Any, names: dict[int, str], lang: str) -> str:
    who = (t("people.you_written", lang) if n.written_by_id == viewer.account_id else
           t("history.actor", lang, name=names.get(n.written_by_id, "?"),
             role=t(f"role.{n.written_by_role}", lang)))
    return t("minutes.written", lang, who=who, when=fmt_datetime(n.written_at, lang))


def card_fields(m: Measure, rows: dict[int, list[ProgressNote]], names: dict[int, str],
                viewer: Any, lang: str, history_row: Any) -> dict:
    """`progress_text`, `progress_written`, `progress_version` and `progress_history`
    (earlier texts, newest first, as `history_row(text=, when=)`)."""
    found = rows.get(m.id or 0, [])
    if not found:
        return {}
    current = found[-1]
    return dict(progress_text=current.text, progress_version=current.version,
                progress_written=_written(current, viewer, names, lang),
                progress_history=[history_row(text=n.text, when=_written(n, viewer, names, lang))
                                  for n in reversed(found[:-1])])
