"""The access log in plain language ("Kari Nordmann, NAV Molde, så planen din ...").

Plain Python (no Reflex): every audit event of the person's plan becomes one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ip_app.data.access_log import LogEntry
from ip_app.i18n import catalogue, fmt_datetime, t


@dataclass
class LogRow:
    id: int
    text: str
    when: str
    refused: bool


@dataclass
class LogPage:
    mode: str = "loading"  # loading | log | denied
    rows: list[LogRow] = field(default_factory=list)
    range_label: str = ""  # "Viser 1–50 av 123"
    has_newer: bool = False
    has_older: bool = False


def who(e: LogEntry, lang: str) -> str:
    if not e.actor_name:
        return t("log.someone", lang)
    if e.organisation:
        return t("log.who_org", lang, name=e.actor_name, org=e.organisation)
    role = e.actor_role or e.actor_kind
    key = f"role.{role}" if f"role.{role}" in catalogue(lang) else f"account_kind.{role}"
    return t("log.who_role", lang, name=e.actor_name, role=t(key, lang))


def sentence(e: LogEntry, lang: str) -> str:
    key = f"log.{e.action}" + ("" if e.allowed else "_refused")
    if key not in catalogue(lang):
        key = "log.other" if e.allowed else "log.other_refused"
    return t(key, lang, who=who(e, lang), when=fmt_datetime(e.at, lang))


def build_log_page(entries: list[LogEntry], total: int, offset: int, lang: str = "nb") -> LogPage:
    rows = [LogRow(id=e.id, text=sentence(e, lang), when=fmt_datetime(e.at, lang),
                   refused=not e.allowed) for e in entries]
    label = (t("log.range", lang, first=offset + 1, last=offset + len(rows), total=total)
             if rows else t("log.empty", lang))
    return LogPage(mode="log", rows=rows, range_label=label, has_newer=offset > 0,
                   has_older=offset + len(rows) < total)
