"""Real SMTP (smtplib): plain, STARTTLS or SSL, with optional login."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Optional

from ip_app.notify.rules import Email

from ip_app.notify.settings import SmtpSettings


class SmtpMailer:
    """One connection per pass of the sender, opened on the first e-mail, dropped on any error."""

    def __init__(self, cfg: SmtpSettings) -> None:
        self.cfg = cfg
        self._conn: Optional[smtplib.SMTP] = None

    def _connect(self) -> smtplib.SMTP:
        cfg = self.cfg
        context = ssl.create_default_context()
        if cfg.ssl:
            conn: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout,
                                                  context=context)
        else:
            conn = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
            if cfg.starttls:
                conn.starttls(context=context)
        if cfg.user:
            conn.login(cfg.user, cfg.password)
        return conn

    def message(self, email: Email) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.cfg.sender
        msg["To"] = email.to
        msg["Subject"] = email.subject
        msg["Date"] = formatdate(localtime=False)
        # the same for every try of one notice, so a receiver can recognise a second copy
        msg["Message-ID"] = f"<{email.ref}@minplan>" if email.ref else make_msgid(domain="minplan")
        msg["Auto-Submitted"] = "auto-generated"
        msg.set_content(email.body)
        return msg

    def send(self, email: Email) -> None:
        if self._conn is None:
            self._conn = self._connect()
        try:
            self._conn.send_message(self.message(email))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                conn.close()
