"""Demo data: three fictitious people in Molde, each with ONE plan joining several plans.

- Amina Yusuf (`amina`): refugee in the introduction programme - integreringsplan,
  aktivitetsplan and individuell plan in one.
- Emil Strand (`emil`): young man in IPS (individuell jobbstøtte) - aktivitetsplan and
  individuell plan. His plan's evaluation is overdue.
- Sara Nilsen (`sara`): kvalifiseringsprogram (KVP) - some tiltak are kept to NAV Molde.

Staff: `veileder`, `koordinator`, `behandler`, `jobbspesialist`, `laerer`, `fastlege`,
and `veileder2` (NAV Kristiansund, on no plan: for access tests; may start plans), and
`admin` (administrator of Molde kommune – flyktningtjenesten). Relative: `parorende`
(Hassan Yusuf, consent only requested). Every account has the same password.

All names, phone numbers and addresses are made up. Dates are relative to today, so the
demo never goes stale. Tiltak are written through `measures.data` only, so every state
of every tiltak has a MeasureVersion row; each change is also checked against the
domain rules, so the demo history is one the app itself could have produced.

    python -m ip_app.demo.seed        # seeds the configured database if it has no accounts
                                      # and demo mode is on (IP_DEMO_MODE=1); else nothing
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.contributions.data import record_first_version, update_contribution
from ip_app.contributions.rules import may_edit_contribution
from ip_app.demo.assessment_seed import seed_assessment
from ip_app.demo.cooperation_seed import seed_cooperation
from ip_app.demo.decision_seed import seed_decisions, seed_jobs, seed_notices
from ip_app.demo.meeting_seed import seed_meetings
from ip_app.demo.notes_seed import seed_notes
from ip_app.demo.programme_seed import seed_programme
from ip_app.demo.staff_seed import seed_staff
from ip_app.goals.data import create_goal, update_goal_text
from ip_app.kernel import clock
from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.models import (
    Account, Consent, ConsentEvent, Evaluation, Goal, GoalVersion, Measure, MeasureVersion,
    Message, MessageRead, Organisation, Participant, Plan, PlanBasis, PlanItem, PlanItemVersion,
    Thread, ThreadMember, utcnow,
)
from ip_app.kernel.passwords import hash_password
from ip_app.kernel.roles import OrgKind, Role
from ip_app.kernel.scopes import ConsentStatus, Scope, format_scopes
from ip_app.measures.data import change_status, create_measure, update_measure
from ip_app.measures.rules import (
    MeasureFacts, Status, check_status_change, initial_status, may_mark_agreed, may_update,
)
from ip_app.plan.rules import PlanBasis as Basis, format_serves

DEFAULT_PASSWORD = "demo"

IP = Basis.INDIVIDUELL_PLAN
AP = Basis.AKTIVITETSPLAN
INT = Basis.INTEGRERINGSPLAN
KVP = Basis.KVALIFISERINGSPROGRAM

STAFF_SCOPES = {
    Role.VEILEDER: (Scope.GOALS, Scope.ALL_MEASURES, Scope.DIALOG),
    Role.KOORDINATOR: (Scope.GOALS, Scope.ALL_MEASURES, Scope.DIALOG),
    Role.TJENESTEYTER: (Scope.GOALS, Scope.OWN_MEASURES, Scope.DIALOG),
}


# --- building blocks ------------------------------------------------------------


@dataclass
class _PlanCtx:
    plan: Plan
    person: Account
    parts: dict[str, Participant] = field(default_factory=dict)  # by username
    actors: dict[str, Actor] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=dict)  # by short key
    measures: dict[str, Measure] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One later change of a tiltak: who, when (days from today), what, and why."""

    by: str
    at: int
    changes: dict[str, Any]
    reason: str = ""


class _Builder:
    def __init__(self, s: Session, password_hash: str, today: date, now: datetime):
        self.s = s
        self.pw = password_hash
        self.today = today
        self.now = now
        self.orgs: dict[str, Organisation] = {}
        self.accounts: dict[str, Account] = {}
        self.plans: dict[str, _PlanCtx] = {}  # by the person's username
        self._msg_no = 0

    # time helpers: `days` is an offset from today (negative = past)
    def day(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def ts(self, days: int, hour: int = 10, minute: int = 0) -> datetime:
        """A moment `days` from today at hh:mm UTC, never later than now."""
        moment = datetime.combine(self.day(days), time(hour, minute), tzinfo=timezone.utc)
        return min(moment, self.now - timedelta(minutes=1))

    def born(self, years: int, month: int, day: int) -> date:
        return date(self.today.year - years, month, day)

    # --- people and organisations
    def org(self, key: str, name: str, kind: OrgKind, municipality: str) -> Organisation:
        o = Organisation(name=name, kind=str(kind), municipality=municipality)
        self.s.add(o)
        self.s.flush()
        self.orgs[key] = o
        return o

    def account(self, username: str, display_name: str, kind: str, *, created: int,
                org: Optional[str] = None, **fields: Any) -> Account:
        a = Account(
            username=username, display_name=display_name, kind=kind, password_hash=self.pw,
            organisation_id=self.orgs[org].id if org else None, is_demo=True,
            created_at=self.ts(created, 8), **fields,
        )
        self.s.add(a)
        self.s.flush()
        self.accounts[username] = a
        return a

    # --- plan header
    def plan(self, person: str, *, title: str, start: int, end: int, next_eval: int,
             bases: list[tuple[Basis, int]]) -> _PlanCtx:
        acct = self.accounts[person]
        p = Plan(person_id=acct.id, title=title, period_start=self.day(start),
                 period_end=self.day(end), next_evaluation=self.day(next_eval),
                 created_at=self.ts(start, 9), updated_at=self.ts(start, 9))
        self.s.add(p)
        self.s.flush()
        for basis, since in bases:
            self.s.add(PlanBasis(plan_id=p.id, basis=str(basis), since=self.day(since)))
        ctx = _PlanCtx(plan=p, person=acct)
        self.plans[person] = ctx
        return ctx

    def participant(self, ctx: _PlanCtx, username: str, role: Role, contribution: str, *,
                    joined: int, org: Optional[str] = None) -> Participant:
        """A participant and version 1 of their part ("hvem gjør hva"), written by them."""
        acct = self.accounts[username]
        org_obj = self.orgs[org] if org else (
            self.s.get(Organisation, acct.organisation_id) if acct.organisation_id else None)
        part = Participant(
            plan_id=ctx.plan.id, account_id=acct.id, role=str(role),
            organisation_id=org_obj.id if org_obj else None, contribution=contribution,
            joined_at=self.ts(joined, 9, 30),
        )
        self.s.add(part)
        self.s.flush()
        ctx.parts[username] = part
        ctx.actors[username] = Actor(
            account_id=acct.id, role=role, participant_id=part.id,
            org_kind=org_obj.kind if org_obj else "", org_id=org_obj.id if org_obj else None,
        )
        record_first_version(self.s, part, by_id=acct.id, by_role=str(role), at=part.joined_at)
        return part

    def revise_part(self, ctx: _PlanCtx, username: str, *, by: str, at: int, text: str,
                    reason: str = "") -> None:
        """A later text of a participant's part, checked against the domain rule."""
        part, actor = ctx.parts[username], ctx.actors[by]
        if not may_edit_contribution(actor, part.id, ctx.plan.coordinator_participant_id):
            raise RuleError("error.not_allowed")
        update_contribution(self.s, participant_id=part.id,
                            based_on_version=part.contribution_version, actor=actor, text=text,
                            reason=reason, at=self.ts(at, 14))
        self.s.refresh(part)

    def coordinator(self, ctx: _PlanCtx, username: str) -> None:
        ctx.plan.coordinator_participant_id = ctx.parts[username].id
        self.s.add(ctx.plan)

    def items(self, ctx: _PlanCtx, kind: str, texts: list[str], *, by: str, at: int) -> None:
        for n, text in enumerate(texts):
            item = PlanItem(plan_id=ctx.plan.id, kind=kind, text=text,
                            created_by_id=self.accounts[by].id, created_at=self.ts(at, 10, n))
            self.s.add(item)
            self.s.flush()
            self.s.add(PlanItemVersion(  # its first wording (kernel/versioned.py)
                plan_item_id=item.id, version=1, text=text, changed_by_id=item.created_by_id,
                changed_by_role=str(ctx.actors[by].role), changed_at=item.created_at))

    # --- goals (mål), in the person's own words
    def goal(self, ctx: _PlanCtx, key: str, text: str, *, by: str, at: int,
             parent: Optional[str] = None, position: int = 0,
             revisions: tuple[tuple[str, int, str, str], ...] = ()) -> Goal:
        """`revisions`: (by, at, new text, reason) applied after creation."""
        g = create_goal(self.s, plan_id=ctx.plan.id, actor=ctx.actors[by], text=text,
                        parent_id=ctx.goals[parent].id if parent else None, position=position)
        moments = {1: self.ts(at, 11, position)}
        for rev_by, rev_at, rev_text, reason in revisions:
            g = update_goal_text(self.s, goal_id=g.id, based_on_version=g.version,
                                 actor=ctx.actors[rev_by], text=rev_text, reason=reason)
            moments[g.version] = self.ts(rev_at, 11, position)
        for v in self.s.exec(select(GoalVersion).where(GoalVersion.goal_id == g.id)):
            v.changed_at = moments[v.version]
            self.s.add(v)
        g.created_at = moments[1]
        self.s.add(g)
        ctx.goals[key] = g
        return g

    # --- tiltak, always through data.measures and checked against the domain rules
    def _facts(self, ctx: _PlanCtx, m: Measure) -> MeasureFacts:
        resp = next((p for p in ctx.parts.values() if p.id == m.responsible_participant_id), None)
        resp_org = (self.s.get(Organisation, resp.organisation_id)
                    if resp and resp.organisation_id else None)
        return MeasureFacts(
            status=Status(m.status), agreed=m.agreed, created_by_id=m.created_by_id,
            responsible_participant_id=m.responsible_participant_id,
            responsible_role=Role(resp.role) if resp else None,
            responsible_org_kind=resp_org.kind if resp_org else "",
        )

    def measure(self, ctx: _PlanCtx, key: str, *, by: str, at: int, title: str,
                responsible: str, serves: list[Basis], goal: Optional[str] = None,
                agreed: bool = False, restricted_to: Optional[str] = None,
                steps: tuple[Step, ...] = (), **fields: Any) -> Measure:
        actor = ctx.actors[by]
        if agreed and not may_mark_agreed(actor):
            raise RuleError("error.not_allowed")
        created = self.ts(at, 12)
        m = create_measure(
            self.s, plan_id=ctx.plan.id, actor=actor, created_at=created,
            title=title, status=str(initial_status(actor)), agreed=agreed,
            responsible_participant_id=ctx.parts[responsible].id,
            serves=format_serves(serves), goal_id=ctx.goals[goal].id if goal else None,
            restricted_to_org_id=self.orgs[restricted_to].id if restricted_to else None,
            **fields,
        )
        moments = {1: created}
        for step in steps:
            step_actor = ctx.actors[step.by]
            facts = self._facts(ctx, m)
            changes = dict(step.changes)
            new_status = changes.pop("status", None)
            if changes.get("agreed") and not may_mark_agreed(step_actor):
                raise RuleError("error.not_allowed")
            if new_status is not None:
                reason = check_status_change(step_actor, facts, Status(new_status), step.reason)
            else:
                if not may_update(step_actor, facts) or (
                        facts.agreed and step_actor.role == Role.PERSON):
                    raise RuleError("error.not_allowed")
                reason = step.reason
            if new_status is not None and not changes:
                m = change_status(self.s, measure_id=m.id, based_on_version=m.version,
                                  actor=step_actor, new=Status(new_status), reason=reason)
            else:
                if new_status is not None:
                    changes["status"] = str(new_status)
                m = update_measure(self.s, measure_id=m.id, based_on_version=m.version,
                                   actor=step_actor, reason=reason, **changes)
            moments[m.version] = self.ts(step.at, 12, len(moments))
        for v in self.s.exec(select(MeasureVersion).where(MeasureVersion.measure_id == m.id)):
            v.changed_at = moments[v.version]
            self.s.add(v)
        m.updated_at = moments[m.version]
        self.s.add(m)
        ctx.measures[key] = m
        return m

    # --- samtykke
    def consent(self, ctx: _PlanCtx, username: str, *, requested_by: str, requested: int,
                status: ConsentStatus = ConsentStatus.GRANTED, decided: Optional[int] = None,
                valid_days: int = 365, scopes: Optional[tuple[Scope, ...]] = None,
                decided_by: Optional[str] = None) -> Consent:
        """`decided_by`: who answered (the person; for a child under 16, the guardian)."""
        part = ctx.parts[username]
        decider = self.accounts[decided_by] if decided_by else ctx.person
        if scopes is None:
            scopes = STAFF_SCOPES[Role(part.role)]
            if username == "behandler":
                scopes = scopes + (Scope.CONFIDENTIAL,)
        raw = format_scopes(scopes)
        until = self.day(valid_days) if status == ConsentStatus.GRANTED else None
        req_at = self.ts(requested, 10, 15)
        c = Consent(plan_id=ctx.plan.id, participant_id=part.id, status=str(status), scopes=raw,
                    valid_until=until, requested_at=req_at, version=1)
        if status != ConsentStatus.REQUESTED:
            c.decided_at = self.ts(decided if decided is not None else requested + 1, 18)
            c.decided_by_id = decider.id
            c.version = 2
        self.s.add(c)
        self.s.flush()
        self.s.add(ConsentEvent(consent_id=c.id, action=str(ConsentStatus.REQUESTED), scopes=raw,
                                by_id=self.accounts[requested_by].id, at=req_at))
        if c.decided_at is not None:
            self.s.add(ConsentEvent(consent_id=c.id, action=str(status), scopes=raw,
                                    valid_until=until, by_id=decider.id, at=c.decided_at))
        return c

    # --- dialog
    def thread(self, ctx: _PlanCtx, subject: str, *, by: str,
               messages: list[tuple[str, datetime, str]], read: dict[str, Optional[datetime]],
               measure: Optional[str] = None, waiting_for: str = "", done: bool = False) -> Thread:
        """`messages`: (sender, sent_at, body); `read`: member -> last_read_at."""
        t = Thread(plan_id=ctx.plan.id, subject=subject, created_by_id=self.accounts[by].id,
                   measure_id=ctx.measures[measure].id if measure else None,
                   waiting_for=waiting_for, done=done, created_at=messages[0][1],
                   last_message_at=messages[-1][1])
        self.s.add(t)
        self.s.flush()
        for username, last_read in read.items():
            self.s.add(ThreadMember(thread_id=t.id, account_id=self.accounts[username].id,
                                    last_read_at=last_read))
        for sender, sent_at, body in messages:
            self._msg_no += 1
            msg = Message(thread_id=t.id, sender_id=self.accounts[sender].id, body=body,
                          client_id=f"seed-{self._msg_no}", sent_at=sent_at)
            self.s.add(msg)
            self.s.flush()
            for username, last_read in read.items():  # the sender's "Lest …"
                if username != sender and last_read is not None and last_read >= sent_at:
                    self.s.add(MessageRead(message_id=msg.id, account_id=self.accounts[username].id,
                                           read_at=last_read))
        return t


# --- the demo -------------------------------------------------------------------


def _organisations(b: _Builder) -> None:
    b.org("nav_molde", "NAV Molde", OrgKind.NAV, "Molde")
    b.org("nav_ksu", "NAV Kristiansund", OrgKind.NAV, "Kristiansund")
    b.org("flyktning", "Molde kommune – flyktningtjenesten", OrgKind.MUNICIPALITY, "Molde")
    b.org("helse", "Molde kommune – helse og omsorg", OrgKind.MUNICIPALITY, "Molde")
    b.org("dps", "DPS Molde", OrgKind.DPS, "Molde")
    b.org("vo", "Molde voksenopplæringssenter", OrgKind.ADULT_EDUCATION, "Molde")
    b.org("lege", "Legesenteret i Molde", OrgKind.GP, "Molde")


def _accounts(b: _Builder) -> None:
    staff = "staff"
    b.account("veileder", "Kari Nordmann", staff, org="nav_molde", created=-400,
              title="NAV-veileder", phone="+47 400 01 101", email="kari.nordmann@nav.example")
    b.account("koordinator", "Ola Hansen", staff, org="flyktning", created=-400,
              title="Koordinator, Molde kommune", phone="+47 400 01 102",
              email="ola.hansen@molde.kommune.example")
    b.account("behandler", "Ingrid Berg", staff, org="dps", created=-400,
              title="Psykologspesialist", phone="+47 400 01 103",
              email="ingrid.berg@dps-molde.example")
    b.account("jobbspesialist", "Jonas Lie", staff, org="dps", created=-400,
              title="Jobbspesialist (IPS)", phone="+47 400 01 104",
              email="jonas.lie@dps-molde.example")
    b.account("laerer", "Siri Dahl", staff, org="vo", created=-400,
              title="Kontaktlærer", phone="+47 400 01 105",
              email="siri.dahl@molde-vo.example")
    b.account("fastlege", "Per Moe", staff, org="lege", created=-400,
              title="Fastlege", phone="+47 400 01 106", email="per.moe@legesenteret.example")
    b.account("veileder2", "Nils Vik", staff, org="nav_ksu", created=-400,
              title="NAV-veileder", phone="+47 400 01 107", email="nils.vik@nav.example")

    b.account("amina", "Amina Yusuf", "person", created=-245, birth_date=b.born(29, 3, 14),
              phone="+47 400 02 201")
    b.account("emil", "Emil Strand", "person", created=-160, birth_date=b.born(23, 9, 2),
              phone="+47 400 02 202")
    # reserved against digital contact in KRR: her notices are letters staff print (/brev)
    b.account("sara", "Sara Nilsen", "person", created=-125, birth_date=b.born(41, 6, 21),
              phone="+47 400 02 203", contact_reserved=True)
    b.account("parorende", "Hassan Yusuf", "relative", created=-4, phone="+47 400 02 204")
    # a child under 16: the guardian decides on consent, the child sees what was agreed
    b.account("noah", "Noah Berg", "person", created=-60, birth_date=b.born(14, 5, 3),
              phone="+47 400 02 205")
    b.account("foresatt", "Lene Berg", "relative", created=-60, phone="+47 400 02 206")


def _amina(b: _Builder) -> None:
    ctx = b.plan("amina", title="Amina: veien til jobb som helsefagarbeider",
                 start=-240, end=490, next_eval=21,
                 bases=[(INT, -240), (AP, -240), (IP, -210)])
    b.participant(ctx, "amina", Role.PERSON, joined=-240, contribution=(
        "Jeg møter på norskkurs og i praksis, gjør lekser hver dag og sier fra til Ola "
        "hvis noe blir vanskelig."))
    b.participant(ctx, "koordinator", Role.KOORDINATOR, joined=-240, contribution=(
        "Koordinator for planen og programrådgiver i introduksjonsprogrammet. Innkaller til "
        "samarbeidsmøter, bestiller tolk og passer på at planen holder fremdriften."))
    b.participant(ctx, "veileder", Role.VEILEDER, joined=-240, contribution=(
        "Har ansvar for aktivitetsplanen (§ 14 a) og arbeidsrettingen: arbeidstrening i "
        "helsesektoren, kontakt med arbeidsgivere og søknad til fagopplæring."))
    b.participant(ctx, "laerer", Role.TJENESTEYTER, joined=-230, contribution=(
        "Norskopplæring og samfunnskunnskap. Melder fravær og fremgang til koordinator "
        "hver måned."))
    b.participant(ctx, "parorende", Role.PARORENDE, joined=-4, contribution=(
        "Broren til Amina. Henter barna i barnehagen på praksisdagene og blir med på møter "
        "når Amina ønsker det."))
    b.coordinator(ctx, "koordinator")

    b.items(ctx, "resource", [
        "Har fullført videregående skole i Sudan og jobbet to år som assistent på en klinikk.",
        "Snakker arabisk og engelsk godt, og norsk på nivå A2.",
        "Er strukturert og motivert, og har god støtte fra broren sin i Molde.",
    ], by="koordinator", at=-235)
    b.items(ctx, "service_need", [
        "Norskopplæring med vekt på ord og uttrykk fra helsefag.",
        "Arbeidspraksis i helse og omsorg med tett oppfølging.",
        "Barnehageplass og hjelp til å få hverdagen til å gå opp med to små barn.",
    ], by="koordinator", at=-235)
    b.items(ctx, "partner", [
        "Fjordly sykehjem (praksisplass).",
        "Møre og Romsdal fylkeskommune – fagopplæring for voksne (voksenretten).",
        "Molde frivilligsentral (mentorordning).",
    ], by="koordinator", at=-235)

    b.goal(ctx, "main", "Jeg vil jobbe som helsefagarbeider og klare meg selv.",
           by="amina", at=-235)
    b.goal(ctx, "norsk", "Jeg vil bestå norskprøven på nivå B1 muntlig og skriftlig.",
           by="amina", at=-235, parent="main", position=1)
    b.goal(ctx, "praksis", "Jeg vil prøve meg i arbeid på et sykehjem.",
           by="amina", at=-235, parent="main", position=2,
           revisions=(("amina", -60, "Jeg vil prøve meg i arbeid på et sykehjem og få en "
                       "god attest.", "Vil ha attest å bruke når jeg søker læreplass."),))
    b.goal(ctx, "hverdag", "Jeg vil forstå hvordan ting fungerer i Norge, så jeg kan hjelpe "
           "barna mine med skole og barnehage.", by="amina", at=-235, parent="main", position=3)

    b.measure(ctx, "kartlegging", by="koordinator", at=-238,
              title="Kartlegging av utdanning og arbeidserfaring", responsible="koordinator",
              serves=[INT], kind="", extent="To samtaler", how=(
                  "Samtaler med tolk på flyktningtjenesten. Vitnemål og attester oversettes."),
              start_date=b.day(-236), end_date=b.day(-222),
              steps=(Step("koordinator", -222, {"status": Status.FULLFORT}),))
    b.measure(ctx, "norsk", by="koordinator", at=-232, agreed=True,
              title="Norskopplæring spor 2 mot B1", responsible="laerer", serves=[INT, IP],
              goal="norsk", kind="norskopplaering", extent="4 dager i uka", hours_per_week=15,
              how="Klasseundervisning på Molde voksenopplæringssenter, med ekstra helsefagord "
                  "på fredager.",
              start_date=b.day(-225), end_date=b.day(150),
              steps=(Step("laerer", -225, {"status": Status.GJENNOMFORES}),
                     Step("laerer", -120, {"hours_per_week": 20},
                          "Økt fra 15 til 20 timer fordi Amina gjør god fremgang.")))
    b.measure(ctx, "samfunn", by="koordinator", at=-232, agreed=True,
              title="Samfunnskunnskap på arabisk (50 timer)", responsible="laerer",
              serves=[INT], goal="hverdag", kind="samfunnskunnskap", extent="50 timer",
              hours_per_week=5, how="Kurs på arabisk med felles oppgaver om skole, helse og "
                                    "arbeidsliv i Norge.",
              start_date=b.day(-220), end_date=b.day(-110),
              steps=(Step("laerer", -220, {"status": Status.GJENNOMFORES}),
                     Step("laerer", -108, {"status": Status.FULLFORT},
                          "Alle 50 timer gjennomført, prøve i samfunnskunnskap bestått.")))
    b.measure(ctx, "barnehage", by="koordinator", at=-200, agreed=True,
              title="Språkpraksis i Solsikken barnehage", responsible="koordinator",
              serves=[INT], goal="norsk", kind="arbeidstrening", extent="1 dag i uka",
              hours_per_week=6, how="Praksis med fast kontaktperson for å øve på norsk i "
                                    "hverdagen.",
              start_date=b.day(-190), end_date=b.day(-70),
              steps=(Step("koordinator", -190, {"status": Status.GJENNOMFORES}),
                     Step("koordinator", -75, {"status": Status.AVBRUTT},
                          "Byttet til praksis på sykehjem, som passer bedre med målet om "
                          "helsefag.")))
    b.measure(ctx, "sykehjem", by="amina", at=-80,
              title="Arbeidstrening på Fjordly sykehjem", responsible="veileder",
              serves=[AP, INT], goal="praksis", kind="arbeidstrening", extent="2 dager i uka",
              hours_per_week=12, how="Praksis på avdeling 2 med fast veileder på sykehjemmet. "
                                     "Tre-partsmøte hver sjette uke.",
              start_date=b.day(-42), end_date=b.day(120),
              steps=(Step("veileder", -60, {"status": Status.PLANLAGT, "agreed": True}),
                     Step("veileder", -42, {"status": Status.GJENNOMFORES})))
    b.measure(ctx, "mentor", by="koordinator", at=-20,
              title="Mentor fra Molde frivilligsentral", responsible="koordinator",
              serves=[INT, IP], goal="hverdag", kind="mentor", extent="Annenhver uke",
              how="Mentor møter Amina på kafé eller biblioteket for å snakke norsk og hjelpe "
                  "med skjemaer.",
              start_date=b.day(14), end_date=b.day(200))
    b.measure(ctx, "fagbrev", by="veileder", at=-10,
              title="Søke helsefagarbeiderutdanning for voksne", responsible="veileder",
              serves=[AP, IP], goal="main", kind="",
              how="Søknad via fylkeskommunen (voksenretten). Kan kombineres med "
                  "praksiskandidatordningen.",
              start_date=b.day(60))
    b.measure(ctx, "forerkort", by="amina", at=-6,
              title="Ta teoriprøven for førerkort klasse B", responsible="amina",
              serves=[IP], goal="main", kind="", how="Leser teoriboka og øver på appen.",
              start_date=b.day(30), end_date=b.day(120))

    for u in ("koordinator", "veileder"):
        b.consent(ctx, u, requested_by="koordinator", requested=-238)
    b.consent(ctx, "laerer", requested_by="koordinator", requested=-230)
    b.consent(ctx, "parorende", requested_by="koordinator", requested=-3,
              status=ConsentStatus.REQUESTED, scopes=(Scope.GOALS, Scope.DIALOG))

    b.s.add(Evaluation(
        plan_id=ctx.plan.id, held_on=b.day(-95),
        went_well="Amina har fullført samfunnskunnskap og gjør god fremgang i norsk.",
        changes="Språkpraksis i barnehage byttes ut med arbeidstrening på sykehjem.",
        attendees="Amina Yusuf, Ola Hansen, Kari Nordmann, Siri Dahl, tolk",
        next_date=ctx.plan.next_evaluation, created_by_id=b.accounts["koordinator"].id,
        created_at=b.ts(-95, 14)))

    b.thread(ctx, "Praksis på Fjordly sykehjem", by="veileder", measure="sykehjem",
             messages=[
                 ("veileder", b.ts(-45, 9), "Hei Amina! Fjordly sykehjem har sagt ja til praksis "
                  "to dager i uka. Du møter Line Aas på vaktrommet på avdeling 2 mandag kl. 08.00. "
                  "Passer det?"),
                 ("amina", b.ts(-45, 16), "Hei Kari. Ja, det passer. Jeg har ikke arbeidstøy, "
                  "hva gjør jeg?"),
                 ("veileder", b.ts(-44, 8, 30), "Du får låne arbeidstøy og sko på sykehjemmet. "
                  "Lykke til på mandag!"),
             ],
             read={"amina": b.ts(-44, 12), "veileder": b.ts(-44, 8, 30)})
    b.thread(ctx, "Samarbeidsmøte om planen", by="koordinator",
             messages=[
                 ("koordinator", b.now - timedelta(hours=2),
                  "Hei Amina! Vi har samarbeidsmøte på flyktningtjenesten om tre uker, tirsdag "
                  "kl. 10. Tolk på arabisk er bestilt. Si gjerne fra om du vil at Hassan "
                  "blir med."),
             ],
             read={"amina": None, "koordinator": b.now - timedelta(hours=2),
                   "veileder": None, "laerer": None},
             waiting_for="bruker")


def _emil(b: _Builder) -> None:
    # the evaluation date has passed: this plan shows as overdue
    ctx = b.plan("emil", title="Emil: jobb og egen leilighet", start=-150, end=215,
                 next_eval=-12, bases=[(AP, -150), (IP, -150)])
    # the IPS team: Emil, the jobbspesialist and the behandler at DPS, and NAV
    b.participant(ctx, "emil", Role.PERSON, joined=-150, contribution=(
        "Jeg møter Jonas hver uke og går til timene på DPS."))
    b.participant(ctx, "veileder", Role.VEILEDER, joined=-150, contribution=(
        "Koordinator for planen. Ansvar for aktivitetsplanen, arbeidsavklaringspenger og "
        "hjelp med økonomi."))
    b.participant(ctx, "jobbspesialist", Role.TJENESTEYTER, joined=-145, contribution=(
        "Jobbspesialist i IPS-teamet: finner arbeidsgivere sammen med Emil."))
    b.participant(ctx, "behandler", Role.TJENESTEYTER, joined=-145, contribution=(
        "Behandling for angst og søvnvansker ved DPS Molde, og deltar i IPS-teamets "
        "samarbeidsmøter."))
    b.coordinator(ctx, "veileder")
    # earlier texts of the parts stay under "Tidligere versjoner"
    b.revise_part(ctx, "emil", by="emil", at=-75, text=(
        "Jeg møter Jonas hver uke, går til timene på DPS og sier fra hvis jeg trenger en pause."),
        reason="Avtalt på evalueringsmøtet.")
    b.revise_part(ctx, "jobbspesialist", by="veileder", at=-20, text=(
        "Jobbspesialist i IPS-teamet: finner arbeidsgivere sammen med Emil og følger opp "
        "på arbeidsplassen."), reason="Arbeidsutprøvingen på Molde Bilservice har startet.")

    b.items(ctx, "resource", [
        "Interessert i bil og motor, har praksis fra bilverksted fra videregående.",
        "Flink med data, og lærer raskt når han får vise det praktisk.",
        "Har god støtte fra mormor, som han spiser middag hos to ganger i uka.",
    ], by="veileder", at=-148)
    b.items(ctx, "service_need", [
        "Behandling for angst og søvnvansker.",
        "Hjelp til å finne og beholde en vanlig jobb (individuell jobbstøtte, IPS).",
        "Hjelp med økonomi og med å skaffe egen bolig.",
    ], by="veileder", at=-148)
    b.items(ctx, "partner", [
        "Molde kommune – boligkontoret.",
        "Arbeidsgivere i Molde-området, via jobbspesialisten.",
    ], by="veileder", at=-148)

    b.goal(ctx, "main", "Jeg vil ha en jobb.", by="emil", at=-148,
           revisions=(("emil", -90, "Jeg vil ha en vanlig jobb, helst med bil eller maskiner, "
                       "og bo i egen leilighet.",
                       "Skrev det mer konkret etter samtale med Jonas."),))
    b.goal(ctx, "jobb", "Jeg vil ha en jobb på minst 50 prosent innen et år.",
           by="emil", at=-90, parent="main", position=1)
    b.goal(ctx, "helse", "Jeg vil sove bedre og klare å være sammen med folk uten at angsten "
           "tar over.", by="emil", at=-90, parent="main", position=2)
    b.goal(ctx, "bolig", "Jeg vil klare økonomien selv og flytte for meg selv.",
           by="emil", at=-90, parent="main", position=3)

    b.measure(ctx, "ips", by="veileder", at=-140, agreed=True,
              title="Individuell jobbstøtte (IPS) med jobbspesialist", responsible="jobbspesialist",
              serves=[AP, IP], goal="jobb", kind="ips", extent="Møte hver uke", hours_per_week=2,
              how="Jonas og Emil finner arbeidsgivere sammen. Jonas følger opp på "
                  "arbeidsplassen når Emil har fått jobb.",
              start_date=b.day(-135), end_date=b.day(215),
              steps=(Step("jobbspesialist", -135, {"status": Status.GJENNOMFORES}),))
    b.measure(ctx, "samtale", by="behandler", at=-145,
              title="Samtalebehandling ved DPS Molde", responsible="behandler", serves=[IP],
              goal="helse", kind="behandling", extent="Annenhver uke", hours_per_week=1,
              how="Samtaler med Ingrid Berg, med vekt på søvn og angst i sosiale situasjoner.",
              start_date=b.day(-140), end_date=b.day(180),
              steps=(Step("behandler", -140, {"status": Status.GJENNOMFORES}),))
    b.measure(ctx, "kib", by="behandler", at=-120,
              title="Kurs i belastningsmestring (gruppe)", responsible="behandler", serves=[IP],
              goal="helse", kind="behandling", extent="8 kvelder", hours_per_week=2.5,
              how="Gruppekurs ved DPS Molde.", start_date=b.day(-100), end_date=b.day(-44),
              steps=(Step("behandler", -100, {"status": Status.GJENNOMFORES}),
                     Step("behandler", -86, {"status": Status.AVBRUTT},
                          "Emil ønsket heller individuell oppfølging enn gruppe.")))
    b.measure(ctx, "budsjett", by="veileder", at=-130, agreed=True,
              title="Lage budsjett og betalingsplan", responsible="veileder", serves=[AP, IP],
              goal="bolig", kind="", extent="Tre møter",
              how="Gå gjennom inntekter og faste utgifter, og sette opp faste trekk i nettbanken.",
              start_date=b.day(-125), end_date=b.day(-95),
              steps=(Step("veileder", -125, {"status": Status.GJENNOMFORES}),
                     Step("veileder", -95, {"status": Status.FULLFORT},
                          "Budsjett laget og faste trekk satt opp i nettbanken.")))
    b.measure(ctx, "intervju", by="emil", at=-40,
              title="Jobbintervju hos Romsdal Dekk", responsible="emil", serves=[AP],
              goal="jobb", kind="", how="Jonas blir med på intervjuet.",
              start_date=b.day(-30), end_date=b.day(-30),
              steps=(Step("emil", -38, {"status": Status.PLANLAGT}),
                     Step("emil", -29, {"status": Status.FULLFORT})))
    b.measure(ctx, "verksted", by="veileder", at=-25, agreed=True,
              title="Arbeidsutprøving på Molde Bilservice", responsible="jobbspesialist",
              serves=[AP], goal="jobb", kind="arbeidstrening", extent="3 dager i uka",
              hours_per_week=15, how="Starter på dekkhotellet, med flere oppgaver når det "
                                     "går bra. Jonas er med første dag.",
              start_date=b.day(14), end_date=b.day(100),
              steps=(Step("jobbspesialist", -18, {
                  "extent": "2 dager i uka de første fire ukene, så 3", "hours_per_week": 10},
                  "Arbeidsgiveren og Emil vil ha en roligere start."),))
    b.measure(ctx, "trening", by="emil", at=-15,
              title="Treningsgruppe på frisklivssentralen", responsible="emil", serves=[IP],
              goal="helse", kind="", extent="1 gang i uka", hours_per_week=1.5,
              start_date=b.day(7),
              steps=(Step("emil", -14, {"status": Status.PLANLAGT}),))
    b.measure(ctx, "leilighet", by="emil", at=-8,
              title="Søke kommunal leilighet", responsible="emil", serves=[IP],
              goal="bolig", kind="", how="Søknad til boligkontoret, med hjelp fra Kari.")

    for u in ("veileder", "jobbspesialist", "behandler"):
        b.consent(ctx, u, requested_by="veileder", requested=-148, valid_days=330)

    b.s.add(Evaluation(
        plan_id=ctx.plan.id, held_on=b.day(-75),
        went_well="Emil har kommet i gang med jobbsøking og møter fast på DPS.",
        changes="Gruppekurset er avsluttet; individuelle samtaler fortsetter.",
        attendees="Emil Strand, Kari Nordmann, Jonas Lie, Ingrid Berg",
        next_date=ctx.plan.next_evaluation, created_by_id=b.accounts["veileder"].id,
        created_at=b.ts(-75, 13)))

    b.thread(ctx, "Etter intervjuet hos Romsdal Dekk", by="jobbspesialist", measure="intervju",
             messages=[
                 ("jobbspesialist", b.ts(-29, 14), "Bra jobba på intervjuet i dag, Emil! De "
                  "hadde ikke ledig stilling nå, men de vil ringe deg i vår."),
                 ("emil", b.ts(-29, 19), "Takk. Det var skummelt, men det gikk bedre enn jeg "
                  "trodde."),
                 ("jobbspesialist", b.ts(-28, 9), "Det gjorde det! Jeg har snakket med Molde "
                  "Bilservice også. Skal vi ta det på møtet torsdag?"),
                 ("emil", b.ts(-27, 20), "Ja, gjerne."),
             ],
             read={"emil": b.ts(-27, 20), "jobbspesialist": b.ts(-26, 8)})
    b.thread(ctx, "Ny dato for evaluering av planen", by="veileder",
             messages=[
                 ("veileder", b.ts(-10, 9), "Hei Emil. Vi skulle hatt evalueringsmøte forrige "
                  "uke, men det ble avlyst. Kan du onsdag eller torsdag neste uke?"),
                 ("emil", b.ts(-9, 21), "Torsdag passer best, helst etter kl. 12."),
             ],
             read={"emil": b.ts(-9, 21), "veileder": None}, waiting_for="nav")


def _sara(b: _Builder) -> None:
    ctx = b.plan("sara", title="Sara: kvalifiseringsprogram og vei tilbake til butikk",
                 start=-120, end=245, next_eval=45,
                 bases=[(KVP, -120), (IP, -120), (AP, -120)])
    b.participant(ctx, "sara", Role.PERSON, joined=-120, contribution=(
        "Jeg følger programmet på full tid, fører timeliste og sier fra til Kari hvis ryggen "
        "gjør at jeg ikke kan møte."))
    b.participant(ctx, "veileder", Role.VEILEDER, joined=-120, contribution=(
        "Hovedansvar for kvalifiseringsprogrammet og aktivitetsplanen: kurs, arbeidstrening, "
        "økonomisk rådgivning og kvalifiseringsstønad."))
    b.participant(ctx, "koordinator", Role.KOORDINATOR, org="helse", joined=-115, contribution=(
        "Koordinator for planen fra kommunens koordinerende enhet. Holder sammen helse- og "
        "NAV-delen og kaller inn til samarbeidsmøter."))
    b.participant(ctx, "fastlege", Role.TJENESTEYTER, joined=-110, contribution=(
        "Følger opp ryggsmerter og søvn, henviser til fysioterapi og gir råd om hva Sara tåler "
        "av arbeid."))
    b.coordinator(ctx, "koordinator")

    b.items(ctx, "resource", [
        "Ti års erfaring fra butikk, blant annet som skiftleder.",
        "God med kunder og liker faste rutiner.",
        "Har et godt nettverk i nabolaget og to barn på ungdomsskolen.",
    ], by="veileder", at=-118)
    b.items(ctx, "service_need", [
        "Arbeidsrettet program på full tid med tett oppfølging.",
        "Økonomisk rådgivning og hjelp med gjeld.",
        "Oppfølging av ryggsmerter og søvn.",
    ], by="veileder", at=-118)
    b.items(ctx, "partner", [
        "Romsdal Arbeid AS (arbeidsforberedende trening).",
        "Molde fysioterapi.",
    ], by="koordinator", at=-110)

    b.goal(ctx, "main", "Jeg vil ha fast jobb i butikk eller på lager og slippe å være "
           "avhengig av sosialhjelp.", by="sara", at=-118)
    b.goal(ctx, "helse", "Jeg vil ha overskudd i hverdagen og kontroll på smertene i ryggen.",
           by="sara", at=-118, parent="main", position=1)
    b.goal(ctx, "okonomi", "Jeg vil ha orden på økonomien og betale ned gjelden.",
           by="sara", at=-118, parent="main", position=2)

    b.measure(ctx, "aevne", by="veileder", at=-119, agreed=True,
              title="Arbeidsevnevurdering", responsible="veileder", serves=[AP, KVP],
              goal="main", kind="", extent="To samtaler",
              how="Samtaler med Kari og opplysninger fra fastlegen.",
              start_date=b.day(-119), end_date=b.day(-105),
              steps=(Step("veileder", -105, {"status": Status.FULLFORT},
                          "Vurdering skrevet og gjennomgått med Sara."),))
    b.measure(ctx, "jobbkurs", by="veileder", at=-110, agreed=True,
              title="KVP-kurs i jobbsøking og CV", responsible="veileder", serves=[KVP],
              goal="main", kind="jobbsokerkurs", extent="3 uker", hours_per_week=20,
              how="Gruppekurs på NAV Molde, med egen CV som sluttprodukt.",
              restricted_to="nav_molde", start_date=b.day(-100), end_date=b.day(-80),
              steps=(Step("veileder", -100, {"status": Status.GJENNOMFORES}),
                     Step("veileder", -79, {"status": Status.FULLFORT},
                          "Kurset fullført, CV ferdig og lagt ut på arbeidsplassen.no.")))
    b.measure(ctx, "aft", by="veileder", at=-85, agreed=True,
              title="Arbeidsforberedende trening hos Romsdal Arbeid", responsible="veileder",
              serves=[KVP, AP], goal="main", kind="arbeidsforberedende_trening",
              extent="4 dager i uka", hours_per_week=26,
              how="Trening i butikk og varemottak, med fast arbeidsleder. Pauser og "
                  "tilpasset løft på grunn av ryggen.",
              start_date=b.day(-70), end_date=b.day(110),
              steps=(Step("veileder", -70, {"status": Status.GJENNOMFORES}),))
    b.measure(ctx, "gjeld", by="veileder", at=-100, agreed=True,
              title="Økonomisk rådgivning og søknad om gjeldsordning", responsible="veileder",
              serves=[KVP, IP], goal="okonomi", kind="okonomisk_radgivning",
              extent="Møte hver 14. dag",
              how="Økonomirådgiver på NAV Molde går gjennom kreditorene sammen med Sara.",
              restricted_to="nav_molde", start_date=b.day(-90), end_date=b.day(90),
              steps=(Step("veileder", -90, {"status": Status.GJENNOMFORES}),))
    b.measure(ctx, "rygg", by="fastlege", at=-108,
              title="Oppfølging av ryggsmerter og søvn hos fastlege", responsible="fastlege",
              serves=[IP], goal="helse", kind="fastlege_oppfolging", extent="Time hver 6. uke",
              start_date=b.day(-105), end_date=b.day(245),
              steps=(Step("fastlege", -105, {"status": Status.GJENNOMFORES}),))
    b.measure(ctx, "fysio", by="fastlege", at=-12,
              title="Fysioterapi med ryggtrening", responsible="fastlege", serves=[IP],
              goal="helse", kind="behandling", extent="2 ganger i uka", hours_per_week=2,
              how="Henvisning til Molde fysioterapi. Timer lagt utenom AFT-dagene.",
              start_date=b.day(10), end_date=b.day(100))
    b.measure(ctx, "bostotte", by="koordinator", at=-100,
              title="Søknad om bostøtte", responsible="koordinator", serves=[IP],
              goal="okonomi", kind="", how="Koordinator hjelper Sara med søknaden på nett.",
              start_date=b.day(-95), end_date=b.day(-80),
              steps=(Step("koordinator", -80, {"status": Status.FULLFORT}),))
    b.measure(ctx, "basseng", by="sara", at=-90,
              title="Bassengtrening med frisklivssentralen", responsible="sara", serves=[IP],
              goal="helse", kind="", extent="1 gang i uka",
              start_date=b.day(-80), end_date=b.day(40),
              steps=(Step("sara", -80, {"status": Status.GJENNOMFORES}),
                     Step("sara", -50, {"status": Status.AVBRUTT},
                          "Tidene passet dårlig med arbeidstreningen.")))
    b.measure(ctx, "mentor", by="veileder", at=-14, agreed=True,
              title="Praksis i butikk med mentor", responsible="veileder", serves=[KVP, AP],
              goal="main", kind="mentor", extent="3 dager i uka", hours_per_week=18,
              how="Praksis på Coop Extra Molde sentrum med en erfaren medarbeider som mentor.",
              restricted_to="nav_molde", start_date=b.day(30), end_date=b.day(150))
    b.measure(ctx, "truck", by="sara", at=-5,
              title="Ta truckførerbevis", responsible="sara", serves=[KVP, AP], goal="main",
              kind="", how="Jeg har sett et kveldskurs i Molde. Kan det være en del av KVP?")

    b.consent(ctx, "veileder", requested_by="veileder", requested=-119)
    b.consent(ctx, "koordinator", requested_by="veileder", requested=-115)
    b.consent(ctx, "fastlege", requested_by="koordinator", requested=-110, valid_days=250)

    b.thread(ctx, "Gjeldsordning", by="veileder", measure="gjeld",
             messages=[
                 ("veileder", b.ts(-20, 10), "Hei Sara. Inkassoselskapet har svart ja til "
                  "nedbetalingsplanen. Jeg har lagt brevet i postkassen din på NAV."),
                 ("sara", b.ts(-20, 18), "Så godt å høre! Tusen takk for hjelpen."),
             ],
             read={"sara": b.ts(-20, 18), "veileder": b.ts(-19, 8)}, done=True)
    b.thread(ctx, "Fysioterapi og AFT-dagene", by="sara",
             messages=[
                 ("sara", b.ts(-11, 20), "Hei! Fysioterapeuten har bare ledige timer på "
                  "formiddagen. Kan jeg gå dit i arbeidstiden på AFT?"),
                 ("veileder", b.ts(-10, 9), "Hei Sara. Ja, det går fint. Før timene på "
                  "timelisten som fravær med godkjent grunn."),
                 ("koordinator", b.ts(-10, 11), "Jeg sender beskjed til arbeidslederen på "
                  "Romsdal Arbeid, så de vet det."),
             ],
             read={"sara": b.ts(-9, 17), "veileder": b.ts(-10, 11),
                   "koordinator": b.ts(-10, 11)})


def _noah(b: _Builder) -> None:
    """Noah, 14: an individuell plan from the municipality; his mother Lene is foresatt."""
    ctx = b.plan("noah", title="Individuell plan", start=-50, end=315, next_eval=40,
                 bases=[(IP, -50)])
    b.participant(ctx, "noah", Role.PERSON, joined=-50, contribution=(
        "Jeg sier fra hvordan skoledagene går og hva som er vanskelig."))
    b.participant(ctx, "foresatt", Role.VERGE, joined=-50, contribution=(
        "Mor og foresatt. Bestemmer over samtykker til Noah fyller 16, og følger ham til "
        "timer."))
    b.participant(ctx, "koordinator", Role.KOORDINATOR, org="helse", joined=-50, contribution=(
        "Koordinator fra kommunens koordinerende enhet. Kaller inn til møter og holder planen "
        "oppdatert."))
    b.participant(ctx, "fastlege", Role.TJENESTEYTER, joined=-10, contribution=(
        "Følger opp hodepine og søvn."))
    b.coordinator(ctx, "koordinator")
    b.goal(ctx, "main", "Jeg vil klare en hel skoledag og begynne på fotball igjen.",
           by="noah", at=-48)
    b.measure(ctx, "skoledag", by="koordinator", at=-45, title="Kortere skoledager i en periode",
              responsible="koordinator", serves=[IP], goal="main", kind="",
              extent="Til kl. 12 fire dager i uka", start_date=b.day(-40), end_date=b.day(20),
              steps=(Step("koordinator", -40, {"status": Status.GJENNOMFORES}),))
    b.measure(ctx, "hodepine", by="koordinator", at=-9, title="Utredning av hodepine",
              responsible="fastlege", serves=[IP], goal="main", kind="behandling",
              start_date=b.day(5), end_date=b.day(60))
    b.consent(ctx, "foresatt", requested_by="koordinator", requested=-50, decided_by="foresatt",
              scopes=(Scope.GOALS, Scope.ALL_MEASURES, Scope.DIALOG))
    b.consent(ctx, "koordinator", requested_by="koordinator", requested=-50,
              decided_by="foresatt")
    # waiting for the guardian's answer
    b.consent(ctx, "fastlege", requested_by="koordinator", requested=-9,
              status=ConsentStatus.REQUESTED)


def load_demo(s: Session, *, password: str = DEFAULT_PASSWORD) -> bool:
    """Load the demo into an EMPTY database. False (and nothing written) if any account exists.

    Only flushes: the caller's unit of work commits.
    """
    if s.exec(select(Account.id).limit(1)).first() is not None:
        return False
    b = _Builder(s, hash_password(password), clock.today(), utcnow())  # argon2 once
    _organisations(b)
    _accounts(b)
    seed_staff(b)  # roles per staff account, and the administrator `admin`
    seed_cooperation(b)
    _amina(b)
    _emil(b)
    _sara(b)
    _noah(b)
    s.flush()
    for person, plan in b.plans.items():
        seed_assessment(b, plan, person)
        seed_programme(b, plan, person)
        seed_meetings(b, plan, person)
        seed_decisions(b, plan, person)
        seed_notices(b, plan, person)
        seed_jobs(b, plan, person)
        seed_notes(b, plan, person)
    s.flush()
    return True


def main() -> int:
    from ip_app.kernel.config import settings
    from ip_app.kernel.db import engine, session

    if not settings().demo_mode:  # production: never 13 accounts with a known password
        print("Demo mode is off (IP_DEMO_MODE): no demo data loaded.")
        return 0
    if not sa.inspect(engine()).has_table("account"):
        print("No tables in the configured database: run `alembic upgrade head` first.")
        return 1
    with session() as s:
        loaded = load_demo(s)
        if loaded:
            n_acc = len(s.exec(select(Account.id)).all())
            n_plan = len(s.exec(select(Plan.id)).all())
            n_meas = len(s.exec(select(Measure.id)).all())
    if loaded:
        print(f"Demo data loaded: {n_acc} accounts, {n_plan} plans, {n_meas} tiltak "
              f"(password '{DEFAULT_PASSWORD}').")
    else:
        print("The database already has accounts: no demo data loaded.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
