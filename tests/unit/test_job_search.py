"""Job search: the status steps, the period count, who may, the forms, versions kept."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from ip_app.job_search import data as jd
from ip_app.job_search.rules import (
    AgreementForm, JobForm, JobStatus, Period, applied_in_period, may_keep, may_move, may_read,
    may_set_agreement, period_bounds,
)
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.models import JobApplicationVersion, Plan
from ip_app.kernel.roles import Role

TODAY = date(2026, 12, 9)  # a Wednesday


def _acc(role: Role) -> PlanAccess:
    return PlanAccess(allowed=True, role=role, participant_id=5)


def test_the_steps_of_a_stilling():
    assert may_move(JobStatus.INTERESTED, JobStatus.APPLIED)
    assert may_move(JobStatus.APPLIED, JobStatus.INTERVIEW)
    assert may_move(JobStatus.APPLIED, JobStatus.NO_JOB)
    assert may_move(JobStatus.INTERVIEW, JobStatus.GOT_JOB)
    assert not may_move(JobStatus.INTERESTED, JobStatus.INTERVIEW)
    assert not may_move(JobStatus.GOT_JOB, JobStatus.NO_JOB)


def test_the_period_running_today():
    assert period_bounds(Period.WEEK, TODAY) == (date(2026, 12, 7), date(2026, 12, 13))
    assert period_bounds(Period.MONTH, TODAY) == (date(2026, 12, 1), date(2026, 12, 31))
    applied = [date(2026, 12, 6), date(2026, 12, 7), date(2026, 12, 13), None]
    assert applied_in_period(applied, Period.WEEK, TODAY) == 2
    assert applied_in_period(applied, Period.MONTH, TODAY) == 3


@pytest.mark.parametrize("role, keep, read, agree", [
    (Role.PERSON, True, True, False), (Role.VERGE, False, True, False),
    (Role.VEILEDER, False, True, True), (Role.KOORDINATOR, False, True, False),
    (Role.TJENESTEYTER, False, False, False), (Role.PARORENDE, False, False, False),
])
def test_who_may(role, keep, read, agree):
    a = _acc(role)
    assert (may_keep(a), may_read(a), may_set_agreement(a)) == (keep, read, agree)


def _errors(model, data, context=None):
    with pytest.raises(FormError) as exc:
        validate(model, data, context)
    return exc.value.errors


def test_a_stilling_needs_employer_and_title_a_web_link_and_no_past_deadline():
    assert _errors(JobForm, {"employer": "", "title": " ", "link": "javascript:alert(1)",
                             "deadline": "2026-12-08"}, {"today": TODAY}) == {
        "employer": "error.job_employer", "title": "error.job_title",
        "link": "error.job_link", "deadline": "error.job_deadline_past"}
    ok = validate(JobForm, {"employer": "A", "title": "B", "deadline": "2026-12-09"},
                  {"today": TODAY})
    assert ok.deadline == TODAY


def test_the_agreement_needs_a_count_and_a_period():
    assert _errors(AgreementForm, {"count": "0", "period": "år"}) == {
        "count": "error.agreement_count", "period": "error.choose_one"}


def test_moves_are_versions_and_applied_on_is_the_day_of_søkt(s):
    plan = s.exec(select(Plan).order_by(Plan.id)).first()
    j = jd.add(s, plan_id=plan.id, employer="A", title="B", link="", deadline=None,
               actor_id=plan.person_id)
    with pytest.raises(jd.NotNext):
        jd.move(s, j, to=JobStatus.INTERVIEW, actor_id=plan.person_id, today=TODAY)
    jd.move(s, j, to=JobStatus.APPLIED, actor_id=plan.person_id, today=TODAY)
    jd.move(s, j, to=JobStatus.INTERVIEW, actor_id=plan.person_id, today=TODAY)
    versions = s.exec(select(JobApplicationVersion.status).where(
        JobApplicationVersion.job_id == j.id).order_by(JobApplicationVersion.version)).all()
    assert versions == ["interessert", "sokt", "intervju"]
    assert j.applied_on == TODAY and j.version == 3
