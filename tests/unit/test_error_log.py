"""Server errors in events: one log line each, no traceback flood, no cookie in the log
(issue 17, finding 9; the notice itself: tests/e2e/test_error_notice.py)."""

from __future__ import annotations

import logging
import sys

from ip_app.kernel import errors


def _fail(text: str) -> BaseException:
    try:
        raise ValueError(text)
    except ValueError as exc:
        return exc


def test_each_failed_event_is_one_line_and_the_traceback_comes_once_per_place(caplog):
    errors._TOLD.clear()
    with caplog.at_level(logging.ERROR, logger="ip_app.errors"):
        for i in range(3):
            errors.log_once(_fail(f"bad id {i}\nsecond line"))
    lines = [r for r in caplog.records if r.name == "ip_app.errors"]
    assert len(lines) == 3
    assert [r.exc_info is not None for r in lines] == [True, False, False]
    assert all("ValueError: bad id" in r.getMessage() for r in lines)
    assert all("second line" not in r.getMessage() for r in lines)
    assert "(traceback logged before)" in lines[2].getMessage()


def test_an_unknown_event_is_logged_on_one_line_without_its_headers():
    try:
        raise KeyError("No registered handler found for event: x.no_such")
    except KeyError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "reflex_base.event.processor.event_processor", logging.ERROR, __file__, 1,
        "Error processing event queue entry for Event(name='x.no_such', router_data={"
        "'headers': {'cookie': 'minplan_session=SECRET-TOKEN'}}, payload={'a': 'b'}) "
        "[txid=1]:", None, exc_info)
    assert errors._OneLineForUnknownEvents().filter(record)
    said = record.getMessage()
    assert record.exc_info is None
    assert "x.no_such" in said and "KeyError" in said
    assert "SECRET-TOKEN" not in said and "cookie" not in said
    errors.install_log_filter()
    errors.install_log_filter()  # once only
    logger = logging.getLogger("reflex_base.event.processor.event_processor")
    assert sum(isinstance(f, errors._OneLineForUnknownEvents) for f in logger.filters) == 1
