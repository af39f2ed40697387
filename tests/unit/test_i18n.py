"""Every text key the code asks for exists in the bokmål catalogue, and dates format in nb."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from ip_app.kernel.history import TRACKED_FIELDS
from ip_app.kernel.i18n import catalogue, fmt_date, fmt_datetime, t
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentStatus
from ip_app.measures.rules import Status
from ip_app.plan.rules import SAMORDNET, PlanBasis

PKG = Path(__file__).resolve().parents[2] / "ip_app"
LITERAL_KEY = re.compile(r"""\btr?\(\s*["']([a-z_]+\.[a-z_.]+)["']""")
ERROR_KEY = re.compile(r"""["'](error\.[a-z_]+|login\.error_[a-z_]+)["']""")


def keys_in_code() -> set[str]:
    found: set[str] = set()
    for path in PKG.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(LITERAL_KEY.findall(text)) | set(ERROR_KEY.findall(text))
    return found


def dynamic_keys() -> set[str]:
    keys = {f"status.{s.value}" for s in Status} | {f"status_group.{s.value}" for s in Status}
    keys |= {f"role.{r.value}" for r in Role}
    keys |= {f"basis.{b.value}" for b in PlanBasis} | {f"tag.{b.value}" for b in PlanBasis}
    keys |= {f"tag.{SAMORDNET}"} | {f"field.{f}" for f in TRACKED_FIELDS}
    keys |= {f"item.{k}" for k in ("resource", "service_need", "partner")}
    keys |= {f"account_kind.{k}" for k in ("person", "staff", "relative")}
    return keys


def test_the_scan_finds_keys():
    # guards the test itself: if the regex broke, the next test would pass vacuously
    assert {"app.name", "plan.my_goal", "error.not_allowed", "login.error_wrong"} <= keys_in_code()


@pytest.mark.parametrize("key", sorted(keys_in_code() | dynamic_keys()))
def test_every_key_exists_in_bokmal(key):
    assert key in catalogue("nb"), f"missing in nb.json: {key}"


def test_no_empty_texts():
    assert [k for k, v in catalogue("nb").items() if not v.strip()] == []


def test_missing_key_shows_the_key_not_a_crash():
    assert t("no.such.key") == "no.such.key"


def test_placeholders_are_filled():
    assert t("progress.label", done=2, total=7) == "2 av 7 tiltak fullført"


def test_dates_in_bokmal():
    assert fmt_date(date(2026, 11, 3)) == "3. november 2026"
    # stored in UTC, shown in Norwegian time (CET in November)
    assert fmt_datetime(datetime(2026, 11, 12, 9, 14, tzinfo=timezone.utc)) == "12. november 2026 kl. 10:14"
    # and summer time
    assert fmt_datetime(datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc)) == "1. juni 2026 kl. 10:00"


def test_consent_statuses_are_plain_values():
    # consent texts arrive with issue 3; the values used as keys must stay simple
    assert all(re.fullmatch(r"[a-z_]+", s.value) for s in ConsentStatus)
