"""Notification settings from the environment (documented in docs/operations.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from ip_app.notify.rules import REASONS, Rules, parse_reasons


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str
    password: str
    starttls: bool
    ssl: bool
    timeout: float


@dataclass(frozen=True)
class SmsSettings:
    url: str  # the gateway's endpoint; empty: no SMS
    key: str
    sender: str  # the name or number the person sees
    timeout: float


@dataclass(frozen=True)
class NotifySettings:
    smtp: SmtpSettings
    rules: Rules
    app_url: str
    interval: float  # seconds between two passes of the loop
    lease: timedelta  # how long a claimed row is ours before another sender may take it
    lookback: timedelta  # messages older than this never cause an e-mail
    batch: int
    sms: SmsSettings = SmsSettings("", "", "MinPlan", 30)
    # the reasons this server sends (IP_NOTIFY_REASONS, comma-separated; default all)
    reasons: frozenset[str] = frozenset(str(r) for r in REASONS)

    @property
    def enabled(self) -> bool:
        return bool(self.smtp.host or self.sms.url)

    @classmethod
    def from_env(cls) -> "NotifySettings":
        ssl = _flag("IP_SMTP_SSL")
        return cls(
            smtp=SmtpSettings(
                host=os.environ.get("IP_SMTP_HOST", "").strip(),
                port=int(os.environ.get("IP_SMTP_PORT", "").strip() or (465 if ssl else 25)),
                sender=os.environ.get("IP_SMTP_FROM", "").strip() or "Min plan <ikke-svar@localhost>",
                user=os.environ.get("IP_SMTP_USER", ""),
                password=os.environ.get("IP_SMTP_PASSWORD", ""),
                starttls=_flag("IP_SMTP_STARTTLS"),
                ssl=ssl,
                timeout=_seconds("IP_SMTP_TIMEOUT_SECONDS", 30),
            ),
            rules=Rules(
                delay=timedelta(seconds=_seconds("IP_NOTIFY_DELAY_SECONDS", 30 * 60)),
                throttle=timedelta(seconds=_seconds("IP_NOTIFY_THROTTLE_SECONDS", 30 * 60)),
                retry_base=timedelta(seconds=_seconds("IP_NOTIFY_RETRY_SECONDS", 60)),
                retry_max=timedelta(seconds=_seconds("IP_NOTIFY_RETRY_MAX_SECONDS", 3600)),
            ),
            app_url=os.environ.get("IP_APP_BASE_URL", "").strip() or "http://localhost:3000",
            interval=_seconds("IP_NOTIFY_INTERVAL_SECONDS", 30),
            lease=timedelta(seconds=_seconds("IP_NOTIFY_LEASE_SECONDS", 300)),
            lookback=timedelta(hours=_seconds("IP_NOTIFY_LOOKBACK_HOURS", 72)),
            batch=int(_seconds("IP_NOTIFY_BATCH", 100)),
            sms=SmsSettings(
                url=os.environ.get("IP_SMS_URL", "").strip(),
                key=os.environ.get("IP_SMS_KEY", "").strip(),
                sender=os.environ.get("IP_SMS_SENDER", "").strip() or "MinPlan",
                timeout=_seconds("IP_SMS_TIMEOUT_SECONDS", 30),
            ),
            reasons=(frozenset(str(r) for r in parse_reasons(os.environ["IP_NOTIFY_REASONS"]))
                     if os.environ.get("IP_NOTIFY_REASONS", "").strip()
                     else frozenset(str(r) for r in REASONS)),
        )
