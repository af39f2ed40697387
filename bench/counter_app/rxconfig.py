"""A bare Reflex counter: the yardstick the Min plan benchmark compares against."""

import os

import reflex as rx

config = rx.Config(
    app_name="counter_app",
    # no database is used; Reflex 0.10 wants a URL all the same
    db_url=os.environ.get("REFLEX_DB_URL", "sqlite:///counter.db"),
    telemetry_enabled=False,
    show_built_with_reflex=False,
)
