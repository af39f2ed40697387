"""The archive list as a viewer reads it: dates and reasons, newest first (no content)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.kernel.models import ArchiveSnapshot


@dataclass
class ArchiveItem:
    when: str  # "7. desember 2026 kl. 10:15"
    reason: str  # "Planen ble avsluttet"
    document_date: str


@dataclass
class ArchivePage:
    mode: str = "loading"  # loading | person | staff | denied | ended | error
    plan_href: str = ""
    person_name: str = ""
    snapshots: list[ArchiveItem] = field(default_factory=list)


def build_archive_page(rows: list[ArchiveSnapshot], *, plan_id: int, is_owner: bool,
                       person_name: str, lang: str) -> ArchivePage:
    return ArchivePage(
        mode="person" if is_owner else "staff", plan_href=f"/plan/{plan_id}",
        person_name=person_name,
        snapshots=[ArchiveItem(when=fmt_datetime(r.made_at, lang),
                           reason=t(f"archive.reason_{r.reason}", lang),
                           document_date=t("archive.document_date", lang,
                                           date=fmt_date(r.document_date, lang)))
               for r in rows])
