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

# seconds a module took on one worker, its own servers' start included (junit times of a
# whole run on the shared 2-core machine, load average 10-24, 2026-12-07), rounded; only
# their order matters
COST_SECONDS: dict[str, float] = {
    "test_access_matrix.py": 220, "test_leak_matrix.py": 230, "test_db_trouble.py": 150,
    "test_scaleout.py": 130, "test_session_end.py": 70, "test_accessibility.py": 115,
    "test_scaleout_kill.py": 105, "test_consent.py": 90, "test_restart.py": 80,
    "test_hostile_input.py": 70, "test_oidc_login.py": 65, "test_access_ended.py": 50,
    "test_typed_payloads.py": 50, "test_programme_edit.py": 50, "test_offline.py": 50,
    "test_plain_pages.py": 90, "test_notices.py": 60, "test_onboarding_more.py": 60,
    "test_onboarding_postgres.py": 120,  # its own PostgreSQL server, one long flow
    "test_documented_start.py": 300,  # a clean clone's whole `make run` (install, build)
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
