"""Turns a plan, as the access policy lets one viewer see it, into what the page shows.

Plain Python (no Reflex): every text is formatted here, in the viewer's language,
so the browser only receives finished strings of what it may see.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Optional

from ip_app.progress_notes.rules import may_write as may_write_progress
from ip_app.progress_notes.view import card_fields as progress_fields
from ip_app.conversation_records.rules import may_read as may_read_records
from ip_app.advance_notice.view import card_fields
from ip_app.archive.rules import may_read_archive
from ip_app.assessment.rules import applies as assessment_applies, may_read_assessment
from ip_app.consent.rules import may_request
from ip_app.contributions.rules import IPS_KIND, MemberFacts, ips_team, may_edit_contribution
from ip_app.decisions.rules import may_read_decisions
from ip_app.dialog.rules import may_use_dialog
from ip_app.evaluation.rules import may_read_evaluations
from ip_app.first_screen.view import FirstScreen, build_first
from ip_app.goals.rules import may_edit_goals
from ip_app.ip_contents.view import ClosingInfo, IpSection, build_ip_contents, read_only
from ip_app.job_search.rules import may_read as may_read_jobs
from ip_app.kernel import history as hist
from ip_app.kernel.access import Viewer
from ip_app.kernel.actor import RuleError
from ip_app.kernel.common import Memo
from ip_app.kernel.i18n import fmt_date, fmt_datetime, fmt_short_date, t
from ip_app.kernel.models import ContributionVersion, GoalVersion, MeasureVersion, Programme
from ip_app.kernel.roles import Role
from ip_app.kernel.voice import VoiceKind, participant_label, voice_for
from ip_app.measures.catalogue_view import kind_fields
from ip_app.measures.rules import ORDER, Status, check_edit, may_update, needs_reason, next_statuses
from ip_app.meetings.rules import may_schedule
from ip_app.meetings.view import MeetingRow, build_meetings
from ip_app.plan.data import Histories, PatchData, PlanData, PlanPageData
from ip_app.plan.progress import evaluation_overdue, progress, progress_by_goal
from ip_app.plan.rules import SAMORDNET, history_key, measure_facts, parse_serves, plan_tag
from ip_app.programme.edit_rules import editable_basis
from ip_app.programme.rules import counts_in_week
from ip_app.programme.view import ProgrammeBlock, build_blocks

log = logging.getLogger(__name__)

# Finished history rows (see plan.data, which looks them up before it reads versions)
HISTORY = Memo.named("plan.history", 50_000)
_HISTORY = HISTORY

STATUS_COLOR = {
    Status.FORSLAG: "neutral", Status.PLANLAGT: "info", Status.GJENNOMFORES: "warning",
    Status.FULLFORT: "success", Status.AVBRUTT: "danger",
}
TAG_COLOR = {SAMORDNET: "meta-purple"}


@dataclass
class Option:
    value: str
    label: str


@dataclass
class HistoryRow:
    text: str
    when: str
    reason: str = ""
    earlier: str = ""  # what the change replaced ("Tittel: …"), one field a line


@dataclass
class Card:
    id: int
    version: int
    title: str
    description: str
    responsible: str
    dates: str
    status: str
    status_label: str
    status_color: str
    plan_tag: str
    plan_tag_color: str
    agreed: bool
    locked: bool
    can_change: bool
    can_edit: bool = False
    needs_reason_for: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    extent: str = ""
    hours: str = ""  # hours per week, "7,5"
    how: str = ""
    goal: str = ""
    history: list[HistoryRow] = field(default_factory=list)
    thread_href: str = ""  # the conversation about this tiltak, if the viewer may read one
    write_href: str = ""  # "Skriv om dette"
    kind_name: str = ""  # tiltak catalogue type ("Hva er dette?"), "" for own tiltak
    kind_about: str = ""
    kind_provider: str = ""
    kind_serves: str = ""
    fho_href: str = ""  # forhåndsorientering of this tiltak (advance_notice/view.py)
    fho_label: str = ""  # read / not read
    fho_state: str = ""  # unread | read | add
    # "Slik går det" (progress_notes/): the current text, every earlier one, who may write
    progress_text: str = ""
    progress_written: str = ""
    progress_version: int = 0
    progress_history: list[HistoryRow] = field(default_factory=list)  # newest first
    can_write_progress: bool = False


@dataclass
class Group:
    key: str
    title: str
    cards: list[Card] = field(default_factory=list)


@dataclass
class GoalRow:
    id: int
    text: str
    progress_label: str
    done: int
    total: int
    version: int = 1
    history: list[HistoryRow] = field(default_factory=list)  # earlier wordings, newest first


@dataclass
class PersonRow:
    name: str
    role_label: str
    organisation: str
    contribution: str
    contact: str
    is_coordinator: bool
    id: int = 0  # the participant
    version: int = 1  # of the contribution: a save is based on it
    can_edit: bool = False  # may this viewer change this part ("Endre hva … gjør")
    edit_label: str = ""
    team_part: str = ""  # "Jobbspesialist" etc. when in the IPS team, else ""
    history: list[HistoryRow] = field(default_factory=list)  # every text, newest first


@dataclass
class ItemRow:
    kind: str
    text: str


@dataclass
class PlanPage:
    mode: str = "loading"  # loading | person | staff_plan | denied | ended | error
    person_name: str = ""
    title: str = ""  # "Min plan" / "Noahs plan" / "Planen til Amina Yusuf" (kernel/voice.py)
    goal_heading: str = ""  # "Målet mitt" / "Noahs mål" / "Aminas mål"
    voice: str = ""  # own | guardian | staff | relative
    main_goal: str = ""
    main_goal_id: int = 0
    main_goal_version: int = 0
    main_goal_history: list[HistoryRow] = field(default_factory=list)
    can_edit_goals: bool = False
    goals: list[GoalRow] = field(default_factory=list)
    progress_label: str = ""
    progress_done: int = 0
    progress_total: int = 0
    period: str = ""
    next_evaluation: str = ""
    evaluation_overdue: bool = False
    bases: list[str] = field(default_factory=list)
    by_status: list[Group] = field(default_factory=list)
    by_goal: list[Group] = field(default_factory=list)
    board_columns: list[Option] = field(default_factory=list)  # every status, in order (the board)
    people: list[PersonRow] = field(default_factory=list)  # the IPS team first, if any
    has_ips_team: bool = False
    has_others: bool = False  # anyone outside the IPS team (or everyone, without IPS)
    plan_items: list[ItemRow] = field(default_factory=list)
    evaluations_href: str = ""
    consents_href: str = ""  # staff who may ask for consent again
    team_href: str = ""  # the ansvarsgruppe: the person, the veileder and koordinator (issue 19)
    export_base: str = ""  # /plan/<id>: print page, PDF and calendar live below it
    dialog_href: str = ""  # "" when the viewer may not use the dialog of this plan
    unread: int = 0
    assessment_href: str = ""  # the § 14 a assessment, for those who may read it
    decisions_href: str = ""  # the plan's vedtak and klager, for those who may read them
    jobs_href: str = ""  # the person's job search (stillinger, søkeavtale)
    archive_href: str = ""  # "Arkivert": when the plan was copied to the archive
    records_href: str = ""  # samtalereferat: the person, a verge and NAV's veileder only
    programme: list[ProgrammeBlock] = field(default_factory=list)  # introduction programme, KVP
    can_schedule: bool = False  # "Nytt møte"
    meetings: list[MeetingRow] = field(default_factory=list)  # upcoming, soonest first
    past_meetings: list[MeetingRow] = field(default_factory=list)  # latest first
    programme_new_href: str = ""  # staff who run the programme, when no facts are recorded yet
    ip: IpSection = field(default_factory=IpSection)  # the IP's own contents (ip_contents_view)
    closing: ClosingInfo = field(default_factory=ClosingInfo)  # closed / close / reopen
    first: FirstScreen = field(default_factory=FirstScreen)  # what waits, next step, write to


def _dates(start: Optional[date], end: Optional[date], lang: str) -> str:
    if start and end:
        return t("measure.dates_range", lang, start=fmt_short_date(start, lang),
                 end=fmt_short_date(end, lang))
    if start:
        return t("measure.dates_from", lang, start=fmt_short_date(start, lang))
    if end:
        return t("measure.dates_until", lang, end=fmt_short_date(end, lang))
    return ""


def _actor_label(account_id: int, role: str, viewer: Viewer, names: dict[int, str], lang: str) -> str:
    if account_id == viewer.account_id:
        return t("history.you", lang)
    return t("history.actor", lang, name=names.get(account_id, "?"), role=t(f"role.{role}", lang))


def _version_rows(prev: Optional[dict], v: MeasureVersion, viewer: Viewer,
                  names: dict[int, str], lang: str,
                  parts: Optional[dict[int, str]] = None) -> list[HistoryRow]:
    """What version `v` of a tiltak changed (against the snapshot before it), in words
    (`parts`: participant id -> name, to say who is responsible now)."""
    who = _actor_label(v.changed_by_id, v.changed_by_role, viewer, names, lang)
    when = fmt_datetime(v.changed_at, lang)
    rows: list[HistoryRow] = []
    for c in hist.changes_between(prev, v.snapshot):
        if c.kind == "created":
            text = t("history.created", lang, who=who, status=t(f"status.{c.new}", lang))
        elif c.kind == "status":
            text = t("history.status", lang, who=who, old=t(f"status.{c.old}", lang),
                     new=t(f"status.{c.new}", lang))
        elif c.kind == "agreed":
            text = t("history.agreed_yes" if c.new == "yes" else "history.agreed_no", lang, who=who)
        elif c.fields == ("responsible_participant_id",) and (parts or {}).get(
                v.snapshot.get("responsible_participant_id")):
            # a new responsible alone (as when NAV's part is handed over): say who
            text = t("history.responsible", lang, who=who,
                     name=parts[v.snapshot["responsible_participant_id"]])
        else:
            fields = ", ".join(t(f"field.{f}", lang) for f in c.fields)
            text = t("history.fields", lang, who=who, fields=fields)
            rows.append(HistoryRow(text=text, when=when, reason=v.reason,
                                   earlier=_earlier_text(prev, v.snapshot, lang)))
            continue
        rows.append(HistoryRow(text=text, when=when, reason=v.reason))
    return rows


def _earlier_text(prev: Optional[dict], cur: dict, lang: str) -> str:
    """The values a change replaced, as the card showed them ("Tittel: Norskkurs")."""
    lines = []
    for f, old in hist.earlier_values(prev, cur):
        if old in (None, ""):
            value = t("history.was_empty", lang)
        elif f in ("start_date", "end_date"):
            value = fmt_short_date(date.fromisoformat(str(old)), lang)
        elif f == "hours_per_week":
            value = _hours(old)
        else:
            value = str(old)
        label = t(f"field.{f}", lang)
        lines.append(t("history.earlier_line", lang, field=label[:1].upper() + label[1:],
                       value=value))
    return "\n".join(lines)


def _hours(h) -> str:
    return f"{float(h):g}".replace(".", ",")


def _history_rows(versions: list[MeasureVersion], viewer: Viewer, names: dict[int, str],
                  lang: str, parts: Optional[dict[int, str]] = None) -> list[HistoryRow]:
    """Newest version first; the changes within one version keep their order."""
    per_version = [_version_rows(prev.snapshot if prev else None, v, viewer, names, lang, parts)
                   for prev, v in zip([None, *versions], versions)]
    return [row for rows in reversed(per_version) for row in rows]


def _goal_history(versions: list[GoalVersion], viewer: Viewer, names: dict[int, str], lang: str
                  ) -> dict[int, list[HistoryRow]]:
    """Every wording each goal has had, newest first."""
    out: dict[int, list[HistoryRow]] = {}
    for v in versions:
        who = _actor_label(v.changed_by_id, v.changed_by_role, viewer, names, lang)
        key = "goal_history.first" if v.version == 1 else "goal_history.changed"
        out.setdefault(v.goal_id, []).insert(0, HistoryRow(
            text=t(key, lang, who=who, text=v.text), when=fmt_datetime(v.changed_at, lang),
            reason=v.reason))
    return out


def _word_histories(h: Histories, data: PlanData, viewer: Viewer, lang: str
                    ) -> tuple[dict[int, list[HistoryRow]], dict[int, list[HistoryRow]]]:
    """History rows of every goal and visible tiltak, by id: the finished ones `h` found in
    `HISTORY`, the rest worded from the versions it read (and kept there for the next build)."""
    names = h.names
    goals = dict(h.goals)
    measures = dict(h.measures)
    new_goal_rows = _goal_history(h.goal_versions, viewer, names, lang)
    parts = {p.id: p.name for p in data.participants}
    for g in data.goals:
        if goals.get(g.id) is None:
            goals[g.id] = new_goal_rows.get(g.id, [])
            HISTORY.put(history_key("goal", g.id, g.version, viewer, lang), goals[g.id])
    for m in data.measures:
        if measures.get(m.id) is not None:
            continue
        got = h.measure_versions.get(m.id, [])
        if m.id in h.grown and [v.version for v in got] == [m.version - 1, m.version]:
            rows = _version_rows(got[0].snapshot, got[1], viewer, names, lang, parts) + h.grown[m.id]
        elif m.id in h.grown:  # a version row missing: never written so; tell what there is
            log.warning("tiltak %s: versions %s, expected %s and %s", m.id,
                        [v.version for v in got], m.version - 1, m.version)
            measures[m.id] = h.grown[m.id]  # not kept: the next rebuild reads it whole
            continue
        else:
            rows = _history_rows(got, viewer, names, lang, parts)
        measures[m.id] = rows
        HISTORY.put(history_key("measure", m.id, m.version, viewer, lang), rows)
    return goals, measures


def _contribution_history(versions: list[ContributionVersion], viewer: Viewer,
                          names: dict[int, str], lang: str) -> list[HistoryRow]:
    """Every text a part has had, newest first; [] while there is only the first."""
    if len(versions) < 2:
        return []
    rows: list[HistoryRow] = []
    for v in versions:
        if v.changed_by_id is None:
            text = t("contrib_history.first_unknown", lang, text=v.text)
        else:
            who = _actor_label(v.changed_by_id, v.changed_by_role, viewer, names, lang)
            key = "contrib_history.first" if v.version == 1 else "contrib_history.changed"
            text = t(key, lang, who=who, text=v.text)
        rows.insert(0, HistoryRow(text=text, when=fmt_datetime(v.changed_at, lang),
                                  reason=v.reason))
    return rows


def _people(data: PlanData, viewer: Viewer, actor, versions: dict[int, list[ContributionVersion]],
            names: dict[int, str], lang: str) -> list[PersonRow]:
    """Hvem gjør hva: the IPS team first (when the plan has IPS), then the koordinator,
    then everyone else; with who may change which part and every earlier text."""
    coordinator = data.plan.coordinator_participant_id
    ips = [m for m in data.measures if m.kind == IPS_KIND and m.status != Status.AVBRUTT.value]
    team = dict(ips_team(
        (MemberFacts(participant_id=p.id, role=p.role, org_kind=p.org_kind, title=p.title)
         for p in data.participants),
        ips_responsible_ids=[m.responsible_participant_id for m in ips], has_ips_measure=bool(ips)))
    rows: list[PersonRow] = []
    for p in data.participants:
        contact = " · ".join(x for x in (p.phone, p.email) if x)
        is_me = p.account_id == viewer.account_id
        rows.append(PersonRow(
            name=t("people.you", lang) if is_me else p.name,
            role_label=participant_label(p.role.value, lang, p.title), organisation=p.organisation,
            contribution=p.contribution, contact=contact, is_coordinator=p.is_coordinator,
            id=p.id, version=p.contribution_version,
            can_edit=p.contribution_readable and may_edit_contribution(actor, p.id, coordinator),
            edit_label=(t("contrib.edit_own", lang) if is_me
                        else t("contrib.edit_other", lang, name=p.name)),
            team_part=t(f"ips.part_{team[p.id]}", lang) if p.id in team else "",
            history=_contribution_history(versions.get(p.id, []), viewer, names, lang),
        ))
    order = {pid: n for n, pid in enumerate(team)}
    rows.sort(key=lambda r: (order.get(r.id, len(order)), not r.is_coordinator))
    return rows


def _may_edit(actor, facts) -> bool:
    try:
        check_edit(actor, facts, agreed_changes=False)
    except RuleError:
        return False
    return True


@dataclass
class Built:
    """A built page and what it was built from: enough to patch the page after a change
    that touched only some tiltak (`patch`) without reading the rest of the plan again."""

    page: PlanPage
    data: PlanData
    viewer: Viewer  # built for this viewer only
    names: dict[int, str]  # who changed what, by account id
    by_measure: dict[int, int]  # tiltak id -> its conversation, for the cards' links
    dialog_href: str
    programme_facts: dict  # basis -> the programme's current facts (Programme rows)
    meetings: list = field(default_factory=list)  # visible meetings with versions (first screen)
    consent_requests: int = 0  # open consent requests the viewer decides on
    notices: dict = field(default_factory=dict)  # tiltak id -> its forhåndsorienteringer
    progress: dict = field(default_factory=dict)  # tiltak id -> its "slik går det" versions
    cards: dict = field(default_factory=dict)  # tiltak id -> its card (kept by `patch`)
    unread_records: int = 0  # samtalereferat the viewer has not read (first screen)
    programme_input: tuple = ()  # what the programme blocks took from the tiltak


def build_page(loaded: PlanPageData, viewer: Viewer, today: date, lang: str = "nb"
               ) -> PlanPage:
    """Everything the plan page shows, from what `plan.data.load_page` read."""
    return build(loaded, viewer, today, lang).page


def build(loaded: PlanPageData, viewer: Viewer, today: date, lang: str = "nb") -> Built:
    """`build_page`, keeping what a later `patch` needs."""
    data = loaded.data
    plan = data.plan
    access = data.access
    actor = access.actor(viewer)
    page = PlanPage(mode="person" if access.is_owner else "staff_plan",
                    person_name=data.person_name)
    page.bases = [t(f"basis.{b.value}", lang) for b in data.bases]
    v = voice_for(viewer_is_owner=access.is_owner, viewer_role=access.role,
                  owner_name=data.person_name)
    page.voice = v.kind.value
    if v.is_own:
        page.title, page.goal_heading = t("plan.title_person", lang), t("plan.my_goal", lang)
    else:
        whose = v.owner_gen if lang in ("nb", "nn") else v.owner  # "Noahs" / "Noah's"
        page.title = (t("voice.plan_of", lang, name=whose) if v.kind == VoiceKind.GUARDIAN
                      else t("plan.title_staff", lang, name=data.person_name))
        page.goal_heading = t("voice.goal_of", lang, name=whose)
    page.can_edit_goals = may_edit_goals(actor)
    names = loaded.histories.names
    goal_hist, measure_hist = _word_histories(loaded.histories, data, viewer, lang)
    if plan.period_start or plan.period_end:
        page.period = _dates(plan.period_start, plan.period_end, lang)
    page.next_evaluation = fmt_date(plan.next_evaluation, lang)
    page.evaluation_overdue = evaluation_overdue(plan.next_evaluation, today)
    if may_read_evaluations(access):
        page.evaluations_href = f"/plan/{plan.id}/evaluering"
    if may_request(access.role, None):
        page.consents_href = f"/plan/{plan.id}/samtykker"
    if may_request(access.role, None) or access.is_owner:
        page.team_href = f"/plan/{plan.id}/ansvarsgruppe"
    page.export_base = f"/plan/{plan.id}"

    # the dialog: where to write, unread count, conversations per tiltak
    dialog_href = ""
    by_measure: dict[int, int] = {}
    if may_use_dialog(access):
        dialog_href = "/dialog" if access.is_owner else f"/plan/{plan.id}/dialog"
        page.dialog_href = dialog_href
        page.unread = loaded.unread
        by_measure = loaded.by_measure
    if assessment_applies(data.bases) and may_read_assessment(access, viewer):
        page.assessment_href = f"/plan/{plan.id}/vurdering"
    if may_read_decisions(access):
        page.decisions_href = f"/plan/{plan.id}/vedtak"
    if may_read_records(access, viewer.org_kind):
        page.records_href = f"/plan/{plan.id}/samtalereferat"
    if may_read_jobs(access) and assessment_applies(data.bases):  # the aktivitetsplan
        page.jobs_href = f"/plan/{plan.id}/jobbsok"
    if may_read_archive(access):
        page.archive_href = f"/plan/{plan.id}/arkiv"
    programme_facts: dict[str, Programme] = {}
    if loaded.programme is not None:
        programme_facts = loaded.programme
        _programme(page, data, viewer, today, lang, programme_facts)
    page.can_schedule = may_schedule(access)
    now = loaded.now
    page.meetings, page.past_meetings = build_meetings(data, viewer, now, lang,
                                                       loaded.meetings, loaded.minutes)
    page.first = build_first(
        data, loaded.first, viewer, today=today, now=now, unread=page.unread,
        dialog_href=dialog_href, meetings=loaded.meetings, lang=lang)
    page.people = _people(data, viewer, actor, loaded.part_versions, names, lang)
    page.has_ips_team = any(r.team_part for r in page.people)
    page.has_others = any(not r.team_part for r in page.people)
    page.plan_items = [ItemRow(kind=t(f"item.{i.kind}", lang), text=i.text) for i in data.items]
    built = Built(page=page, data=data, viewer=viewer, names=names, by_measure=by_measure,
                  dialog_href=dialog_href, programme_facts=programme_facts,
                  meetings=loaded.meetings, consent_requests=loaded.first.consent_requests,
                  notices=loaded.notices, progress=loaded.progress,
                  unread_records=loaded.first.unread_records,
                  programme_input=_programme_input(data))
    _fill_measures(built, goal_hist, measure_hist, viewer, lang)
    page.ip, page.closing = build_ip_contents(loaded.ip, data, viewer, names, lang, now,
                                              page.goals)
    read_only(page)  # a closed plan: no change offered (the gate refuses them all)
    return built


def _programme_input(data: PlanData) -> tuple:
    """What the programme blocks take from the tiltak (`build_blocks`): a patch that
    leaves it as it was keeps the blocks."""
    return tuple((m.title, m.hours_per_week, counts_in_week(m.status), m.start_date, m.end_date)
                 for m in data.measures)


def _programme(page: PlanPage, data: PlanData, viewer: Viewer, today: date, lang: str,
               latest: dict[str, Programme]) -> None:
    """The introduction programme / KVP blocks (their weekly hours come from the tiltak),
    from the programme facts `latest`."""
    page.programme = build_blocks(data, today, lang, latest)
    editable = editable_basis(data.access, viewer, data.bases)
    if editable is not None:
        href = f"/plan/{data.plan.id}/program"
        block = next((b for b in page.programme if b.basis == editable.value), None)
        if block is not None:
            block.edit_href = href
        else:
            page.programme_new_href = href


def _fill_measures(built: Built, goal_hist: dict[int, list[HistoryRow]],
                   measure_hist: dict[int, list[HistoryRow]], viewer: Viewer, lang: str,
                   keep: Optional[dict[int, "Card"]] = None) -> None:
    """What follows from the tiltak: goals with their progress, overall progress, the
    cards and their groups (by status and by goal). `keep`: cards still right as they
    are (a patch: the tiltak untouched), taken instead of built again."""
    page, data = built.page, built.data
    plan, access = data.plan, data.access
    actor = access.actor(viewer)
    main = next((g for g in data.goals if g.parent_id is None), None)
    page.main_goal = main.text if main else ""
    if main:
        page.main_goal_id, page.main_goal_version = main.id, main.version
        page.main_goal_history = goal_hist.get(main.id, [])
    goal_text = {g.id: g.text for g in data.goals}

    statuses = [Status(m.status) for m in data.measures]
    overall = progress(statuses)
    page.progress_done, page.progress_total = overall.done, overall.total
    page.progress_label = t("progress.label", lang, done=overall.done, total=overall.total)
    per_goal = progress_by_goal((m.goal_id, Status(m.status)) for m in data.measures)
    page.goals = []
    for g in data.goals:
        if g.parent_id is None:
            continue
        p = per_goal.get(g.id)
        done, total = (p.done, p.total) if p else (0, 0)
        page.goals.append(GoalRow(id=g.id, text=g.text, done=done, total=total, version=g.version,
                                  history=goal_hist.get(g.id, []),
                                  progress_label=t("progress.goal", lang, done=done, total=total)))

    dialog_href, by_measure = built.dialog_href, built.by_measure
    writers = {**built.names, **{p.account_id: p.name for p in data.participants}}
    cards: list[Card] = []
    for m in data.measures:
        kept = keep.get(m.id) if keep else None
        if kept is not None and kept.version == m.version:
            cards.append(kept)
            built.cards[m.id] = kept
            continue
        resp = data.participant(m.responsible_participant_id)
        facts = measure_facts(m, resp, plan.person_id)
        status = Status(m.status)
        tag = plan_tag(parse_serves(m.serves))
        allowed = next_statuses(actor, facts)
        locked = m.agreed and access.role == Role.PERSON
        responsible = ""
        if resp is not None:
            responsible = (t("measure.responsible_you", lang) if resp.account_id == viewer.account_id
                           else t("measure.responsible", lang, name=resp.name,
                                  org=resp.organisation or participant_label(resp.role.value, lang, resp.title)))
        cards.append(Card(
            id=m.id, version=m.version, title=m.title, description=m.description,
            responsible=responsible, dates=_dates(m.start_date, m.end_date, lang),
            status=status.value, status_label=t(f"status.{status.value}", lang),
            status_color=STATUS_COLOR[status], plan_tag=t(f"tag.{tag}", lang) if tag else "",
            plan_tag_color=TAG_COLOR.get(tag, "info"), agreed=m.agreed, locked=locked,
            can_change=bool(allowed) and may_update(actor, facts),
            can_edit=_may_edit(actor, facts),
            needs_reason_for=[s_.value for s_ in allowed if needs_reason(facts, s_)],
            options=[Option(value=s_.value, label=t(f"status.{s_.value}", lang)) for s_ in allowed],
            extent=m.extent, how=m.how,
            hours=_hours(m.hours_per_week) if m.hours_per_week is not None else "", goal=goal_text.get(m.goal_id, ""),
            history=measure_hist[m.id],
            thread_href=f"/dialog/{by_measure[m.id]}" if m.id in by_measure else "",
            write_href=_write_href(dialog_href, m.id, resp, viewer),
            **kind_fields(m.kind, lang),
            **card_fields(m, built.notices, data, viewer, lang),
            **progress_fields(m, built.progress, writers, viewer, lang, HistoryRow),
            can_write_progress=may_write_progress(actor, facts),
        ))
        built.cards[m.id] = cards[-1]

    # a group whose cards are all the very cards of the page before is that group again
    # (a patch: a status change makes two groups anew, the others stay the same objects,
    # whose JSON and digest are made already, see plan/state.py `_View`)
    before = {g.key: g for g in (*page.by_status, *page.by_goal)}

    def group_of(key: str, title: str, group: list[Card]) -> Group:
        old = before.get(key)
        if (old is not None and old.title == title and len(old.cards) == len(group)
                and all(a is b for a, b in zip(old.cards, group))):
            return old
        return Group(key=key, title=title, cards=group)

    page.by_status, page.by_goal = [], []
    page.board_columns = [Option(value=st.value, label=t(f"status_group.{st.value}", lang))
                          for st in ORDER]
    for st in ORDER:
        group = [c for c in cards if c.status == st.value]
        if group:
            page.by_status.append(group_of(st.value, t(f"status_group.{st.value}", lang), group))
    goal_order = [g for g in data.goals if g.parent_id is not None] + ([main] if main else [])
    for g in goal_order:
        group = [c for c, m in zip(cards, data.measures) if m.goal_id == g.id]
        if group:
            page.by_goal.append(group_of(f"goal-{g.id}", g.text, group))
    loose = [c for c, m in zip(cards, data.measures) if m.goal_id not in goal_text]
    if loose:
        page.by_goal.append(group_of("goal-none", t("group.no_goal", lang), loose))


def _write_href(dialog_href: str, measure_id: int, resp, viewer: Viewer) -> str:
    """"Skriv om dette": a new conversation about the tiltak, to whoever is responsible."""
    if not dialog_href:
        return ""
    to = (f"&til={resp.account_id}" if resp is not None and resp.account_id != viewer.account_id
          else "")
    return f"{dialog_href}?tiltak={measure_id}{to}"


def patch(old: Built, loaded: PatchData, viewer: Viewer, today: date, lang: str) -> Built:
    """`old` again after a change that touched only some tiltak and maybe the dialog, from
    what `plan.data.load_patch` read (None from it: build the page whole): everything that
    follows from the tiltak is redone, the dialog's unread count and conversation links
    taken if read again; the rest of the page is kept."""
    data = loaded.data
    page = replace(old.page)  # a copy whose tiltak parts are redone below
    programme_input = _programme_input(data)
    if (page.programme or page.programme_new_href) and programme_input != old.programme_input:
        _programme(page, data, viewer, today, lang, old.programme_facts)
    by_measure = old.by_measure
    if loaded.unread is not None:
        page.unread = loaded.unread
        by_measure = loaded.by_measure or {}
    goal_hist, measure_hist = _word_histories(loaded.histories, data, viewer, lang)
    built = Built(page=page, data=data, viewer=viewer, names=loaded.histories.names,
                  by_measure=by_measure, dialog_href=old.dialog_href,
                  programme_facts=old.programme_facts, meetings=old.meetings,
                  consent_requests=old.consent_requests,
                  notices=old.notices,  # a notice changes the page whole (advance_notice_state)
                  progress=old.progress,  # and so does a progress note (progress_notes/state)
                  unread_records=loaded.first.unread_records, programme_input=programme_input)
    # one card built per tiltak the change touched; every other card is the one shown
    # before (all it is made of is unchanged: the same tiltak version, people, access,
    # goals, notices and progress notes, and its conversation link, compared)
    keep = {i: c for i, c in old.cards.items() if i not in loaded.touched
            and by_measure.get(i) == old.by_measure.get(i)}
    _fill_measures(built, goal_hist, measure_hist, viewer, lang, keep)
    page.first = build_first(
        data, loaded.first, viewer, today=today, now=datetime.now(timezone.utc),
        unread=page.unread, dialog_href=old.dialog_href, meetings=old.meetings, lang=lang)
    return built
