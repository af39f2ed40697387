"""The tables of Min plan.

Nothing here is ever deleted by the application: rows are archived, superseded or
closed, and every change of a goal or a tiltak writes a version row (see
`GoalVersion` and `MeasureVersion`). Identifiers are English; `docs/glossary.md`
maps them to the Norwegian legal terms.

Schema changes go through Alembic (`alembic/versions`); a test checks that the
migrations and these models agree.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes in every database.

    SQLite has no time zone type and hands back naive values; we store UTC and
    attach UTC on the way out so application code only ever sees aware datetimes.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _ts(nullable: bool = False, **kw: Any) -> Any:
    return Field(sa_column=sa.Column(UTCDateTime(), nullable=nullable, **kw))


def _text(nullable: bool = False) -> Any:
    return Field(default="", sa_column=sa.Column(sa.Text(), nullable=nullable))


# --- people and organisations -------------------------------------------------


class Organisation(SQLModel, table=True):
    """A NAV office, a municipal service, a DPS, adult education, a GP office..."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=40)  # see domain.roles.ORGANISATION_KINDS
    municipality: str = Field(default="", max_length=100)


class Account(SQLModel, table=True):
    """Anyone who can log in: a person with a plan, or staff/relatives."""

    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, sa_column_kwargs={"unique": True})
    display_name: str = Field(max_length=200)
    kind: str = Field(max_length=20)  # "person" (has a plan) or "staff" or "relative"
    password_hash: str = Field(default="", max_length=200)
    birth_date: Optional[date] = None
    # strengt fortrolig (kode 6) / fortrolig (kode 7) adresse: contact details hidden
    protection: str = Field(default="", max_length=20)
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id", index=True)
    title: str = Field(default="", max_length=120)  # "NAV-veileder", "Jobbspesialist"...
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    preferred_language: str = Field(default="nb", max_length=8)
    is_demo: bool = False
    failed_logins: int = 0
    locked_until: Optional[datetime] = _ts(nullable=True)
    created_at: datetime = _ts(default=utcnow)
    # issue 19: HMAC of the fødselsnummer (auth.person_key), never the number itself
    fnr_hash: Optional[str] = Field(default=None, max_length=64,
                                    sa_column_kwargs={"unique": True})
    # staff: what they may do in their organisation, comma-separated domain.staff.StaffRole
    staff_roles: str = Field(default="", max_length=120,
                             sa_column_kwargs={"server_default": ""})
    deactivated_at: Optional[datetime] = _ts(nullable=True)  # cannot log in from then on
    # issue 22: reserved against digital contact in KRR: notices go on paper (notify/)
    contact_reserved: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class AuthSession(SQLModel, table=True):
    """A server-side login session. Only a SHA-256 of the cookie token is stored."""

    __tablename__ = "auth_session"

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    created_at: datetime = _ts(default=utcnow)
    expires_at: datetime = _ts()
    ended_at: Optional[datetime] = _ts(nullable=True)
    # the last activity (an event or request), kept at most a minute stale; the login ends
    # after IP_IDLE_MINUTES without any. None: none since it started
    last_seen_at: Optional[datetime] = _ts(nullable=True)


# --- the plan -----------------------------------------------------------------


class Plan(SQLModel, table=True):
    """A plan of a person. One OPEN plan per person (IP: one plan per person), enforced by
    a unique index on person_id over the plans not closed; closed plans stay beside it
    ("Tidligere planer")."""

    __table_args__ = (
        sa.Index("plan_open_person_id_key", "person_id", unique=True,
                 sqlite_where=sa.text("closed_at IS NULL"),
                 postgresql_where=sa.text("closed_at IS NULL")),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="account.id", index=True)
    title: str = Field(default="", max_length=200)
    period_start: Optional[date] = None  # item 7: plan period
    period_end: Optional[date] = None
    next_evaluation: Optional[date] = Field(default=None, index=True)
    coordinator_participant_id: Optional[int] = None  # item 3: koordinator
    # kontorsperre: only staff of this NAV office (organisation id) among NAV staff
    office_restriction_org_id: Optional[int] = None
    # avsluttet: a closed plan is read-only (closing/rules.py); events in PlanClosure
    closed_at: Optional[datetime] = _ts(nullable=True)
    created_at: datetime = _ts(default=utcnow)
    updated_at: datetime = _ts(default=utcnow)
    version: int = 1  # optimistic locking of the plan header


class PlanBasis(SQLModel, table=True):
    """The legal bases the plan covers: aktivitetsplan (§ 14 a), IP, integreringsplan, KVP."""

    __tablename__ = "plan_basis"
    __table_args__ = (sa.UniqueConstraint("plan_id", "basis"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    basis: str = Field(max_length=30)  # domain.plans.PlanBasis values
    since: Optional[date] = None


class PlanItem(SQLModel, table=True):
    """Item 1 and 9 of an IP: resources, service needs and cooperation partners."""

    __tablename__ = "plan_item"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    kind: str = Field(max_length=20)  # "resource" | "service_need" | "partner"
    text: str = _text()
    created_by_id: int = Field(foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)
    archived_at: Optional[datetime] = _ts(nullable=True)
    # every wording and the archiving are in PlanItemVersion (kernel/versioned.py)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Participant(SQLModel, table=True):
    """Item 2 and 4: who takes part in the plan, and what each contributes."""

    __table_args__ = (sa.UniqueConstraint("plan_id", "account_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    role: str = Field(max_length=20)  # domain.roles.Role values
    organisation_id: Optional[int] = Field(default=None, foreign_key="organisation.id")
    contribution: str = _text()  # "hvem gjør hva": the current text
    # the version of `contribution`; every version is in ContributionVersion
    contribution_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    joined_at: datetime = _ts(default=utcnow)
    left_at: Optional[datetime] = _ts(nullable=True)
    # issue 19: invited, waiting for the person's answer; shown in the plan once approved
    pending: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class ContributionVersion(SQLModel, table=True):
    """Every text a participant's part ("hvem gjør hva") has had: who, when and why.

    changed_by_id is None for the first version of a part written before versions were
    kept (migration 0007): who wrote it is not known."""

    __tablename__ = "contribution_version"
    __table_args__ = (sa.UniqueConstraint("participant_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    version: int
    text: str = _text()
    changed_by_id: Optional[int] = Field(default=None, foreign_key="account.id")
    changed_by_role: str = Field(default="", max_length=20)
    changed_at: datetime = _ts(default=utcnow)
    reason: str = _text()


class Goal(SQLModel, table=True):
    """The person's goals in their own words. parent_id is None for the main goal."""

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    parent_id: Optional[int] = Field(default=None, foreign_key="goal.id")
    text: str = _text()
    position: int = 0
    version: int = 1
    created_at: datetime = _ts(default=utcnow)
    archived_at: Optional[datetime] = _ts(nullable=True)


class VersionColumns(SQLModel):
    """The columns every version table shares: which version, who, in which role, when,
    why (kernel/versioned.py writes them)."""

    version: int
    changed_by_id: int = Field(foreign_key="account.id")
    changed_by_role: str = Field(max_length=20)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    reason: str = Field(default="", sa_type=sa.Text, nullable=False)


class GoalVersion(VersionColumns, table=True):
    __tablename__ = "goal_version"
    __table_args__ = (sa.UniqueConstraint("goal_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    text: str = _text()
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class Measure(SQLModel, table=True):
    """A tiltak / aktivitet (item 5 and 6). Current state; history in MeasureVersion."""

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    title: str = Field(max_length=200)
    description: str = _text()
    kind: str = Field(default="", max_length=60)  # tiltak catalogue key or "" (own)
    responsible_participant_id: Optional[int] = Field(default=None, foreign_key="participant.id")
    extent: str = Field(default="", max_length=200)  # "2 dager i uka"
    hours_per_week: Optional[float] = None
    how: str = _text()  # how it is carried out
    start_date: Optional[date] = None
    end_date: Optional[date] = None
    status: str = Field(max_length=20)  # domain.measures.Status values
    agreed: bool = False  # "avtalt": set only by staff; locked for the person
    goal_id: Optional[int] = Field(default=None, foreign_key="goal.id")
    # plan bases this tiltak serves, comma-separated domain.plans.PlanBasis values;
    # more than one is shown as "Samordnet"
    serves: str = Field(default="", max_length=120)
    restricted_to_org_id: Optional[int] = Field(default=None, foreign_key="organisation.id")
    created_by_id: int = Field(foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)
    updated_at: datetime = _ts(default=utcnow)
    version: int = 1


class MeasureVersion(VersionColumns, table=True):
    """Every state a tiltak has had: who changed it, when and why."""

    __tablename__ = "measure_version"
    __table_args__ = (sa.UniqueConstraint("measure_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    snapshot: dict = Field(sa_column=sa.Column(sa.JSON(), nullable=False))


class Evaluation(SQLModel, table=True):
    """Item 7: an evaluation of the plan."""

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    held_on: date
    went_well: str = _text()
    changes: str = _text()
    attendees: str = _text()
    next_date: Optional[date] = None
    created_by_id: int = Field(foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)


class IpDecision(SQLModel, table=True):
    """A decision (enkeltvedtak) on the right to an individuell plan."""

    __tablename__ = "ip_decision"

    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="account.id", index=True)
    has_ip_already: bool
    long_term_need: bool
    several_providers: bool
    outcome: str = Field(max_length=30)
    reasons: str = _text()
    decided_by_id: int = Field(foreign_key="account.id")
    decided_at: datetime = _ts(default=utcnow)


# --- consent ------------------------------------------------------------------


class Consent(SQLModel, table=True):
    """Item 8: the person's consent to one participant seeing parts of the plan."""

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    status: str = Field(max_length=20)  # domain.consent.ConsentStatus values
    scopes: str = Field(default="", max_length=200)  # comma-separated domain.consent.Scope
    valid_until: Optional[date] = None
    requested_at: datetime = _ts(default=utcnow)
    decided_at: Optional[datetime] = _ts(nullable=True)
    decided_by_id: Optional[int] = Field(default=None, foreign_key="account.id")
    version: int = 1


class ConsentEvent(SQLModel, table=True):
    """Full history of a consent: requested, given, changed, declined, withdrawn, expired."""

    __tablename__ = "consent_event"

    id: Optional[int] = Field(default=None, primary_key=True)
    consent_id: int = Field(foreign_key="consent.id", index=True)
    action: str = Field(max_length=20)
    scopes: str = Field(default="", max_length=200)
    valid_until: Optional[date] = None
    by_id: Optional[int] = Field(default=None, foreign_key="account.id")
    at: datetime = _ts(default=utcnow)


# --- dialog -------------------------------------------------------------------


class Thread(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    subject: str = Field(max_length=200)
    measure_id: Optional[int] = Field(default=None, foreign_key="measure.id")
    goal_id: Optional[int] = Field(default=None, foreign_key="goal.id")
    waiting_for: str = Field(default="", max_length=20)  # "", "bruker", "nav"
    done: bool = False
    created_by_id: int = Field(foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)
    last_message_at: datetime = _ts(default=utcnow)


class ThreadMember(SQLModel, table=True):
    __tablename__ = "thread_member"
    __table_args__ = (sa.UniqueConstraint("thread_id", "account_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    last_read_at: Optional[datetime] = _ts(nullable=True)


class Message(SQLModel, table=True):
    """A message is never edited or deleted after it is sent."""

    __table_args__ = (sa.UniqueConstraint("sender_id", "client_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    sender_id: int = Field(foreign_key="account.id")
    body: str = _text()
    client_id: str = Field(max_length=64)  # made by the sender's page: a retry is not a duplicate
    sent_at: datetime = _ts(default=utcnow)


class MessageRead(SQLModel, table=True):
    """When a member first read a message: the sender's "Lest 3. november kl. 14:02"."""

    __tablename__ = "message_read"
    __table_args__ = (sa.UniqueConstraint("message_id", "account_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    account_id: int = Field(foreign_key="account.id")
    read_at: datetime = _ts(default=utcnow)


class Draft(SQLModel, table=True):
    """A message being written, kept on the server so a reload, a dropped connection or
    another device loses nothing; nothing of it stays in a shared computer's browser.
    thread_id 0 is the draft of a new thread."""

    __table_args__ = (sa.UniqueConstraint("account_id", "plan_id", "thread_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    plan_id: int = Field(foreign_key="plan.id")
    thread_id: int = 0
    body: str = _text()
    updated_at: datetime = _ts(default=utcnow)


# --- audit --------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Who read or changed what, allowed or refused. Append-only."""

    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_plan_at", "plan_id", "at"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = _ts(default=utcnow)
    actor_id: Optional[int] = Field(default=None, foreign_key="account.id")
    actor_role: str = Field(default="", max_length=20)
    action: str = Field(max_length=40)
    plan_id: Optional[int] = Field(default=None)
    target: str = Field(default="", max_length=80)  # "measure:12"
    allowed: bool = True
    detail: str = Field(default="", max_length=500)


# --- e-mail notifications (outbox) --------------------------------------------

# the notifier looks for recent unread messages by time
sa.Index("ix_message_sent_at", Message.sent_at)


class NotificationOutbox(SQLModel, table=True):
    """Every notice to send (e-mail, SMS, a letter to print), sent or cancelled. Never deleted.

    `status`: pending → sent | retrying (failed, tried again later) | cancelled (read
    before it was due, no address, not chosen). A notice is one row per channel; at most
    one row per (reason, object, recipient, channel) (`ix_notification_outbox_notice`),
    and for unread messages at most one pending/retrying row per recipient, thread and
    channel (a partial unique index), so two schedulers cannot double it. A sender claims a
    row by writing its `claim_token` and a lease (`claimed_until`). A letter is "sent" when
    it is in the staff's print list; `printed_at` says it went out on paper.
    """

    __tablename__ = "notification_outbox"
    __table_args__ = (
        sa.Index("ix_notification_outbox_due", "status", "next_attempt_at"),
        sa.Index("ix_notification_outbox_active", "recipient_id", "thread_id", "channel",
                 unique=True,
                 sqlite_where=sa.text("status IN ('pending', 'retrying')"),
                 postgresql_where=sa.text("status IN ('pending', 'retrying')")),
        sa.Index("ix_notification_outbox_notice", "reason", "object_key", "recipient_id",
                 "channel", unique=True),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="account.id", index=True)
    thread_id: Optional[int] = Field(default=None, foreign_key="thread.id", index=True)
    message_id: Optional[int] = Field(default=None, foreign_key="message.id")  # first unread
    reason: str = Field(max_length=40)  # notify.rules.Reason values
    # what the notice is about, e.g. "consent:12:1", "meeting:4:2026-12-08T09:00"
    object_key: str = Field(default="", max_length=80)
    plan_id: Optional[int] = Field(default=None, foreign_key="plan.id", index=True)
    channel: str = Field(default="email", max_length=20)  # notify.rules.Channel values
    status: str = Field(max_length=20)  # notify.rules.OutboxStatus values
    due_at: datetime = _ts()
    next_attempt_at: datetime = _ts()
    attempts: int = 0
    last_error: str = _text()
    cancel_reason: str = Field(default="", max_length=40)
    claim_token: str = Field(default="", max_length=36)
    claimed_until: Optional[datetime] = _ts(nullable=True)
    sent_at: Optional[datetime] = _ts(nullable=True)
    printed_at: Optional[datetime] = _ts(nullable=True)  # letters: put in the post
    printed_by_id: Optional[int] = Field(default=None, foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)
    updated_at: datetime = _ts(default=utcnow)


class NoticePref(SQLModel, table=True):
    """What a person wants to be told about and how (issue 22). Append-only: the newest row
    of an account holds; none means the defaults (notify.rules.DEFAULT_PREF)."""

    __tablename__ = "notice_pref"

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    reasons: str = Field(default="", max_length=300)  # comma-separated notify.rules.Reason
    by_email: bool = True
    by_sms: bool = False
    set_at: datetime = _ts(default=utcnow)


# --- § 14 a assessment (aktivitetsplan) ---------------------------------------


class WorkAssessment(SQLModel, table=True):
    """One version of NAV's written § 14 a assessment, or of the person's own view of it.

    Append-only: a new wording is a new row with the next version number for its
    plan and author kind ("nav" or "person"); nothing is overwritten.
    """

    __tablename__ = "work_assessment"
    __table_args__ = (sa.UniqueConstraint("plan_id", "author_kind", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    author_kind: str = Field(max_length=10)  # domain.assessment.AuthorKind
    version: int
    possibilities: str = _text()  # muligheter for arbeid
    work_goal: str = _text()  # mål om type arbeid
    ability: str = Field(default="", max_length=30)  # domain.assessment.Ability
    ability_note: str = _text()
    innsatsgruppe: str = Field(default="", max_length=40)  # domain.assessment.Innsatsgruppe
    help_note: str = _text()  # type bistand
    agrees: Optional[bool] = None  # the person's view: agrees with the assessment?
    about_version: Optional[int] = None  # the NAV version the person's view answers
    text: str = _text()  # the person's own words
    written_by_id: int = Field(foreign_key="account.id")
    written_by_role: str = Field(max_length=20)
    written_at: datetime = _ts(default=utcnow)


# --- full-time programmes (introduction programme, KVP) ----------------------


class Programme(SQLModel, table=True):
    """One version of the programme facts of a plan with an introduction programme or KVP.

    Append-only like the assessment: a change is a new row with the next version.
    """

    __tablename__ = "programme"
    __table_args__ = (sa.UniqueConstraint("plan_id", "basis", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    basis: str = Field(max_length=40)  # domain.plans.PlanBasis: integreringsplan | kvalifiseringsprogram
    version: int = 1
    start_date: date
    end_date: Optional[date] = None  # KVP: the programme period's end
    norwegian_level: str = Field(default="", max_length=40)  # kartlegging
    education: str = _text()
    work_experience: str = _text()
    final_goal: str = _text()  # sluttmål
    hurtigspor: bool = False
    extension_months: int = 0
    extension_reason: str = _text()
    phases: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON(), nullable=False))
    written_by_id: int = Field(foreign_key="account.id")
    written_at: datetime = _ts(default=utcnow)
# --- OpenID Connect login (issue 9) ---------------------------------------------


class ExternalIdentity(SQLModel, table=True):
    """Links an identity at an OpenID provider to an account.

    `subject_hash` is an HMAC-SHA256 (key IP_OIDC_SUBJECT_KEY) of
    "<provider>|<claim>|<value>" (e.g. "person|pid|<fødselsnummer>"): the national
    identity number itself is never stored, and without the key the hash cannot be
    reversed by trying every possible number. Ended links are kept (ended_at).
    """

    __tablename__ = "external_identity"

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    provider: str = Field(max_length=20)  # "person" (ID-porten) or "staff" (Entra ID)
    claim: str = Field(max_length=20)  # "pid", "oid", "NAVident"...
    subject_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    created_at: datetime = _ts(default=utcnow)
    ended_at: Optional[datetime] = _ts(nullable=True)


class OidcLogin(SQLModel, table=True):
    """One login at a provider: state/nonce/PKCE verifier until the callback, then the
    session it started (to end the session at the provider too). The ID token is not
    kept: its pid claim is the fødselsnummer (issue 17; column dropped in 0010)."""

    __tablename__ = "oidc_login"

    id: Optional[int] = Field(default=None, primary_key=True)
    provider: str = Field(max_length=20)
    state_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    nonce: str = Field(max_length=128)
    code_verifier: str = Field(max_length=128)
    created_at: datetime = _ts(default=utcnow)
    used_at: Optional[datetime] = _ts(nullable=True)
    outcome: str = Field(default="", max_length=40)
    session_token_hash: str = Field(default="", max_length=64, index=True)


# --- samarbeidsavtale between a NAV office and a municipality (issue 10) ------


class CooperationAgreement(SQLModel, table=True):
    """The agreed split of work between a NAV office and a municipal service.

    The current lines are those of the newest `CooperationAgreementVersion`; `version`
    here is the optimistic lock: a save names the version it was based on.
    """

    __tablename__ = "cooperation_agreement"
    __table_args__ = (sa.UniqueConstraint("nav_org_id", "municipality_org_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    nav_org_id: int = Field(foreign_key="organisation.id", index=True)
    municipality_org_id: int = Field(foreign_key="organisation.id", index=True)
    version: int = 1
    created_at: datetime = _ts(default=utcnow)
    updated_at: datetime = _ts(default=utcnow)


class CooperationAgreementVersion(SQLModel, table=True):
    """Every wording an agreement has had: lines [{task, party, note}], who, when, why."""

    __tablename__ = "cooperation_agreement_version"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="cooperation_agreement.id", index=True)
    version: int
    lines: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON(), nullable=False))
    changed_by_id: int = Field(foreign_key="account.id")
    changed_at: datetime = _ts(default=utcnow)
    reason: str = _text()


# --- meetings (møter) -------------------------------------------------------------


class Meeting(SQLModel, table=True):
    """A meeting of a plan (samarbeidsmøte, oppfølgingssamtale). Current state; every state
    it has had is in MeetingVersion. Never deleted: a cancelled meeting keeps its row with
    status "cancelled"; a moved one keeps its old time in the history."""

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    starts_at: datetime = _ts()  # stored UTC, shown in Europe/Oslo
    ends_at: datetime = _ts()
    place_kind: str = Field(max_length=20)  # domain.meetings.PlaceKind values
    place: str = Field(default="", max_length=200)  # address or room
    link: str = Field(default="", max_length=500)  # http(s) only (video meetings)
    topic: str = Field(max_length=200)
    agenda: str = _text()
    invited: list = Field(default_factory=list, sa_column=sa.Column(sa.JSON(), nullable=False))
    status: str = Field(max_length=20)  # domain.meetings.MeetingStatus values
    created_by_id: int = Field(foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)
    updated_at: datetime = _ts(default=utcnow)
    version: int = 1  # optimistic lock: a change based on an older version is refused


class MeetingVersion(VersionColumns, table=True):
    """Every state a meeting has had: who changed it, when and why."""

    __tablename__ = "meeting_version"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    snapshot: dict = Field(sa_column=sa.Column(sa.JSON(), nullable=False))


# --- onboarding: invitations (issue 19) -----------------------------------------


class Invitation(SQLModel, table=True):
    """A one-time link to set a first password (a new staff member, or a person without
    ID-porten). Only a SHA-256 of the token is kept; `used_at` makes it single-use."""

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    created_by_id: int = Field(foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)
    expires_at: datetime = _ts()
    used_at: Optional[datetime] = _ts(nullable=True)
    ended_at: Optional[datetime] = _ts(nullable=True)  # replaced by a newer link


class TeamEvent(SQLModel, table=True):
    """A change in the ansvarsgruppe: who was invited, removed, made koordinator or given
    NAV's part, by whom, when and why (the person reads it in plain language)."""

    __tablename__ = "team_event"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    kind: str = Field(max_length=20)  # domain.team.TeamEventKind values
    participant_id: int = Field(foreign_key="participant.id")
    previous_participant_id: Optional[int] = Field(default=None, foreign_key="participant.id")
    by_id: int = Field(foreign_key="account.id")
    by_role: str = Field(max_length=20)
    at: datetime = _ts(default=utcnow)
    reason: str = _text()
# --- the IP's own contents and closing a plan (issue 19, parts 4 and 5) ---------


class PlanItemVersion(VersionColumns, table=True):
    """Every wording a resource, need or samarbeidspart has had, and its archiving."""

    __tablename__ = "plan_item_version"
    __table_args__ = (sa.UniqueConstraint("plan_item_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_item_id: int = Field(foreign_key="plan_item.id", index=True)
    text: str = Field(default="", sa_type=sa.Text, nullable=False)
    archived: bool = False


class PlanClosure(SQLModel, table=True):
    """A plan closed (with reason, closing evaluation and the final PDF) or reopened."""

    __tablename__ = "plan_closure"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    event: str = Field(max_length=20)  # "closed" | "reopened"
    reason: str = Field(default="", max_length=30)  # domain.closing.CloseReason ("" reopened)
    text: str = _text()  # the text of "annet", or why it was reopened
    evaluation: str = _text()  # the closing evaluation
    by_id: int = Field(foreign_key="account.id")
    by_role: str = Field(max_length=20)
    at: datetime = _ts(default=utcnow)
    pdf: Optional[bytes] = Field(default=None, sa_column=sa.Column(sa.LargeBinary(),
                                                                   nullable=True))
class OfficeRestrictionEvent(SQLModel, table=True):
    """A kontorsperre set on a plan or lifted, by an administrator of the NAV office, with
    why (plan.office_restriction_org_id is the current state; this is its history)."""

    __tablename__ = "office_restriction_event"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    org_id: int = Field(foreign_key="organisation.id")  # the NAV office
    event: str = Field(max_length=10)  # "set" | "lifted"
    reason: str = _text()
    by_id: int = Field(foreign_key="account.id")
    at: datetime = _ts(default=utcnow)


class ContactReservationEvent(SQLModel, table=True):
    """A person marked as reserved against digital contact in KRR, or the mark lifted, by
    NAV's veileder in their plan, with why (account.contact_reserved is the current state;
    this is its history, never changed)."""

    __tablename__ = "contact_reservation_event"

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)  # the person
    plan_id: Optional[int] = Field(default=None, foreign_key="plan.id")  # where it was set
    reserved: bool  # the value set
    reason: str = _text()
    by_id: int = Field(foreign_key="account.id")
    by_role: str = Field(default="", max_length=20)
    at: datetime = _ts(default=utcnow)


class PlanVisit(SQLModel, table=True):
    """When an account last opened a plan: "Nytt siden sist" counts from the visit before."""

    __tablename__ = "plan_visit"
    __table_args__ = (sa.UniqueConstraint("plan_id", "account_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    seen_at: datetime = _ts(default=utcnow)
# --- referat of a held meeting ---------------------------------------------------------


class MeetingMinutes(SQLModel, table=True):
    """The referat of a held meeting: who took part, what was discussed, what was agreed.
    One row per version, never changed or deleted: the highest version is the current text,
    every earlier text stays readable."""

    __tablename__ = "meeting_minutes"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    version: int
    attendees: str = _text()
    discussed: str = _text()
    agreed: str = _text()
    written_by_id: int = Field(foreign_key="account.id")
    written_by_role: str = Field(max_length=20)
    written_at: datetime = _ts(default=utcnow)


class MinutesResponse(SQLModel, table=True):
    """The person's answer to one version of a referat: "Jeg har lest referatet" (kind
    `read`) or a comment (kind `comment`). Never changed or deleted."""

    __tablename__ = "minutes_response"

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    minutes_version: int
    kind: str = Field(max_length=20)
    text: str = _text()
    by_id: int = Field(foreign_key="account.id")
    at: datetime = _ts(default=utcnow)
class MinutesMeasure(SQLModel, table=True):
    """A tiltak made ("new") or whose status was changed ("changed") from a meeting's
    referat (issue 21): which meeting, which version of its referat, and which version of
    the tiltak that save made (1 for a new one). Never changed or deleted."""

    __tablename__ = "minutes_measure"
    __table_args__ = (sa.UniqueConstraint("measure_id", "measure_version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    measure_id: int = Field(foreign_key="measure.id")
    minutes_version: int
    kind: str = Field(default="new", max_length=10)  # new | changed
    measure_version: int = 1
    status: str = Field(default="", max_length=20)  # the status a change set ("" when new)
    created_at: datetime = _ts(default=utcnow)


# --- samtalereferat (a NAV conversation with the person) and "slik går det" -------


class ConversationRecord(SQLModel, table=True):
    """Samtalereferat: NAV's veileder's referat of a conversation with the person (not a
    meeting). Its texts are ConversationRecordVersion rows, the person's answers
    ConversationRecordResponse rows; nothing is changed or deleted."""

    __tablename__ = "conversation_record"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    held_on: date
    created_by_id: int = Field(foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)


class ConversationRecordVersion(SQLModel, table=True):
    """One text of a samtalereferat; the highest version is the current one."""

    __tablename__ = "conversation_record_version"
    __table_args__ = (sa.UniqueConstraint("record_id", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="conversation_record.id", index=True)
    version: int
    topic: str = Field(max_length=200)
    text: str = _text()
    written_by_id: int = Field(foreign_key="account.id")
    written_by_role: str = Field(max_length=20)
    written_at: datetime = _ts(default=utcnow)


class ConversationRecordResponse(SQLModel, table=True):
    """The person's "Jeg har lest" for one version of a samtalereferat."""

    __tablename__ = "conversation_record_response"

    id: Optional[int] = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="conversation_record.id", index=True)
    version: int
    by_id: int = Field(foreign_key="account.id")
    at: datetime = _ts(default=utcnow)


class ProgressNote(SQLModel, table=True):
    """"Slik går det": how a tiltak goes, written by the participant responsible for it.
    Never changed: a correction is the next version of the same note (`series`, the id of
    its first version); every version is kept."""

    __tablename__ = "progress_note"
    __table_args__ = (sa.UniqueConstraint("series", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    series: str = Field(max_length=32)
    version: int
    text: str = _text()
    written_by_id: int = Field(foreign_key="account.id")
    written_by_role: str = Field(max_length=20)
    written_at: datetime = _ts(default=utcnow)


# --- decisions (vedtak) and appeals (klage) -------------------------------------


class Vedtak(SQLModel, table=True):
    """A decision (enkeltvedtak) on the person's plan: the right to an IP or the § 14 a
    assessment. A draft until sent; once sent never changed: a correction is a new row
    with `version` + 1 and `replaces_id`, and the old row gets `replaced_by_id`."""

    __tablename__ = "vedtak"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    kind: str = Field(max_length=10)  # domain.decisions.VedtakKind
    version: int = 1
    replaces_id: Optional[int] = Field(default=None, foreign_key="vedtak.id")
    replaced_by_id: Optional[int] = Field(default=None, foreign_key="vedtak.id")
    status: str = Field(default="utkast", max_length=10)  # domain.decisions.VedtakStatus
    decision: str = _text()  # what was decided
    reasons: str = _text()  # why
    laws: str = Field(default="", max_length=200)  # catalogue keys, comma separated
    written_by_id: int = Field(foreign_key="account.id")
    written_at: datetime = _ts(default=utcnow)
    decided_by_id: Optional[int] = Field(default=None, foreign_key="account.id")
    sent_at: Optional[datetime] = _ts(nullable=True)
    appeal_by: Optional[date] = None  # the last day to appeal


class Klage(SQLModel, table=True):
    """The person's appeal of a sent vedtak; its status moves mottatt -> behandles ->
    avgjort (each step a KlageEvent); the text is never changed."""

    __tablename__ = "klage"

    id: Optional[int] = Field(default=None, primary_key=True)
    vedtak_id: int = Field(foreign_key="vedtak.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    text: str = _text()
    late_reason: str = _text()
    late: bool = False
    status: str = Field(default="mottatt", max_length=12)  # domain.decisions.KlageStatus
    sent_by_id: int = Field(foreign_key="account.id")
    sent_at: datetime = _ts(default=utcnow)


class KlageEvent(SQLModel, table=True):
    """One step of a klage: its new status, the office's note, who and when."""

    __tablename__ = "klage_event"

    id: Optional[int] = Field(default=None, primary_key=True)
    klage_id: int = Field(foreign_key="klage.id", index=True)
    status: str = Field(max_length=12)
    note: str = _text()
    by_id: int = Field(foreign_key="account.id")
    at: datetime = _ts(default=utcnow)


class AdvanceNotice(SQLModel, table=True):
    """A forhåndsorientering on an agreed tiltak. Never changed once sent (only the
    person's read receipt is added, once); a correction is a new row with `replaces_id`,
    and the old one gets `replaced_by_id`."""

    __tablename__ = "advance_notice"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    required: str = _text()  # what is required of the person
    consequence: str = _text()  # what happens if not
    rights: str = _text()  # the person's rights
    sent_by_id: int = Field(foreign_key="account.id")
    sent_at: datetime = _ts(default=utcnow)
    replaces_id: Optional[int] = Field(default=None, foreign_key="advance_notice.id")
    replaced_by_id: Optional[int] = Field(default=None, foreign_key="advance_notice.id")
    read_at: Optional[datetime] = _ts(nullable=True)  # "Jeg har lest dette"
    read_by_id: Optional[int] = Field(default=None, foreign_key="account.id")


class JobApplication(SQLModel, table=True):
    """A stilling the person keeps themselves (jobbsøknad). Changes are versions
    (JobApplicationVersion); `applied_on` is the day it was marked søkt."""

    __tablename__ = "job_application"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    employer: str = Field(max_length=200)
    title: str = Field(max_length=200)
    link: str = Field(default="", max_length=500)
    deadline: Optional[date] = None
    status: str = Field(default="interessert", max_length=20)  # domain.job_search.JobStatus
    applied_on: Optional[date] = None
    version: int = 1
    created_by_id: int = Field(foreign_key="account.id")
    created_at: datetime = _ts(default=utcnow)


class JobApplicationVersion(SQLModel, table=True):
    """Every status a stilling has had: who and when."""

    __tablename__ = "job_application_version"

    id: Optional[int] = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job_application.id", index=True)
    version: int
    status: str = Field(max_length=20)
    changed_by_id: int = Field(foreign_key="account.id")
    changed_at: datetime = _ts(default=utcnow)


class SearchAgreement(SQLModel, table=True):
    """A søkeavtale: how many applications per period. A new one replaces the last (the
    newest row is in force); none is deleted."""

    __tablename__ = "search_agreement"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    count: int
    period: str = Field(max_length=10)  # domain.job_search.Period
    set_by_id: int = Field(foreign_key="account.id")
    set_at: datetime = _ts(default=utcnow)


class ArchiveSnapshot(SQLModel, table=True):
    """A PDF/A snapshot of a plan handed to the archive (arkivering): why, when, where it
    went (the target's reference) and its sha256. Never changed; every snapshot a row."""

    __tablename__ = "archive_snapshot"

    id: Optional[int] = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    reason: str = Field(max_length=20)  # domain.archive.Reason: closed | evaluation | scheduled
    source: str = Field(default="", max_length=60)  # what caused it ("closure:7", "evaluation:3")
    document_date: date
    made_at: datetime = _ts(default=utcnow)
    target: str = Field(max_length=20)  # "folder" | "http"
    reference: str = Field(max_length=500)  # the target's name for it (to fetch it back)
    sha256: str = Field(max_length=64)
    size: int = 0
