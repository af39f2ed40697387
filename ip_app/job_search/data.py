"""Stillinger and søkeavtaler of one plan: append-only writes (versions kept)."""

from __future__ import annotations

from dataclasses import dataclass, field

from datetime import date
from typing import Optional

from sqlmodel import Session, select

from ip_app.job_search.rules import JobStatus, may_move
from ip_app.kernel.models import JobApplication, JobApplicationVersion, SearchAgreement


class NotNext(Exception):
    """Not a step the stilling may take from where it is."""


def jobs_of(s: Session, plan_id: int) -> list[JobApplication]:
    return list(s.exec(select(JobApplication).where(JobApplication.plan_id == plan_id)
                       .order_by(JobApplication.id.desc())))


def get(s: Session, plan_id: int, job_id: int) -> Optional[JobApplication]:
    j = s.get(JobApplication, job_id)
    return j if j is not None and j.plan_id == plan_id else None


def add(s: Session, *, plan_id: int, employer: str, title: str, link: str,
        deadline: Optional[date], actor_id: int) -> JobApplication:
    j = JobApplication(plan_id=plan_id, employer=employer, title=title, link=link,
                       deadline=deadline, status=JobStatus.INTERESTED.value,
                       created_by_id=actor_id)
    s.add(j)
    s.flush()
    s.add(JobApplicationVersion(job_id=j.id, version=1, status=j.status, changed_by_id=actor_id))
    s.flush()
    return j


def move(s: Session, j: JobApplication, *, to: JobStatus, actor_id: int,
         today: date) -> JobApplication:
    if not may_move(JobStatus(j.status), to):
        raise NotNext()
    j.status = to.value
    j.version += 1
    if to == JobStatus.APPLIED:
        j.applied_on = today
    s.add(j)
    s.add(JobApplicationVersion(job_id=j.id, version=j.version, status=to.value,
                                changed_by_id=actor_id))
    s.flush()
    return j


def agreement(s: Session, plan_id: int) -> Optional[SearchAgreement]:
    return s.exec(select(SearchAgreement).where(SearchAgreement.plan_id == plan_id)
                  .order_by(SearchAgreement.id.desc())).first()


def set_agreement(s: Session, *, plan_id: int, count: int, period: str,
                  actor_id: int) -> SearchAgreement:
    a = SearchAgreement(plan_id=plan_id, count=count, period=period, set_by_id=actor_id)
    s.add(a)
    s.flush()
    return a


@dataclass
class JobData:
    """What the job search page is built from, read in one go."""
    jobs: list[JobApplication] = field(default_factory=list)  # the person's stillinger
    agreement: Optional[SearchAgreement] = None  # the current søkeavtale, if any


def load_page(s: Session, plan_id: int) -> JobData:
    return JobData(jobs_of(s, plan_id), agreement(s, plan_id))
