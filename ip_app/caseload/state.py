"""The staff member's caseload on '/': sort, filters and "Til oppfølging".

The rows are read once by the page load (`PlanState.load_home`, through the gate, with an
audit row and a listing row for each person listed) and kept here; sorting and filtering
only narrow what this tab already holds, so those handlers read and write no data. A
filter value the page did not offer shows everything.
"""

from __future__ import annotations

import reflex as rx

from ip_app.caseload.data import CASE_FILTERS, CaseRow, FollowUpRow, filter_cases, office_options
from ip_app.caseload.rules import ALL, SCOPES, SORTS
from ip_app.kernel import gate
from ip_app.plan.rules import PlanBasis

VIEWS = ("all", "followup")


class CaseloadState(rx.State):
    cases: list[CaseRow] = []
    followups: list[FollowUpRow] = []
    query: str = ""
    status: str = ALL  # one of CASE_FILTERS
    plan_type: str = ALL
    office: str = ALL
    scope: str = ALL  # one of followup.SCOPES
    sort: str = "name"  # one of followup.SORTS
    view: str = "all"  # all | followup

    def _fill(self, cases: list[CaseRow], followups: list[FollowUpRow]) -> None:
        self.cases, self.followups = cases, followups
        self.query, self.status, self.plan_type, self.office, self.scope = "", ALL, ALL, ALL, ALL
        self.sort, self.view = "name", "all"

    @rx.var
    def visible(self) -> list[CaseRow]:
        return filter_cases(self.cases, self.query, self.status, plan_type=self.plan_type,
                            office=self.office, scope=self.scope, sort=self.sort)

    @rx.var
    def offices(self) -> list[str]:
        return office_options(self.cases)

    @rx.var
    def narrowed(self) -> bool:
        """Whether anything narrows the list (for the right empty text)."""
        return (self.query.strip() != "" or self.status != ALL or self.plan_type != ALL
                or self.office != ALL or self.scope != ALL)

    @rx.event
    @gate.ui_only
    def set_query(self, value: str):
        self.query = str(value)[:100]

    @rx.event
    @gate.ui_only
    def set_status(self, value: str):
        self.status = value if value in CASE_FILTERS else ALL

    @rx.event
    @gate.ui_only
    def set_plan_type(self, value: str):
        self.plan_type = value if value in {b.value for b in PlanBasis} else ALL

    @rx.event
    @gate.ui_only
    def set_office(self, value: str):
        self.office = value if value in office_options(self.cases) else ALL

    @rx.event
    @gate.ui_only
    def set_scope(self, value: str):
        self.scope = value if value in SCOPES else ALL

    @rx.event
    @gate.ui_only
    def set_sort(self, value: str):
        self.sort = value if value in SORTS else "name"

    @rx.event
    @gate.ui_only
    def set_view(self, value: str):
        self.view = value if value in VIEWS else "all"
