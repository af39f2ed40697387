"""The plan on paper and in the calendar: a print page, a PDF and an iCalendar file.

Everything is built from the same view the plan page uses (`build_page` over what
`export.data.load_export` read through `plan.data.load_page`), so a printout shows exactly
what the viewer may see on screen - the access rules are not written twice. Text people
wrote is escaped, never markup.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta, timezone
from typing import Optional

from ip_app.advance_notice.view import notice_print_html
from ip_app.conversation_records.view import print_html as records_print_html
from ip_app.ip_contents.view import ip_contents_html
from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.export.data import CalendarData, ExportData
from ip_app.export.rules import ExportOptions, overlaps  # noqa: F401 - ExportOptions: asked for here
from ip_app.meetings.rules import MeetingFacts, MeetingStatus, may_read_topic
from ip_app.meetings.view import fmt_when, place_text
from ip_app.minutes.rules import may_read as may_read_minutes
from ip_app.plan.view import build_page


def parse_day(raw: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


_overlaps = overlaps


def _e(text: object) -> str:
    return html.escape(str(text or ""), quote=True)


_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 9pt; } }
body { font-family: "Source Sans 3", "DejaVu Sans", sans-serif; font-size: 11pt; color: #000;
  line-height: 1.4; background: #fff; max-width: 48rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 20pt; margin: 0 0 4pt; } h2 { font-size: 14pt; margin: 16pt 0 6pt;
  border-bottom: 1pt solid #999; page-break-after: avoid; } h3 { font-size: 11.5pt; margin: 8pt 0 2pt; }
.meta { color: #333; margin: 0 0 2pt; } ul { padding-left: 1.2em; } li { margin: 2pt 0; }
.item { page-break-inside: avoid; margin-bottom: 8pt; } .msg { white-space: pre-wrap; }
.small { font-size: 9.5pt; color: #333; }
@media print { .no-print { display: none; } body { padding: 0; } }
"""


def plan_html(loaded: ExportData, viewer: Viewer, today: date, lang: str, opts: ExportOptions,
              *, for_print_page: bool = False) -> str:
    """The plan on paper, from what `export.data.load_export` read (with the same `opts`)."""
    data = loaded.page.data
    access = data.access
    page = build_page(loaded.page, viewer, today, lang)
    dates = {m.id: (m.start_date, m.end_date) for m in data.measures}
    out: list[str] = []
    add = out.append
    title = t("print.title", lang, name=page.person_name)
    add(f"<h1>{_e(title)}</h1>")
    if page.bases:
        add(f"<p class='meta'>{_e(', '.join(page.bases))}</p>")
    if page.period:
        add(f"<p class='meta'>{_e(t('print.period', lang))}: {_e(page.period)}</p>")
    if opts.start or opts.end:
        add(f"<p class='meta'>{_e(t('print.chosen_period', lang))}: "
            f"{_e(fmt_date(opts.start, lang) or '…')} – {_e(fmt_date(opts.end, lang) or '…')}</p>")
    add(f"<p class='meta small'>{_e(t('print.made', lang, when=fmt_datetime(datetime.now(timezone.utc), lang)))}</p>")

    # 1. the person's goals, in their own words
    add(f"<h2>{_e(t('print.goals', lang))}</h2>")
    if page.main_goal:
        add(f"<p><strong>{_e(t('print.main_goal', lang))}:</strong> {_e(page.main_goal)}</p>")
    if page.goals:
        add("<ul>" + "".join(f"<li>{_e(g.text)} <span class='small'>({_e(g.progress_label)})</span></li>"
                             for g in page.goals) + "</ul>")
    if page.progress_label:
        add(f"<p class='small'>{_e(page.progress_label)}</p>")
    # 2. resources, needs, partners (ip_contents/view.py), and a closed plan's closing
    out.extend(ip_contents_html(page))
    # 3. tiltak with status and who is responsible
    add(f"<h2>{_e(t('print.measures', lang))}</h2>")
    shown = 0
    for group in page.by_status:
        cards = [c for c in group.cards if _overlaps(*dates.get(c.id, (None, None)), opts)]
        if not cards:
            continue
        add(f"<h3>{_e(group.title)}</h3>")
        for c in cards:
            shown += 1
            parts = [x for x in (c.responsible, c.dates, c.extent, c.plan_tag) if x]
            add(f"<div class='item'><p><strong>{_e(c.title)}</strong> – {_e(c.status_label)}"
                f"{' · ' + _e(t('measure.agreed', lang)) if c.agreed else ''}</p>"
                f"<p class='small'>{_e(' · '.join(parts))}</p>"
                + (f"<p>{_e(c.description)}</p>" if c.description else "")
                + (f"<p class='small'><strong>{_e(t('progress.heading', lang))}:</strong> "
                   f"{_e(c.progress_text)} ({_e(c.progress_written)})</p>"
                   if c.progress_text else "")
                + notice_print_html(loaded.page.notices, c, lang) + "</div>")
    if not shown:
        add(f"<p>{_e(t('print.no_measures', lang))}</p>")
    # 3b. meetings in the chosen period (cancelled ones marked), as the viewer may see them
    add(f"<h2>{_e(t('print.meetings', lang))}</h2>")
    meetings, minutes = loaded.meetings, loaded.minutes
    # the tiltak made or changed from each referat, named only if the viewer sees the tiltak
    # (`data.measures` holds the visible ones)
    linked = loaded.linked
    visible_measures = {m.id: m for m in data.measures}
    if meetings:
        add("<ul>")
        for m in meetings:
            f = MeetingFacts.of(m)
            # its own name: `title` is the document's (its <title>, the PDF's title)
            topic = m.topic if may_read_topic(access, f, viewer.account_id) else t(
                "meeting.neutral_title", lang)
            status = ("" if m.status == MeetingStatus.PLANNED.value
                      else f" – {_e(t(f'meeting.status_{m.status}', lang))}")
            add(f"<li class='item'><strong>{_e(topic)}</strong>{status}<br>"
                f"{_e(fmt_when(m.starts_at, m.ends_at, lang))} · "
                f"{_e(place_text(m.place_kind, m.place, lang))}"
                + (f"<br><span class='small'>{_e(m.link)}</span>" if m.link else "")
                + _minutes_html(minutes.get(m.id), f, access, viewer, lang,
                                linked.get(m.id, []), visible_measures) + "</li>")
        add("</ul>")
    else:
        add(f"<p>{_e(t('print.no_meetings', lang))}</p>")
    # 3c. samtalereferat: the person, a verge and NAV's veileder only
    add(records_print_html(loaded.records, access, viewer, lang))
    # 4. who does what, the coordinator first
    add(f"<h2>{_e(t('print.people', lang))}</h2><ul>")
    for p in page.people:
        coord = f" ({_e(t('plan.coordinator', lang))})" if p.is_coordinator else ""
        org = f", {_e(p.organisation)}" if p.organisation else ""
        contrib = f"<br><span class='small'>{_e(p.contribution)}</span>" if p.contribution else ""
        team = f" ({_e(t('ips.team', lang))}: {_e(p.team_part)})" if p.team_part else ""
        add(f"<li><strong>{_e(p.name)}</strong> – {_e(p.role_label)}{org}{coord}{team}{contrib}</li>")
    add("</ul>")
    # 5. evaluation
    add(f"<h2>{_e(t('print.evaluation', lang))}</h2>")
    if page.next_evaluation:
        late = f" ({_e(t('plan.evaluation_overdue', lang))})" if page.evaluation_overdue else ""
        add(f"<p>{_e(t('print.next_evaluation', lang))}: {_e(page.next_evaluation)}{late}</p>")
    # 6. consent: for the person (or guardian) and the staff who answer for the plan
    if loaded.consents is not None:
        add(f"<h2>{_e(t('print.consents', lang))}</h2><ul>")
        for name, status_value, valid_until in loaded.consents:
            status = (t(f"consent_status.{status_value}", lang) if status_value
                      else t("consent_status.none", lang))
            until = ""
            if status_value and valid_until:
                until = " – " + t("consent.until", lang, date=fmt_date(valid_until, lang))
            add(f"<li>{_e(name)}: {_e(status)}{_e(until)}</li>")
        add("</ul>")
    # 7. the dialog, only when asked for, only threads the viewer may read
    if opts.with_dialog:
        add(f"<h2>{_e(t('print.dialog', lang))}</h2>")
        any_msg = False
        for info, messages in loaded.threads:
            msgs = [(m, name) for m, name in messages
                    if (not opts.start or m.sent_at.date() >= opts.start)
                    and (not opts.end or m.sent_at.date() <= opts.end)]
            if not msgs:
                continue
            any_msg = True
            add(f"<h3>{_e(info.thread.subject)}</h3>")
            for m, name in msgs:
                add(f"<div class='item'><p class='small'>{_e(name)}, {_e(fmt_datetime(m.sent_at, lang))}</p>"
                    f"<p class='msg'>{_e(m.body)}</p></div>")
        if not any_msg:
            add(f"<p>{_e(t('print.no_dialog', lang))}</p>")
    back = ""
    if for_print_page:  # no script on this page: the browser's own print command is used
        back = (f"<p class='no-print'><a href='/'>{_e(t('nav.back_plan', lang))}</a> · "
                f"{_e(t('print.how', lang))}</p>")
    return (f"<!DOCTYPE html><html lang='{_e(lang)}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>{back}<main>"
            + "".join(out) + "</main></body></html>")


def plan_pdf(document: str, lang: str, title: str) -> bytes:
    """The HTML as a tagged PDF (PDF/UA-1 where WeasyPrint can), with language and title."""
    from weasyprint import HTML

    return HTML(string=document).write_pdf(pdf_variant="pdf/ua-1", lang=lang,
                                           custom_metadata=False) or b""


def plan_ics(loaded: CalendarData, viewer: Viewer, lang: str, host: str = "minplan") -> bytes:
    """Tiltak start and end dates and the next evaluation as all-day events, and the
    meetings the viewer may see at their time (UTC), cancelled ones as STATUS:CANCELLED.
    Every event has a stable UID, so a calendar that imports the file again updates it;
    a meeting's SEQUENCE follows its version."""
    from icalendar import Calendar, Event

    data = loaded.data
    plan, access = data.plan, data.access
    cal = Calendar()
    cal.add("prodid", "-//Min plan//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", t("calendar.name", lang))
    stamp = datetime.now(timezone.utc)

    def event(uid: str, day: date, summary: str, description: str = "") -> None:
        ev = Event()
        ev.add("uid", f"{uid}@{host}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + timedelta(days=1))
        ev.add("summary", summary)
        if description:
            ev.add("description", description)
        cal.add_component(ev)

    for m in data.measures:
        if m.start_date:
            event(f"plan{plan.id}-measure{m.id}-start", m.start_date,
                  t("calendar.measure_start", lang, title=m.title), m.description)
        if m.end_date:
            event(f"plan{plan.id}-measure{m.id}-end", m.end_date,
                  t("calendar.measure_end", lang, title=m.title))
    if plan.next_evaluation:
        event(f"plan{plan.id}-evaluation-{plan.next_evaluation.isoformat()}",
              plan.next_evaluation, t("calendar.evaluation", lang))
    for m in loaded.meetings:
        f = MeetingFacts.of(m)
        topic_ok = may_read_topic(access, f, viewer.account_id)
        title = m.topic if topic_ok else t("meeting.neutral_title", lang)
        cancelled = m.status == MeetingStatus.CANCELLED.value
        ev = Event()
        ev.add("uid", f"plan{plan.id}-meeting{m.id}@{host}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", m.starts_at.astimezone(timezone.utc))
        ev.add("dtend", m.ends_at.astimezone(timezone.utc))
        ev.add("summary", t("calendar.meeting_cancelled", lang, title=title) if cancelled else title)
        ev.add("location", place_text(m.place_kind, m.place, lang))
        if m.link:
            ev.add("url", m.link)
        description = "\n\n".join(x for x in ((m.agenda if topic_ok else ""), m.link) if x)
        if description:
            ev.add("description", description)
        ev.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        ev.add("sequence", max(m.version - 1, 0))
        ev.add("last-modified", m.updated_at.astimezone(timezone.utc))
        cal.add_component(ev)
    return cal.to_ical()


def _minutes_html(row, f, access, viewer, lang: str, linked=(), measures=None) -> str:
    """The referat under a held meeting, when there is one the viewer may read, with the
    tiltak made from it (their status now) and the status changes made with it ("endret
    til …"), as on the referat page; a tiltak the viewer does not see is left out."""
    if row is None or not may_read_minutes(access, f, viewer.account_id,
                                           datetime.now(timezone.utc)):
        return ""
    parts = [(t("minutes.attendees", lang), row.attendees),
             (t("minutes.discussed", lang), row.discussed),
             (t("minutes.agreed", lang), row.agreed)]
    body = "".join(f"<p class='small'><strong>{_e(label)}:</strong> {_e(text)}</p>"
                   for label, text in parts if text)
    items = []
    for link in linked:
        m = (measures or {}).get(link.measure_id)
        if m is None:
            continue
        status = (t("minutes.changed_to", lang, status=t(f"status.{link.status}", lang).lower())
                  if link.kind == "changed" else t(f"status.{m.status}", lang))
        items.append(f"<li>{_e(m.title)} – {_e(status)}</li>")
    if items:
        body += (f"<p class='small'><strong>{_e(t('minutes.made_heading', lang))}:</strong></p>"
                 f"<ul class='small'>{''.join(items)}</ul>")
    return (f"<div class='minutes'><p><strong>{_e(t('print.minutes', lang))}</strong> "
            f"<span class='small'>({_e(fmt_datetime(row.written_at, lang))})</span></p>{body}</div>")
