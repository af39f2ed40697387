"""What a module fixture writes on the worker's database stays for all of the module's tests,
and what each test writes goes after it (tests/e2e/conftest.py `_fresh_database`), in any
order of the tests: each of the runs below finds the fixture's change and none of the
other runs' changes. No browser: this is about the database alone."""

from __future__ import annotations

import pytest

from tests.utils.db import execute, scalar


def _name(db_url: str, username: str) -> str:
    return scalar(db_url, "SELECT display_name FROM account WHERE username = :u", u=username)


@pytest.fixture(scope="module")
def sara_renamed(app):
    execute(app.db_url, "UPDATE account SET display_name = 'Sara Modul' WHERE username = 'sara'")


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_module_fixtures_change_stays_and_a_tests_own_goes(app, sara_renamed, n):
    start = f"sqlite:///{app.pristine}"
    assert _name(app.db_url, "sara") == "Sara Modul"
    assert _name(app.db_url, "emil") == _name(start, "emil")  # no run's change is left
    execute(app.db_url, "UPDATE account SET display_name = :d WHERE username = 'emil'",
            d=f"Emil {n}")
    assert _name(app.db_url, "emil") == f"Emil {n}"
