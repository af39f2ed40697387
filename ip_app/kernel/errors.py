"""A server error in an event handler reaches the person as the app's own notice.

Reflex's default answer to an exception in a handler is a toast the browser must eval,
which the app's CSP forbids (auth/headers.py): the person saw nothing at all (issue 17,
finding 9). `backend_exception_handler` (given to rx.App) instead sends the tab an
ordinary event, `ErrorNoticeState.show`, which sets a plain Norwegian (or the viewer's
language) message rendered by the page shell (kernel/ui/layout.py): no eval, no technical text.

Logging: one line per failed event (the exception type and its first line, where it was
raised); the full traceback only the first time a given exception type is raised at a
given place in each worker, so a stream of junk events cannot flood the log. Events
with a name no handler has are logged by Reflex; those are cut to one line too.
"""

import logging
import re
import traceback
from collections import OrderedDict

import reflex as rx
from reflex.event import EventSpec
from ip_app.kernel import gate

log = logging.getLogger("ip_app.errors")

_TOLD: "OrderedDict[tuple[str, str], None]" = OrderedDict()  # (type, place) with a traceback
_TOLD_KEPT = 500
_LINE = 300  # characters of an exception's text in a log line
_EVENT_NAME = re.compile(r"Event\(name='([^']*)'")


def _place(exc: BaseException) -> str:
    """Where it was raised: the innermost frame of our own code, else the innermost."""
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    ours = [f for f in frames if "/ip_app/" in f.filename] or frames
    if not ours:
        return "?"
    name = ours[-1].filename
    return f"{name[name.find('/ip_app/') + 1:] if '/ip_app/' in name else name}:{ours[-1].lineno}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text[:_LINE]


def log_once(exc: BaseException) -> None:
    """One line for every failed event; the traceback only the first time per place."""
    key = (type(exc).__name__, _place(exc))
    first = key not in _TOLD
    if first:
        _TOLD[key] = None
        while len(_TOLD) > _TOLD_KEPT:
            _TOLD.popitem(last=False)
    log.error("an event failed: %s: %s (at %s)%s", key[0], _first_line(exc), key[1],
              "" if first else " (traceback logged before)",
              exc_info=exc if first else None)


class ErrorNoticeState(rx.State):
    """The notice shown after a server error in one of this tab's events."""

    message: str = ""

    @rx.event
    @gate.ui_only
    def show(self):
        """Set by the server after an error (see backend_exception_handler); only text."""
        from ip_app.kernel.i18n import t
        from ip_app.kernel.lang import lang_of

        self.message = t("error.server", lang_of(self))

    @rx.event
    @gate.ui_only
    def dismiss(self):
        self.message = ""


def backend_exception_handler(exception: Exception) -> EventSpec | None:
    """rx.App's handler for an exception in an event handler: log it (see `log_once`) and
    show the app's own notice in the tab."""
    log_once(exception)
    return ErrorNoticeState.show()


class _OneLineForUnknownEvents(logging.Filter):
    """Reflex logs an event no handler has (a junk or forged name) with a full traceback:
    one line instead (the event cut short)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith("Error processing event queue entry"):
            exc = record.exc_info[1]
            # Reflex's message holds the whole event, its headers (the session cookie) too:
            # keep only the event's name
            name = _EVENT_NAME.search(record.getMessage())
            record.msg = "an event could not be handled: %s: %s: %s"
            record.args = ((name.group(1) if name else "?")[:200],
                           type(exc).__name__ if exc else "", _first_line(exc) if exc else "")
            record.exc_info = None
            record.exc_text = None
        return True


def install_log_filter() -> None:
    logger = logging.getLogger("reflex_base.event.processor.event_processor")
    if not any(isinstance(f, _OneLineForUnknownEvents) for f in logger.filters):
        logger.addFilter(_OneLineForUnknownEvents())
