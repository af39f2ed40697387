"""The plan page's state: who is asking, what they may see, and their actions.

Thin by design. What the page shows (`page`, the head; its parts `plan_goals`,
`plan_programme`, `plan_more`; the tiltak cards, a var per status and `groups` by goal)
follows the plan's live signal: when anyone changes the plan, every open page
rebuilds it for its own viewer through the access policy, and only the parts that
changed are sent. Every handler is declared through the gate (kernel/gate.py), which
resolves the viewer from the session cookie, takes the plan lock, asks the policy,
checks the row and audits; the handler calls a domain rule and writes through the
data layer. No handler trusts an id from the browser: a tiltak id is only used to
look the tiltak up (row kind "measure", registered here), and it must belong to the
plan this page shows, which the viewer must have access to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from typing import Optional

import reflex as rx
from babel.dates import format_time, get_timezone
from sqlmodel import Session

from ip_app.caseload.data import workbench_for
from ip_app.closing.rules import may_write
from ip_app.consent.data import managed_plan
from ip_app.consent.state import ConsentState
from ip_app.first_screen import data as visit_data
from ip_app.first_screen.rules import since_of
from ip_app.first_screen.view import NewsRow, news_rows
from ip_app.kernel import audit, db, gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.actor import RuleError
from ip_app.kernel.common import Memo, today as _today, to_int as _int
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.i18n import t
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import (
    Changes, follows, on_screen, seal_all, sealed, signal, tab_of, touched_since, handed_over, viewer_of,
)
from ip_app.kernel.models import Measure
from ip_app.kernel.plan_access import access_for, plan_of_person
from ip_app.measures import data as measure_data
from ip_app.measures.catalogue_view import with_kind_title
from ip_app.measures.input import NewActivity
from ip_app.measures.rules import ORDER, Status, check_create, check_status_change, initial_status
from ip_app.plan.data import (
    ParticipantInfo, load_page, load_patch, load_plan, measure_facts, visible_measure,
)
from ip_app.ip_contents.view import ClosingInfo, IpSection
from ip_app.meetings.view import MeetingRow
from ip_app.plan.view import (
    Built, Card, GoalRow, Group, HistoryRow, ItemRow, PersonRow, PlanPage, build, patch,
)
from ip_app.programme.view import ProgrammeBlock

log = logging.getLogger(__name__)


_PAGES = Memo()  # per tab: (key, view, what it was built from)
_BUILT = Memo(1000)  # per (plan, viewer, version, day, language): (view, what it was built from)


def _view_key(plan_id: int, viewer: Viewer, version: int, day) -> tuple:  # noqa: ANN001
    return (plan_id, viewer.account_id, version, day, viewer.lang)


def _keep(tab: str, key: tuple, shared: tuple) -> None:
    """`shared` (view, what it was built from) is this tab's view at `key`, and any tab's
    of the same viewer at that version."""
    if shared[1] is not None:
        _BUILT.put(key, shared)
    _PAGES.put(tab, (key, *shared))
_OSLO = get_timezone("Europe/Oslo")
_CLOCK: list = [None, ""]  # the minute, and the time of day then in Norway ("10:14")


def _clock() -> str:
    """The time of day in Norway, HH:mm (worded once a minute: every open tab of a plan
    says it on each change)."""
    now = datetime.now(timezone.utc)
    minute = now.replace(second=0, microsecond=0)
    if _CLOCK[0] != minute:
        _CLOCK[:] = [minute, format_time(now, "HH:mm", tzinfo=_OSLO)]
    return _CLOCK[1]


@dataclass
class GoalsPart:
    """The goals with their progress: they change with a tiltak's status."""

    goals: list[GoalRow] = field(default_factory=list)
    main_goal_history: list[HistoryRow] = field(default_factory=list)


@dataclass
class MorePart:
    """What seldom changes: the IP's contents, the people, meetings, closing."""

    ip: IpSection = field(default_factory=IpSection)
    people: list[PersonRow] = field(default_factory=list)
    plan_items: list[ItemRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    past_meetings: list[MeetingRow] = field(default_factory=list)
    closing: ClosingInfo = field(default_factory=ClosingInfo)


_EMPTY_GROUPS = Memo()  # (status, its title): a group without cards, the same object each time


def _empty_group(key: str, title: str) -> Group:
    group = _EMPTY_GROUPS.get((key, title))
    if group is None:
        group = sealed(Group(key=key, title=title))
        _EMPTY_GROUPS.put((key, title), group)
    return group


# which var carries which field of the page (the rest: `page`, the head)
_GOALS_FIELDS = tuple(f.name for f in fields(GoalsPart))
_MORE_FIELDS = tuple(f.name for f in fields(MorePart))
STATUS_KEYS = tuple(st.value for st in ORDER)  # the status groups, in the lifecycle's order


@dataclass(frozen=True)
class _View:
    """One built page, split the way the state sends it, each part in a var of its own
    (Reflex sends a var whole, and only when it changed): the head, the goals, the
    programme, the seldom changed rest, the tiltak by status (one group per status, empty
    ones too: a status change sends the two groups the card left and entered) and by
    goal. Each sealed (`live.sealed`: never changed once built, so its digest and JSON
    are made once, however many tabs are sent it)."""

    head: PlanPage
    goals: GoalsPart
    programme: list
    more: MorePart
    status: tuple[Group, ...]  # one per status, in STATUS_KEYS' order
    by_goal: list[Group]

    @staticmethod
    def of(page: PlanPage) -> "_View":
        titles = {o.value: o.label for o in page.board_columns}
        by = {g.key: g for g in page.by_status}
        status = tuple(by.get(k) or _empty_group(k, titles.get(k, "")) for k in STATUS_KEYS)
        # the parts kept as they are from one version of the page to the next (a card of
        # a tiltak untouched, the people, the meetings …) are sealed one by one, so a
        # rebuilt group or part is encoded around their JSON, made once
        for g in status:
            for c in g.cards:  # a new card's history is mostly the rows of the one before
                seal_all(c.history)
                seal_all(c.progress_history)
            seal_all(g.cards)
        for goal in page.goals:
            seal_all(goal.history)
        seal_all(page.main_goal_history)
        for part in (page.by_goal, page.people, page.meetings, page.past_meetings,
                     page.programme, page.goals, page.plan_items):
            seal_all(part)
        seal_all((page.ip, page.closing, page.first))
        seal_all(status)
        moved = {f: getattr(page, f) for f in (*_GOALS_FIELDS, *_MORE_FIELDS)}
        head = replace(page, by_status=[], by_goal=[], programme=[],
                       **{f: type(v)() for f, v in moved.items()})
        return _View(head=sealed(head),
                     goals=sealed(GoalsPart(**{f: moved[f] for f in _GOALS_FIELDS})),
                     programme=sealed(page.programme),
                     more=sealed(MorePart(**{f: moved[f] for f in _MORE_FIELDS})),
                     status=status, by_goal=sealed(page.by_goal))


_LOADING = _View.of(PlanPage(mode="loading"))
_DENIED = _View.of(PlanPage(mode="denied"))
_ENDED = _View.of(PlanPage(mode="ended"))  # the page was open, and access has ended since
_ERROR = _View.of(PlanPage(mode="error"))


def _measure_row(g: gate.Ctx, measure_id: int) -> Optional[tuple[Measure, Optional[ParticipantInfo]]]:
    """A tiltak of the plan named, if the viewer may see it, with who is responsible: from
    the plan already loaded for the handler, else in one statement (`visible_measure`)."""
    if g._data is not None:
        m = next((x for x in g._data.measures if x.id == measure_id), None)
        return (m, g._data.participant(m.responsible_participant_id)) if m is not None else None
    return visible_measure(g.s, g.plan, g.access, g.viewer, measure_id)


def _measure_plan(s: Session, measure_id: int) -> Optional[int]:
    real = measure_data.get(s, measure_id)
    return real.plan_id if real is not None else None


gate.row_kind("measure", _measure_row, owner=_measure_plan)
gate.plan_loader(load_plan)  # g.data of every handler declared with data=True


@gate.write_guard
def _closed_plan_is_read_only(g: gate.Ctx):  # noqa: ANN202
    """A closed plan takes no write but its reopening (closing/rules.py)."""
    if g.plan is not None and not may_write(g.plan.closed_at is not None, g.decl.action):
        return ("plan_closed", "close.error_closed")
    return None

# refusals of a status change said at the card's control (the rest at the page's alert)
_STATUS_FIELD = {"error.status_same": "status", "error.reason_required": "reason",
                 "error.reason_too_long": "reason"}
# from the board (wide screens) every refusal is said at the board card: a missing or too
# long reason at a reason field shown there, the rest at its "Flytt til" button
_BOARD_FIELD = {"reason": "boardreason"}
_NO_GROUPS: list[Group] = sealed([])
_NO_CARD = sealed(Card(id=0, version=0, title="", description="", responsible="", dates="", status="",
                status_label="", status_color="neutral", plan_tag="", plan_tag_color="info",
                agreed=False, locked=False, can_change=False))


def _own_plan(g: gate.Ctx) -> Optional[int]:
    """'/' opens the person's own plan, and a guardian's the plan of the child they decide
    for (their own start: no staff list); staff and other relatives get their list."""
    if g.viewer.kind == "person":
        plan = plan_of_person(g.s, g.viewer.account_id)
    elif g.viewer.kind == "relative":
        plan = managed_plan(g.s, g.viewer)
    else:
        return None
    return plan.id if plan is not None else None


def _owner_person(g: gate.Ctx) -> bool:
    return (g.viewer is not None and g.viewer.kind == "person" and g.access is not None
            and g.access.is_owner)


def _with_consent_requests(consents: Optional[ConsentState], g: gate.Ctx, version: int,
                           managed: bool = False):  # noqa: ANN202
    """The person's plan is drawn once her consent requests are read (nothing moves after
    it is drawn): opened with the plan's own load, in its unit of work, so the page and
    the requests come in one delta (a mount event, lost once in a clean-clone run, left the
    page at "Henter planen …"; a chained event cost a second round through the server).
    `consents`: the tab's ConsentState when the viewer is the plan's person, else None."""
    if consents is not None and not consents._open_with_plan(g, version, managed):
        return ConsentState.load_inline  # the plan is not the one her consents are of
    return None


async def _consents_of(state: rx.State, g: gate.Ctx) -> Optional[ConsentState]:
    """The tab's ConsentState if the person opens her own plan. Asked before the load
    writes anything of its own (the visit): a state manager that loads states from Redis
    awaits here, and a row held meanwhile would hold up her other tab's load."""
    return await state.get_state(ConsentState) if _owner_person(g) else None


class PlanState(rx.State):
    """One tab's view of one plan (the person's own, or one a staff member follows)."""

    screen: str = "loading"  # loading | plan | caseload | denied | error
    group_by: str = "status"
    notice: str = ""  # polite status message ("Aktiviteten er lagt til")
    error: str = ""  # assertive error message
    status_error: dict[str, str] = {}  # at a card's status form: measure, field, text
    focus_target: str = ""  # the control that gets focus after a refusal (kernel/ui/focus.py)
    focus_token: int = 0
    add_open: bool = False
    add_errors: dict[str, str] = {}
    open_cards: list[int] = []  # ids of the tiltak cards this tab has open
    board_menu: int = 0  # the tiltak whose "Flytt til" menu is open on the board
    panel_id: int = 0  # the tiltak shown in the side panel (wide screens)
    news: list[NewsRow] = []  # "Nytt siden sist": what others changed since the last visit
    _plan_id: Optional[int] = None
    _opened_at_version: int = -1  # the plan's version when this tab opened it

    # -- what the page shows -------------------------------------------------------

    # Small vars instead of one big one, uncached (`cache=False`): Reflex sends them only
    # when their value differs from what this tab last got, so an event that changes
    # nothing on the page sends nothing of it. They are evaluated when this state
    # changed, after an event through the gate and when a write wakes the tab
    # (kernel/live.py `mark_views`); the work behind them is one memo lookup per tab
    # (`_view`): the page is built once per (plan, viewer, plan version, day), for this
    # tab's viewer, through the policy, and sealed (its digest taken once).

    @rx.var(cache=False)
    def page(self) -> PlanPage:
        """The plan's head as this tab's viewer may see it: all but the parts below."""
        return self._view().head

    @rx.var(cache=False)
    def plan_goals(self) -> GoalsPart:
        return self._view().goals

    @rx.var(cache=False)
    def plan_programme(self) -> list[ProgrammeBlock]:
        return self._view().programme

    @rx.var(cache=False)
    def plan_more(self) -> MorePart:
        return self._view().more

    # the tiltak by status: a var per status (the list shows those with cards, the
    # board every one); by goal: `groups`, sent only while the tab groups by goal

    @rx.var(cache=False)
    def status_forslag(self) -> Group:
        return self._view().status[0]

    @rx.var(cache=False)
    def status_planlagt(self) -> Group:
        return self._view().status[1]

    @rx.var(cache=False)
    def status_gjennomfores(self) -> Group:
        return self._view().status[2]

    @rx.var(cache=False)
    def status_fullfort(self) -> Group:
        return self._view().status[3]

    @rx.var(cache=False)
    def status_avbrutt(self) -> Group:
        return self._view().status[4]

    @rx.var(cache=False)
    def groups(self) -> list[Group]:
        """The tiltak cards by goal, while this tab groups them so."""
        return self._view().by_goal if self.group_by == "goal" else _NO_GROUPS

    @rx.var(cache=False)
    def panel_card(self) -> Card:
        """The tiltak opened in the side panel, if this viewer still sees it."""
        if not self.panel_id:
            return _NO_CARD
        view = self._view()
        return sealed(next((c for g in view.status for c in g.cards if c.id == self.panel_id),
                           _NO_CARD))

    def _view(self) -> "_View":
        """The page for this tab's viewer; rebuilt only when the plan version changed, and
        then patched when only tiltak or the dialog changed since (`plan_view.patch`).

        The session row is read for the delta of every event (the vars of one delta
        share one reading, at most `live_view.VIEWER_TTL` old: the event handler's own,
        if it checked), so a logout or an expired session empties the page at the next
        event; event handlers check it themselves every time. Access is decided by the
        policy on every rebuild (or handed over by the write that made this version), so
        a withdrawn consent hides data as soon as the plan's signal moves.
        """
        plan_id = self._plan_id
        sig = signal(plan_id)
        version = sig.version  # the plan's change counter, moved by every write
        if plan_id is None or not on_screen(self, "plan"):
            return _LOADING
        tab = tab_of(self)
        viewer = viewer_of(self)
        if viewer is None:
            return _DENIED
        linked = follows(self, plan_id)
        day = _today()
        key = _view_key(plan_id, viewer, version, day)
        cached = _PAGES.get(tab)
        if cached is not None and cached[0][:2] == key[:2] and (cached[0] == key or not linked):
            # same plan, viewer and version; or the tab does not follow the plan (yet)
            return cached[1]
        if not linked:
            return self._build_view(plan_id, viewer, day, None, None)[0]
        # another tab of the same viewer on this worker may have built this version already
        # (a page just opened or reloaded reads afresh)
        shared = _BUILT.get(key) if cached is not None else None
        if shared is None:
            old, touched = None, None
            if cached is not None and cached[2] is not None and cached[0][:2] == key[:2] \
                    and cached[0][3:] == key[3:]:
                touched = touched_since(sig, cached[0][2])  # only tiltak or the dialog since
                old = cached[2] if touched is not None else None
            view, built = self._build_view(plan_id, viewer, day, old, touched,
                                           checked=handed_over(plan_id, viewer, version, day),
                                           version=version)
            if view is _ERROR:
                return view  # never kept: the next delta tries again
            _keep(tab, key, (view, built))
            return view
        _PAGES.put(tab, (key, *shared))
        return shared[0]

    def _build_view(self, plan_id: int, viewer: Viewer, day, old: Optional[Built],
                    touched: Optional[Changes], checked: Optional[tuple] = None,
                    version: Optional[int] = None) -> tuple["_View", Optional[Built]]:
        """The page for `viewer`: `old` patched for a change to the tiltak `touched`, or
        built whole; the policy decides access either way (`checked`: its answer for this
        version, handed over by the viewer's write that made it, see `live_view.hand_over`)."""
        try:
            with db.session() as s:
                if checked is not None:
                    plan, access = checked
                else:
                    plan, access = access_for(s, viewer, plan_id, day)
                if plan is None or not access.allowed:
                    return _ENDED, None
                lang = lang_of(self, viewer)
                built = None
                if old is not None:
                    loaded = load_patch(
                        s, old.data, old.viewer, plan, access, viewer, day, lang,
                        touched.measures, dialog=touched.dialog,
                        uses_dialog=bool(old.dialog_href), names=old.names,
                        requests=old.consent_requests, records=old.unread_records,
                        version=version)
                    built = patch(old, loaded, viewer, day, lang) if loaded else None
                if built is None:
                    built = build(load_page(s, load_plan(s, plan, access, viewer), viewer, day,
                                            lang), viewer, day, lang)
            return _View.of(built.page), built
        except Exception:  # never break the page; say so instead
            log.exception("loading plan %s failed", plan_id)
            return _ERROR, None

    # -- loading ---------------------------------------------------------------------

    def _opened(self, g: gate.Ctx, version: int) -> None:
        """The gate let this tab open the plan: read it afresh, note the version once linked;
        note the visit and what others changed since the one before ("Nytt siden sist").

        The page is built here, in the gate's unit of work, from the plan and the access the
        gate has just checked (the policy asked once per open, the plan read once: the news
        is worded from the same reading), and kept for the tab as the first delta's `page`
        and `groups` (`_view` finds it by its key: plan, viewer, `version`, day, language).
        `version`: the plan's, as this worker knew it when the gate read the plan (read
        before any await since), so a write after that moves it and the views are built
        again."""
        tab = tab_of(self)
        _PAGES.drop(tab)  # opening or reloading reads afresh
        now = datetime.now(timezone.utc)
        before = visit_data.visit(g.s, plan_id=g.plan.id, account_id=g.viewer.account_id, now=now)
        day = _today()
        lang = lang_of(self, g.viewer)
        data = load_plan(g.s, g.plan, g.access, g.viewer)
        loaded = load_page(g.s, data, g.viewer, day, lang, now=now)
        self.news = news_rows(visit_data.load_news(g.s, data, g.viewer, since_of(before, now),
                                                   meetings=loaded.meetings),
                              data, g.viewer, lang=g.lang)
        try:
            built = build(loaded, g.viewer, day, lang)
        except Exception:  # the page's own vars try again (and say so if that fails too)
            log.exception("building plan %s failed", g.plan.id)
        else:
            _keep(tab, _view_key(g.plan.id, g.viewer, version, day), (_View.of(built.page), built))
        self._opened_at_version = -1  # set again once linked to this plan's signal
        g.after(self._note_opened_version)

    async def _note_opened_version(self) -> None:
        self._opened_at_version = signal(self._plan_id).version

    @rx.var(cache=False)  # like page/groups (see kernel/live.py): sent only when it changed
    def live_notice(self) -> str:
        """'The plan was updated at 10:14' when someone else changed the plan while this
        page is open; read out politely (the time makes each update new to a reader)."""
        sig = signal(self._plan_id)
        if (self._plan_id is None or self._opened_at_version < 0
                or sig.version <= self._opened_at_version
                or sig._changed_by == tab_of(self)):
            return ""
        viewer = viewer_of(self)  # only for the language; the page vars check the session
        if viewer is None:
            return ""
        return t("live.updated", viewer.lang, time=_clock())

    @rx.event
    @gate.page("read_plan", screen="plan", plan=_own_plan, trouble_screen="error")
    async def load_home(self, g: gate.Ctx):
        """'/': the person's own plan, or a staff member's list of people."""
        if g.plan_id is not None:  # the person's own plan, opened through the policy
            version = signal(g.plan_id).version  # as of the gate's reading (no await since)
            consents = await _consents_of(self, g)
            self._opened(g, version)
            # her own plan: the one whose consents she manages (consent.data.managed_plan)
            return _with_consent_requests(consents, g, version,
                                          managed=g.viewer.kind == "person")
        if g.viewer.kind == "person":  # a person without a plan
            self.screen = "denied"
            return
        from ip_app.caseload.state import CaseloadState  # the caseload's own state

        cases, followups = workbench_for(g.s, g.viewer, _today(), lang_of(self, g.viewer))
        (await self.get_state(CaseloadState))._fill(cases, followups)
        self.screen = "caseload"
        g.audit(action="read_caseload")
        # each person listed finds this read in their own access log
        audit.record_listing(g.s, actor_id=g.viewer.account_id, actor_role=g.viewer.kind,
                             action="caseload_listed", plan_ids=[c.plan_id for c in cases])

    @rx.event
    @gate.page("read_plan", screen="plan", trouble_screen="error")
    async def load_plan_page(self, g: gate.Ctx):
        """'/plan/[plan_id]': a plan someone follows; refused and logged without access."""
        version = signal(g.plan_id).version  # as of the gate's reading (no await since)
        consents = await _consents_of(self, g)
        self._opened(g, version)
        return _with_consent_requests(consents, g, version)

    @rx.event
    @gate.ui_only
    def set_card_open(self, measure_id: int, is_open: bool):
        """Only which cards are open in this tab; no data is read or written."""
        if not isinstance(measure_id, int):
            return
        ids = [i for i in self.open_cards if i != measure_id]
        self.open_cards = (ids + [measure_id])[-50:] if is_open else ids

    @rx.event
    @gate.ui_only
    def toggle_board_menu(self, measure_id: int):
        """Open (or close) a board card's "Flytt til" menu; no data is read or written."""
        if isinstance(measure_id, int):
            self.board_menu = 0 if self.board_menu == measure_id else measure_id

    @rx.event
    @gate.ui_only
    def show_in_panel(self, measure_id: int):
        """Which tiltak the side panel shows (0: none); what it shows is the tab's own view,
        built for its viewer through the policy (`panel_card`)."""
        if isinstance(measure_id, int):
            self.panel_id = max(measure_id, 0)

    @rx.event
    @gate.ui_only
    def set_group_by(self, value: str):
        if value in ("status", "goal"):
            self.group_by = value

    # -- actions -----------------------------------------------------------------------

    @rx.event
    @gate.write("change_status", row="measure", row_id="form_data.measure_id")
    async def change_status(self, g: gate.Ctx, form_data: dict):
        """Move a tiltak to another status (from the card's form, or from the board's
        "Flytt til" menu: `source` = "board", refusals said at the board card)."""
        m, responsible = g.row  # in this plan and visible to the viewer (the gate checked)
        version = _int(form_data.get("version"))
        board = form_data.get("source") == "board"
        self.status_error = {}
        try:
            new = Status(str(form_data.get("status", "")))
        except ValueError:
            return self._status_refused(m.id, "board" if board else "status",
                                        g.t("error.status_invalid"))
        target = f"measure:{m.id}"
        try:
            reason = check_status_change(g.actor, measure_facts(m, responsible, g.plan.person_id),
                                         new, str(form_data.get("reason", "")))
            if version is None or m.version != version:
                raise measure_data.StaleVersion(m)
            measure_data.change_status(g.s, measure_id=m.id, based_on_version=version,
                                       actor=g.actor, new=new, reason=reason)
        except RuleError as exc:
            if exc.key in ("error.not_allowed", "error.measure_locked"):
                g.audit(target=target, detail=exc.key, allowed=False)
            field = _STATUS_FIELD.get(exc.key)
            if board:
                return self._status_refused(m.id, _BOARD_FIELD.get(field or "", "board"),
                                            g.t(exc.key), new.value)
            if field is not None:  # said at the control, which gets focus
                return self._status_refused(m.id, field, g.t(exc.key))
            self.error = g.t(exc.key)
            return
        except measure_data.StaleVersion as exc:
            text = g.t("error.stale", status=g.t(f"status.{exc.current.status}"))
            g.changed(measures=[m.id])  # show the newer version
            if board:
                return self._status_refused(m.id, "board", text)
            self.error = text
            return
        g.audit(target=target, detail=new.value)
        g.changed(measures=[m.id], hand_over=True)
        self.notice = g.t("notice.status_changed", title=m.title,
                          status=g.t(f"status.{new.value}"))
        if board:  # the card moved to another column: focus follows it
            self.board_menu = 0
            self.focus_target = f"board-card-{m.id}"
            self.focus_token += 1

    def _status_refused(self, measure_id: int, field: str, text: str, status: str = ""):
        self.status_error = {"measure": str(measure_id), "field": field, "text": text,
                             "status": status}
        self.focus_target = f"status-{field}-{measure_id}"
        self.focus_token += 1

    @rx.event
    @gate.ui_only
    def open_add(self):
        self.add_errors = {}
        self.add_open = True

    @rx.event
    @gate.ui_only
    def close_add(self):
        self.add_open = False

    @rx.event
    @gate.write("add_measure")
    async def add_activity(self, g: gate.Ctx, form_data: dict):
        """Add an activity to the plan this tab shows (the person's own, or a staff member's)."""
        try:
            check_create(g.actor)  # the same rule as the full tiltak form
        except RuleError as exc:
            g.refuse(exc.key)
        try:
            form = validate(NewActivity, with_kind_title(form_data, g.lang))
        except FormError as exc:
            self.add_errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        m = measure_data.create_measure(
            g.s, plan_id=g.plan.id, actor=g.actor, title=form.title, kind=form.kind,
            description=form.description, start_date=form.start_date,
            end_date=form.end_date, status=str(initial_status(g.actor)),
            responsible_participant_id=g.access.participant_id,
        )
        g.audit(target=f"measure:{m.id}")
        g.changed(measures=[m.id], hand_over=True)
        self.add_errors = {}
        self.add_open = False
        self.notice = g.t("notice.activity_added", title=form.title)


def page_var(name: str) -> rx.Var:
    """The var that carries field `name` of the plan page (see `_View`)."""
    if name in _GOALS_FIELDS:
        return getattr(PlanState.plan_goals, name)
    if name in _MORE_FIELDS:
        return getattr(PlanState.plan_more, name)
    if name == "programme":
        return PlanState.plan_programme
    return getattr(PlanState.page, name)


def status_groups() -> list[rx.Var]:
    """The tiltak by status, one var per status, in the lifecycle's order."""
    return [getattr(PlanState, f"status_{k}") for k in STATUS_KEYS]



# a var per status above, named after it: the lifecycle's statuses and the vars agree
assert all(isinstance(getattr(PlanState, f"status_{k}", None), rx.Var) for k in STATUS_KEYS), \
    "a status without its var in PlanState"
