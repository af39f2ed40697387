"""Command line for operators: python -m ip_app.archive [once|loop|list PLAN|verify PLAN].

- `once`: archive every plan that is due (run it from cron, e.g. nightly);
- `loop`: the same every IP_ARCHIVE_INTERVAL seconds (default 3600);
- `list PLAN`: the plan's snapshots;
- `verify PLAN`: read each of the plan's snapshots back and check its sha256.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from ip_app.archive import data as archive_data
from ip_app.archive.runner import interval_from_env, run_forever, run_once
from ip_app.archive.snapshot import verify
from ip_app.archive.targets import target_named
from ip_app.kernel import db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ip_app.archive",
                                     description="PDF/A snapshots of plans to the archive.")
    parser.add_argument("command", choices=["once", "loop", "list", "verify"], nargs="?",
                        default="once")
    parser.add_argument("plan", nargs="?", type=int)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if args.command in ("list", "verify"):
        if args.plan is None:
            parser.error("give the plan id")
        with db.session() as s:
            rows = archive_data.of_plan(s, args.plan)
        bad = 0
        for r in rows:
            state = ""
            if args.command == "verify":
                try:
                    verify(r, target_named(r.target))
                    state = " ok"
                except Exception as exc:  # noqa: BLE001 - report every snapshot
                    bad += 1
                    state = f" FAILED: {exc}"
            print(f"#{r.id} {r.made_at:%Y-%m-%d %H:%M}Z {r.reason} {r.target}:{r.reference} "
                  f"sha256 {r.sha256}{state}")
        return 1 if bad else 0
    if args.command == "once":
        res = run_once()
        print(f"written {res.written}, failed {res.failed}")
        for e in res.errors:
            print("  " + e, file=sys.stderr)
        return 1 if res.failed else 0
    try:
        asyncio.run(run_forever(interval_from_env()))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
