import os

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from ip_app.kernel.config import normalise_db_url, settings
from ip_app.kernel.server_opts import respawn_failed_workers, state_manager_mode
from ip_app.kernel.build_preload import LowPriorityScriptPreloads

# Reflex reads REFLEX_DB_URL itself, past rx.Config's db_url: SQLAlchemy 2.1 takes a bare
# `postgresql://` for psycopg 3, and we ship psycopg2. The form README documents must start.
if os.environ.get("REFLEX_DB_URL"):
    os.environ["REFLEX_DB_URL"] = normalise_db_url(os.environ["REFLEX_DB_URL"])

respawn_failed_workers()  # one crashed worker must not stop the others (issue 8)

config = rx.Config(
    app_name="ip_app",
    db_url=settings().db_url,
    redis_url=os.environ.get("REFLEX_REDIS_URL") or None,
    state_manager_mode=state_manager_mode(os.environ),  # memory, or Redis with several workers
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # issue 20.8: the built pages' script preloads at low priority, the first paint waits
    # only for the HTML and the stylesheet (ip_app/kernel/build_preload.py)
    plugins=[LowPriorityScriptPreloads()],
    disable_plugins=[SitemapPlugin],
    # issue 20.8: brotli first (the JavaScript of the first load ~15 % smaller than gzip on
    # the wire; browsers send `br`), gzip for the rest
    frontend_compression_formats=["brotli", "gzip"],
    frontend_packages=[
        "@navikt/ds-css@8.15.0",
        "@navikt/aksel-icons@8.15.0",
        "@fontsource/source-sans-3@5.3.1",
    ],
)
