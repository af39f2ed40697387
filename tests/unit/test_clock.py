"""The service's days are Norway's days (kernel/clock.py), not the server's: a container on
UTC is a day behind Norway for an hour or two every night."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ip_app.access_log.view import build_log_page
from ip_app.kernel import clock


def test_an_hour_before_midnight_utc_in_winter_norway_has_the_next_day():
    assert clock.today(datetime(2026, 12, 7, 23, 30, tzinfo=timezone.utc)) == date(2026, 12, 8)
    assert clock.today(datetime(2026, 12, 7, 22, 59, tzinfo=timezone.utc)) == date(2026, 12, 7)


def test_in_summer_norway_changes_day_two_hours_before_utc():
    assert clock.today(datetime(2026, 6, 30, 22, 0, tzinfo=timezone.utc)) == date(2026, 7, 1)
    assert clock.today(datetime(2026, 6, 30, 21, 59, tzinfo=timezone.utc)) == date(2026, 6, 30)


def test_a_line_written_after_norwegian_midnight_is_under_today_in_the_access_log():
    """What the person read at 00:04 Norwegian time, 23:04 UTC: "i dag", whatever the
    server's clock says (the e2e tests found "8. desember" at that hour)."""
    from ip_app.access_log.data import LogEntry

    at = datetime(2026, 12, 7, 23, 4, tzinfo=timezone.utc)
    entry = LogEntry(id=1, at=at, action="read_plan", allowed=True, actor_role="veileder",
                     actor_name="Kari Nordmann", actor_kind="staff", organisation="NAV Molde",
                     actor_id=7)
    page = build_log_page([entry], total=1, offset=0, lang="nb", today=clock.today(at))
    assert "i dag" in page.groups[0].summary
    yesterday = build_log_page([entry], total=1, offset=0, lang="nb",
                               today=clock.today(at) + timedelta(days=1))
    assert "i går" in yesterday.groups[0].summary


def test_what_the_pages_judge_on_is_norways_date(monkeypatch):
    """`common.today()` (access, consent expiry, due evaluations, the access log's "i dag")
    at 23:30 UTC on 7 December is 8 December."""
    from ip_app.kernel import common

    class _At2330Utc(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 7, 23, 30, tzinfo=timezone.utc).astimezone(tz)

    monkeypatch.setattr(clock, "datetime", _At2330Utc)
    assert common.today() == date(2026, 12, 8)
