"""Writing a snapshot: the plan as its person sees it, as PDF/A-2a with the archive's
metadata, handed to the target and recorded (`archive_snapshot`).

Rendered from the export pipeline's HTML (`export.view.plan_html`, the same the person
prints), in bokmål: the archive's language whatever language the person reads in.
PDF/A-2a is PDF/A-2 level A: the tagged structure our PDF/UA export has (headings,
lists, language) plus the archive's demands (embedded fonts, an sRGB output intent,
XMP identification). WeasyPrint writes one variant at a time, so the copy carries the
PDF/A identification, not the PDF/UA one.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime
from typing import Callable, Optional

from ip_app.archive import data as archive_data
from ip_app.archive.rules import PDF_VARIANT, Reason, SnapshotMeta, document_keywords
from ip_app.archive.targets import ArchiveTarget, Snapshot, configured_target
from ip_app.kernel import db
from ip_app.kernel.access import Viewer
from ip_app.kernel.common import today as _today
from ip_app.kernel.i18n import fmt_date, t
from ip_app.kernel.models import ArchiveSnapshot, utcnow
from ip_app.kernel.plan_access import access_for

log = logging.getLogger("ip_app.archive")
ARCHIVE_LANG = "nb"


def _pdfa(document: str, meta: SnapshotMeta, lang: str) -> bytes:
    from weasyprint import HTML

    options = {"pdf_variant": PDF_VARIANT, "custom_metadata": True}  # lang: <html lang>
    doc = HTML(string=document).render(**options)
    md = doc.metadata
    period = " – ".join(fmt_date(d, lang) for d in (meta.period_start, meta.period_end) if d)
    labels = {b: t(f"basis.{b}", lang) for b in meta.serves}
    md.title = meta.title
    md.authors = [meta.person]
    md.description = t("archive.doc_description", lang, person=meta.person,
                       period=period or "–", date=fmt_date(meta.document_date, lang),
                       plans=", ".join(labels.values()) or "–")
    md.keywords = document_keywords(meta.serves, labels)
    md.generator = t("app.name", lang)
    md.created = md.modified = f"{meta.document_date.isoformat()}T00:00:00Z"
    # document info only: a custom XMP schema would need a PDF/A extension schema
    md.custom = {"MinPlanPerson": meta.person, "MinPlanPeriod": period,
                 "MinPlanDocumentDate": meta.document_date.isoformat(),
                 "MinPlanServes": ", ".join(meta.serves), "MinPlanReason": meta.reason.value,
                 "MinPlanId": str(meta.plan_id)}
    return doc.write_pdf(**options) or b""


def render(plan_id: int, reason: Reason, *, made_at: datetime,
           day: Optional[date] = None) -> Snapshot:
    """The snapshot of the plan now: its PDF/A, metadata and sha256 (nothing stored)."""
    from ip_app.export.data import load_export
    from ip_app.export.view import ExportOptions, plan_html  # the export imports pages' views

    day = day or _today()
    with db.session() as s:
        plan, person, bases = archive_data.plan_facts(s, plan_id)
        viewer = Viewer(account_id=person.id, kind="person", display_name=person.display_name,
                        lang=ARCHIVE_LANG)
        _, access = access_for(s, viewer, plan_id, day)
        opts = ExportOptions()
        html = plan_html(load_export(s, plan, access, viewer, day, ARCHIVE_LANG, opts), viewer,
                         day, ARCHIVE_LANG, opts)
        meta = SnapshotMeta(plan_id=plan_id,
                            title=t("print.title", ARCHIVE_LANG, name=person.display_name),
                            person=person.display_name, period_start=plan.period_start,
                            period_end=plan.period_end, document_date=day,
                            serves=tuple(bases), reason=reason)
    pdf = _pdfa(html, meta, ARCHIVE_LANG)
    return Snapshot(pdf=pdf, meta=meta, sha256=hashlib.sha256(pdf).hexdigest(), made_at=made_at)


def write(plan_id: int, reason: Reason, source: str = "", *,
          target: Optional[ArchiveTarget] = None,
          clock: Callable[[], datetime] = utcnow) -> Optional[ArchiveSnapshot]:
    """Render, store in the target, record. A cause (`source`, "closure:7") is archived
    once: a second call for it returns None and writes nothing."""
    if source:
        with db.session() as s:
            if archive_data.has_source(s, plan_id, source):
                return None
    target = target or configured_target()
    made_at = clock()
    snap = render(plan_id, reason, made_at=made_at)
    reference = target.store(snap)
    with db.session() as s:
        row = archive_data.record(s, plan_id=plan_id, reason=reason.value, source=source,
                                  document_date=snap.meta.document_date, made_at=made_at,
                                  target=target.name, reference=reference,
                                  sha256=snap.sha256, size=len(snap.pdf))
    log.info("plan %s archived (%s) as %s in %s", plan_id, reason.value, reference, target.name)
    return row


def archive_after(plan_id: int, reason: Reason, source: str) -> None:
    """The hook after a closing or an evaluation is committed. A failure is logged and
    left to the schedule (`python -m ip_app.archive once`), which finds the plan due."""
    try:
        write(plan_id, reason, source)
    except Exception:  # noqa: BLE001 - the closing / evaluation stands
        log.exception("plan %s was not archived after %s", plan_id, source or reason.value)


def verify(row: ArchiveSnapshot, target: ArchiveTarget) -> bytes:
    """Read a snapshot back from its target; its sha256 must match the row's."""
    body = target.fetch(row.reference)
    if hashlib.sha256(body).hexdigest() != row.sha256:
        raise ValueError(f"snapshot {row.id}: sha256 differs from the one recorded")
    return body
