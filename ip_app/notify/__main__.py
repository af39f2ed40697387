"""Command line for operators: python -m ip_app.notify [once|loop|status]."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from ip_app.kernel import db
from ip_app.notify import outbox

from ip_app.notify.runner import run_forever, run_once
from ip_app.notify.settings import NotifySettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ip_app.notify",
                                     description="Notices by e-mail, SMS and letter (unread messages, consent requests, meetings ...).")
    parser.add_argument("command", choices=["once", "loop", "status"], nargs="?", default="once")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    cfg = NotifySettings.from_env()
    if args.command == "status":
        with db.session() as s:
            counts = outbox.status_counts(s)
            rows = outbox.failing(s)
        print("outbox:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "empty")
        for r in rows:
            print(f"  #{r.id} {r.reason} {r.object_key} {r.channel} recipient {r.recipient_id}: "
                  f"{r.attempts} attempts, next {r.next_attempt_at:%Y-%m-%d %H:%M:%S}Z, "
                  f"last error: {r.last_error}")
        return 0
    if not cfg.enabled:
        print("Neither IP_SMTP_HOST nor IP_SMS_URL is set: nothing is sent.", file=sys.stderr)
        return 2
    if args.command == "once":
        res = run_once(cfg)
        print(f"scheduled {res.scheduled}, sent {res.sent}, failed {res.failed}, "
              f"cancelled {res.cancelled}, postponed {res.postponed}")
        return 1 if res.failed else 0
    try:
        asyncio.run(run_forever(cfg))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
