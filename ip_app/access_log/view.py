"""The access log in plain language ("Kari Nordmann, NAV Molde, så planen din ...").

Plain Python (no Reflex): every audit event of the person's plan becomes one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from babel.dates import get_timezone

from ip_app.access_log.data import LogEntry
from ip_app.access_log.rules import LogFact, day_word, group_log, target_of
from ip_app.kernel import clock
from ip_app.kernel.i18n import catalogue, fmt_date, fmt_datetime, t
from ip_app.kernel.voice import participant_label

_OSLO = get_timezone("Europe/Oslo")


@dataclass
class LogRow:
    id: int
    text: str
    when: str
    refused: bool
    part: str = ""  # which part: "Tiltaket «Mentor …»", "Samtalen «…»"


@dataclass
class LogGroupRow:
    key: str
    summary: str  # "Kari Nordmann, NAV Molde, så planen din 3 ganger i dag"
    refused: bool
    rows: list[LogRow] = field(default_factory=list)


@dataclass
class WhoOption:
    value: str
    label: str


@dataclass
class LogPage:
    mode: str = "loading"  # loading | log | denied
    title: str = ""  # "Hvem har sett planen min" / "Hvem har sett Noahs plan"
    intro: str = ""
    groups: list[LogGroupRow] = field(default_factory=list)
    who_options: list[WhoOption] = field(default_factory=list)  # "Vis bare"
    only: str = ""  # the chosen one ("" everyone, "refused", or an account id)
    range_label: str = ""  # "Viser 1–50 av 123"
    has_newer: bool = False
    has_older: bool = False


def who(e: LogEntry, lang: str) -> str:
    if not e.actor_name:
        return t("log.someone", lang)
    if e.organisation:
        return t("log.who_org", lang, name=e.actor_name, org=e.organisation)
    role = participant_label(e.actor_role or e.actor_kind, lang, e.actor_title)
    return t("log.who_role", lang, name=e.actor_name, role=role)


def sentence(e: LogEntry, lang: str) -> str:
    key = f"log.{e.action}" + ("" if e.allowed else "_refused")
    if key not in catalogue(lang):
        key = "log.other" if e.allowed else "log.other_refused"
    return t(key, lang, who=who(e, lang), when=fmt_datetime(e.at, lang))


def part_text(e: LogEntry, measures: dict[int, str], threads: dict[int, str], lang: str) -> str:
    """Which part of the plan a line is about, where its target says so and the reader may
    know it (the names given)."""
    kind, id_ = target_of(e.target)
    if kind == "measure" and id_ in measures:
        return t("log.part_measure", lang, title=measures[id_])
    if kind == "thread" and id_ in threads:
        return t("log.part_thread", lang, title=threads[id_])
    return ""


def _day_text(day: date, today: date, lang: str) -> str:
    word = day_word(day, today)
    return t(f"log.day_{word}", lang) if word else fmt_date(day, lang)


def _summary(entries: list[LogEntry], only_reads: bool, allowed: bool, day: str,
             lang: str) -> str:
    n = len(entries)
    kind = "read" if allowed and only_reads else "used" if allowed else "stopped"
    return t(f"log.group_{kind}_{'one' if n == 1 else 'other'}", lang,
             who=who(entries[0], lang), n=n, day=day)


def build_log_page(entries: list[LogEntry], total: int, offset: int, lang: str = "nb",
                   today: Optional[date] = None, measures: Optional[dict[int, str]] = None,
                   threads: Optional[dict[int, str]] = None, title: str = "",
                   who_options: Optional[list[WhoOption]] = None, only: str = "",
                   intro: str = "") -> LogPage:
    """The page of `entries` (newest first) grouped by who and day; `measures`/`threads`:
    the names the reader may see of the parts lines point at."""
    today = today or clock.today()
    measures, threads = measures or {}, threads or {}
    by_id = {e.id: e for e in entries}
    facts = [LogFact(id=e.id, at=e.at, day=e.at.astimezone(_OSLO).date(), actor=e.actor_id,
                     action=e.action, allowed=e.allowed, target=e.target) for e in entries]
    groups = []
    for g in group_log(facts):
        es = [by_id[f.id] for f in g.facts]
        groups.append(LogGroupRow(
            key=f"{g.actor}-{g.day.isoformat()}-{int(g.allowed)}",
            summary=_summary(es, g.only_reads, g.allowed, _day_text(g.day, today, lang), lang),
            refused=not g.allowed,
            rows=[LogRow(id=e.id, text=sentence(e, lang), when=fmt_datetime(e.at, lang),
                         refused=not e.allowed, part=part_text(e, measures, threads, lang))
                  for e in es]))
    label = (t("log.range", lang, first=offset + 1, last=offset + len(entries), total=total)
             if entries else t("log.empty", lang))
    return LogPage(mode="log", title=title or t("log.title", lang),
                   intro=intro or t("log.intro", lang), groups=groups,
                   range_label=label, has_newer=offset > 0,
                   has_older=offset + len(entries) < total, who_options=who_options or [],
                   only=only)
