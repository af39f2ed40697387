"""How the browser tests are spread over the pytest-xdist workers (`--dist loadfile`).

xdist's own loadfile scheduling hands out whole modules, the ones with the MOST TESTS
first, and gives a worker its next module as soon as it has two tests or fewer left. Here
the costly modules have few tests (the leak matrix: two; the kill test: one), so they came
last, and a worker that had just started one was handed the next costly one as well: one
worker ran on alone for minutes at the end while the other had finished.

`CostFirst` keeps loadfile's unit (a module, so its own servers start once) and changes
only the order and the hand-out:
- the next module given out is the one that costs the most (COST_SECONDS, measured on
  the 2-core machine; an unlisted module counts DEFAULT_TEST_SECONDS per test), so the
  work that remains at the end is made of short modules that fill both workers evenly;
- a worker gets its next module only when it has one test left (xdist runs a worker's
  last test only once it knows the one after it, so one is the least);
- modules in one of GROUPS go to one worker together: both use the session-scoped
  `scaleout` server (PostgreSQL, Redis, two backend workers), which then starts once.

The figures only order the work: a wrong or missing one makes the run slower, never wrong.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from xdist.scheduler import LoadScopeScheduling

# seconds a module took on one worker, its own servers' start included: junit times of one
# whole browser-test run on the shared 2-core machine (load average 16-22, 2026-12-07 13:05,
# 37 min 48 s), rounded; for the modules made cheaper after it (access matrix, leak matrix,
# database trouble, typed payloads, access ended) that run's time scaled by what the change
# saved in a run of the old and the new module side by side; only their order matters.
# Since the browser tests run Chromium's headless shell (tests/e2e/conftest.py) a browser
# test costs about 45 % less CPU (test_minutes, test_caseload_workbench, test_access side by
# side with the full Chromium: 95 -> 53 s of CPU); modules without a browser (the documented
# start, the raw-websocket matrices, test_gone_tabs) cost what they did. Accessibility and
# test_gone_tabs are from a run with the headless shell (2 workers, load 12-17, 15:46): 381 s
# with its worker's server start (~100 s at that load) and 32 s
COST_SECONDS: dict[str, float] = {
    "test_accessibility.py": 290, "test_leak_matrix.py": 170, "test_plain_pages.py": 165,
    "test_scaleout_kill.py": 140, "test_onboarding_more.py": 125, "test_consent.py": 120,
    "test_onboarding_postgres.py": 120,  # its own PostgreSQL server, one long flow
    "test_ip_contents.py": 100, "test_plan_start.py": 95, "test_staff_admin.py": 95,
    "test_db_trouble.py": 92, "test_access_matrix.py": 90, "test_oidc_login.py": 80,
    "test_scaleout.py": 80, "test_archive.py": 80, "test_notices.py": 75,
    "test_languages.py": 75, "test_access_ended.py": 75, "test_hostile_input.py": 70,
    "test_team.py": 70, "test_measure_conflict.py": 70, "test_session_end.py": 70,
    "test_restart.py": 65, "test_job_search.py": 65, "test_typed_payloads.py": 30,
    "test_minutes.py": 60, "test_first_screen.py": 60, "test_found_on_the_way.py": 50,
    "test_production_settings.py": 50, "test_contributions.py": 47, "test_evaluation.py": 47,
    "test_content.py": 45, "test_goals.py": 42, "test_programme_edit.py": 42,
    "test_meetings.py": 39, "test_caseload_workbench.py": 37, "test_live.py": 37,
    "test_cooperation.py": 36, "test_staff_edit.py": 34, "test_dialog.py": 34,
    "test_min_plan.py": 34, "test_conversation_records.py": 33, "test_decisions.py": 32,
    "test_offline.py": 31, "test_gone_tabs.py": 32,
    "test_documented_start.py": 300,  # a clean clone's whole `make run`
}
DEFAULT_TEST_SECONDS = 2.0
GROUPS: dict[str, str] = {
    "test_scaleout.py": "scaleout",
    "test_session_end.py": "scaleout",
}


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


class CostFirst(LoadScopeScheduling):
    """Loadfile scheduling, costly modules first (see the module's text)."""

    def _split_scope(self, nodeid: str) -> str:
        module = _module(nodeid)
        group = GROUPS.get(PurePosixPath(module).name)
        return f"group:{group}" if group else module

    def _cost(self, scope: str) -> float:
        tests = self.workqueue[scope]
        modules = {_module(n) for n in tests}
        known = sum(COST_SECONDS.get(PurePosixPath(m).name, 0.0) for m in modules)
        unknown = sum(1 for n in tests
                      if PurePosixPath(_module(n)).name not in COST_SECONDS)
        return known + unknown * DEFAULT_TEST_SECONDS

    def _assign_work_unit(self, node) -> None:  # noqa: ANN001
        scope = max(self.workqueue, key=self._cost)  # first the one that costs the most
        work_unit = self.workqueue.pop(scope)
        self.assigned_work.setdefault(node, {})[scope] = work_unit
        collection = self.registered_collections[node]
        node.send_runtest_some([collection.index(nodeid)
                                for nodeid, done in work_unit.items() if not done])

    def _reschedule(self, node) -> None:  # noqa: ANN001
        if node.shutting_down:
            return
        if not self.workqueue:
            node.shutdown()
            return
        if self._pending_of(self.assigned_work[node]) > 1:
            return
        self._assign_work_unit(node)
