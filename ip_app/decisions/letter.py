"""The vedtak as a letter (PDF/UA, the export pipeline of export/view.py).

    GET /plan/<plan_id>/vedtak/<vedtak_id>.pdf

The session cookie decides who asks; the plan goes through the one access policy and
domain.decisions.may_read_decisions; only a SENT vedtak of that plan is a letter. A
vedtak the viewer may not read answers 404 and the attempt is audited, as is every
letter read.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ip_app.decisions import data as ddata
from ip_app.decisions.rules import VedtakStatus, may_read_decisions
from ip_app.export.view import _CSS, _e, plan_pdf
from ip_app.kernel import audit, db
from ip_app.kernel.common import to_int, today as _today
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.kernel.models import Vedtak
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.session import token_from_cookie_header, viewer_for_token

_NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def letter_html(v: Vedtak, person_name: str, decided_by: str, lang: str) -> str:
    """The letter: to whom, what was decided, why, on which rules, who, and the klage."""
    title = t(f"vedtak.kind.{v.kind}", lang)
    if v.version > 1:
        title = t("vedtak.title_version", lang, title=title, n=v.version)
    laws = ", ".join(t(f"vedtak.law.{k}", lang) for k in v.laws.split(",") if k)
    out = [
        f"<h1>{_e(title)}</h1>",
        f"<p class='meta'>{_e(t('letter.to', lang, name=person_name))}</p>",
        f"<p class='meta'>{_e(t('letter.date', lang, date=fmt_datetime(v.sent_at, lang)))}</p>",
    ]
    if v.replaced_by_id:
        out.append(f"<p><strong>{_e(t('vedtak.status.replaced', lang))}</strong></p>")
    for key, text in (("vedtak.what", v.decision), ("vedtak.why", v.reasons),
                      ("vedtak.laws", laws), ("vedtak.who", decided_by)):
        out.append(f"<h2>{_e(t(key, lang))}</h2><p class='msg'>{_e(text)}</p>")
    out.append(f"<h2>{_e(t('vedtak.appeal_heading', lang))}</h2>")
    out.append(f"<p>{_e(t('letter.appeal', lang, date=fmt_date(v.appeal_by, lang)))}</p>")
    return (f"<!DOCTYPE html><html lang='{_e(lang)}'><head><meta charset='utf-8'>"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
            + "".join(out) + "</main></body></html>")


async def letter_pdf(request: Request) -> Response:
    viewer = viewer_for_token(token_from_cookie_header(request.headers.get("cookie", "")))
    plan_id = to_int(request.path_params.get("plan_id"))
    vedtak_id = to_int(request.path_params.get("vedtak_id"))
    with db.session() as s:
        plan, access = access_for(s, viewer, plan_id, _today()) if plan_id else (None, None)
        v = ddata.get_vedtak(s, plan_id, vedtak_id or 0) if plan is not None else None
        ok = (viewer is not None and access is not None and may_read_decisions(access)
              and v is not None and v.status == VedtakStatus.SENT.value)
        if not ok:
            audit.record(s, actor_id=viewer.account_id if viewer else None,
                         actor_role=viewer.kind if viewer else "", action="export_vedtak",
                         plan_id=plan_id, target=f"vedtak:{vedtak_id}", allowed=False,
                         detail=access.reason if access and access.reason else "role")
            return PlainTextResponse("404", status_code=404, headers=_NO_STORE)
        lang = viewer.lang
        person = ddata.person_of(s, plan.id)
        names = ddata.names(s, {v.decided_by_id or 0})
        when = fmt_datetime(v.sent_at, lang)
        decided = t("vedtak.decided_by", lang, name=names.get(v.decided_by_id or 0, "?"),
                    when=when)
        doc = letter_html(v, person.display_name if person else "", decided, lang)
        body = plan_pdf(doc, lang, t(f"vedtak.kind.{v.kind}", lang))
        audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                     action="export_vedtak", plan_id=plan.id, target=f"vedtak:{v.id}")
    return Response(body, media_type="application/pdf", headers={
        **_NO_STORE, "Content-Disposition": f'attachment; filename="vedtak-{v.id}.pdf"'})


DECISION_ROUTES = [
    Route("/plan/{plan_id:int}/vedtak/{vedtak_id:int}.pdf", letter_pdf, methods=["GET"]),
]
