"""What '/samarbeidsavtale' shows: the agreement of the viewer's office with one
counterpart (NAV office ↔ municipal service), its current lines and every earlier
version. Plain Python; texts in `lang`. Who may read or edit is asked of
domain.cooperation; the counterpart is one the server lists for the viewer's office.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ip_app.cooperation import rules as coop
from ip_app.cooperation.data import CooperationData, Pair
from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.plan.view import Option


@dataclass
class LineRow:
    task: str
    name: str
    party_field: str  # form field names: "party:<task>", "note:<task>"
    note_field: str
    party: str
    party_label: str
    note: str
    party_error: str = ""
    note_error: str = ""


@dataclass
class ReadLine:
    name: str
    party_label: str
    note: str


@dataclass
class VersionRow:
    title: str  # "Versjon 1"
    saved: str  # "Lagret 3. mars 2026 kl. 13:00 av Ola Hansen"
    reason: str
    changed: str  # "Endret: Jobbsøkerkurs" ("" for the first version)
    lines: list[ReadLine] = field(default_factory=list)


@dataclass
class CooperationPage:
    mode: str = "loading"  # loading | page | denied | no_party
    counterpart: str = ""
    counterpart_options: list[Option] = field(default_factory=list)
    parties: str = ""  # "NAV Molde og Molde kommune – flyktningtjenesten"
    can_edit: bool = False
    version: int = 0  # 0: nothing saved yet (the default proposal is shown)
    status: str = ""  # "Versjon 2, lagret … av …" or "Ingen avtale lagret ennå …"
    party_options: list[Option] = field(default_factory=list)
    lines: list[LineRow] = field(default_factory=list)
    history: list[VersionRow] = field(default_factory=list)


def _party_label(party: coop.Party, pair: Pair, lang: str) -> str:
    if party == coop.Party.NAV:
        return pair.nav_name
    if party == coop.Party.KOMMUNE:
        return pair.municipality_name
    return t(f"coop.party.{party.value}", lang)


def _read_lines(lines: tuple[coop.Line, ...], pair: Pair, lang: str) -> list[ReadLine]:
    return [ReadLine(name=t(coop.task_label_key(ln.task), lang),
                     party_label=_party_label(ln.party, pair, lang), note=ln.note)
            for ln in lines]


def build_cooperation(data: CooperationData, viewer: Optional[Viewer], lang: str,
                      errors: Optional[dict[str, str]] = None) -> CooperationPage:
    pair, options = data.pair, data.options
    if viewer is None or viewer.kind != "staff":
        return CooperationPage(mode="denied")
    if pair is None:
        return CooperationPage(mode="no_party")
    page = CooperationPage(mode="page")
    own = viewer.org_id
    page.counterpart = str(pair.municipality_org_id if own == pair.nav_org_id
                           else pair.nav_org_id)
    page.counterpart_options = [Option(value=str(o.id), label=o.name) for o in options]
    page.parties = t("coop.parties", lang, nav=pair.nav_name, kommune=pair.municipality_name)
    page.can_edit = coop.may_edit(viewer.kind, viewer.org_id, pair.nav_org_id,
                                  pair.municipality_org_id, data.plan_roles)
    agreement, lines = data.agreement, data.lines
    page.party_options = [Option(value=p.value, label=_party_label(p, pair, lang))
                          for p in coop.Party]
    errors = errors or {}
    page.lines = [
        LineRow(task=ln.task, name=t(coop.task_label_key(ln.task), lang),
                party_field=f"party:{ln.task}", note_field=f"note:{ln.task}",
                party=ln.party.value, party_label=_party_label(ln.party, pair, lang),
                note=ln.note, party_error=errors.get(f"party:{ln.task}", ""),
                note_error=errors.get(f"note:{ln.task}", ""))
        for ln in lines]
    if agreement is None:
        page.status = t("coop.none_yet", lang)
        return page
    page.version = agreement.version
    history = data.history
    newest, newest_by = history[0] if history else (None, "")
    if newest is not None:
        page.status = t("coop.current", lang, n=newest.version,
                        when=fmt_datetime(newest.changed_at, lang), name=newest_by)
    for i, (v, by) in enumerate(history):
        mine = coop.from_json(v.lines)
        before = coop.from_json(history[i + 1][0].lines) if i + 1 < len(history) else None
        changed = ""
        if before is not None:
            names = [t(coop.task_label_key(task), lang)
                     for task in coop.changed_tasks(before, mine)]
            changed = t("coop.changed", lang, tasks=", ".join(names) if names
                        else t("coop.no_changes", lang))
        page.history.append(VersionRow(
            title=t("coop.version", lang, n=v.version),
            saved=t("coop.saved_by", lang, when=fmt_datetime(v.changed_at, lang), name=by),
            reason=v.reason, changed=changed, lines=_read_lines(mine, pair, lang)))
    return page
