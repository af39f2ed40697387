"""E-mail notifications about unread messages, sent through the outbox (issue 5, item 6).

    python -m ip_app.notify once     # schedule and send what is due, then exit
    python -m ip_app.notify loop     # keep doing that every IP_NOTIFY_INTERVAL_SECONDS
    python -m ip_app.notify status   # counts per status and the rows that keep failing

Inside the app the same loop runs as a lifespan task of the Reflex backend, only when
IP_SMTP_HOST is set (see `runner.lifespan_task`).
"""
