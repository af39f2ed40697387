"""A bare Reflex counter: the yardstick the Min plan benchmark compares against."""

import os

import reflex as rx

config = rx.Config(
    app_name="counter_app",
    # no database is used; Reflex 0.10 wants a URL all the same
    db_url=os.environ.get("REFLEX_DB_URL", "sqlite:///counter.db"),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # the same state manager as Min plan's one worker (ip_app.kernel.server_opts): a fair yardstick
    state_manager_mode=os.environ.get("REFLEX_STATE_MANAGER_MODE") or "memory",
)
