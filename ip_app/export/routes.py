"""HTTP endpoints for the plan on paper and in the calendar.

    GET /plan/<id>/utskrift            print-friendly page (?fra=&til=&dialog=1)
    GET /plan/<id>/utskrift.pdf        the same as a PDF
    GET /plan/<id>/kalender.ics        tiltak dates and the next evaluation
    GET /plan/<id>/sluttdokument.pdf   the PDF kept when the plan was closed (its person)

The session cookie decides who asks; the plan goes through the one access policy; a
plan the viewer may not see answers 404 (its existence is not confirmed) and the
attempt is audited, as is every export.
"""

from __future__ import annotations

import html
import time

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ip_app.export.data import load_calendar, load_export
from ip_app.export.view import ExportOptions, parse_day, plan_html, plan_ics, plan_pdf
from ip_app.kernel import audit, db
from ip_app.kernel.common import today as _today, to_int
from ip_app.kernel.i18n import DEFAULT_LANG, t
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.session import token_from_cookie_header, viewer_for_token

_NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _action(kind: str, opts: ExportOptions) -> str:
    """The audit action of an allowed export: one with the dialog is its own kind of read
    ("… med samtalene"), so the person's access log tells them apart."""
    return f"export_{kind}_dialog" if opts.with_dialog and kind != "ics" else f"export_{kind}"


async def _export(request: Request, kind: str) -> Response:
    viewer = viewer_for_token(token_from_cookie_header(request.headers.get("cookie", "")))
    plan_id = to_int(request.path_params.get("plan_id"))
    opts = ExportOptions(start=parse_day(request.query_params.get("fra")),
                         end=parse_day(request.query_params.get("til")),
                         with_dialog=request.query_params.get("dialog") == "1")
    with db.session() as s:
        plan, access = access_for(s, viewer, plan_id, _today()) if plan_id else (None, None)
        if viewer is None or plan is None or access is None or not access.allowed:
            audit.record(s, actor_id=viewer.account_id if viewer else None,
                         actor_role=viewer.kind if viewer else "", action=f"export_{kind}",
                         plan_id=plan_id, allowed=False,
                         detail=access.reason if access else "no_plan")
            if kind == "print":  # a page a person may open from an old link: say so
                return HTMLResponse(_not_found(viewer.lang if viewer else DEFAULT_LANG),
                                    status_code=404, headers=_NO_STORE)
            return PlainTextResponse("404", status_code=404, headers=_NO_STORE)
        lang = viewer.lang
        started = time.perf_counter()
        if kind == "ics":
            body = plan_ics(load_calendar(s, plan, access, viewer), viewer, lang,
                            request.url.hostname or "minplan")
            media, name = "text/calendar; charset=utf-8", "min-plan.ics"
        else:
            day = _today()
            doc = plan_html(load_export(s, plan, access, viewer, day, lang, opts), viewer, day,
                            lang, opts, for_print_page=kind == "print")
            if kind == "print":
                audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                             action=_action(kind, opts), plan_id=plan.id,
                             detail="dialog" if opts.with_dialog else "")
                return HTMLResponse(doc, headers=_NO_STORE)
            body = plan_pdf(doc, lang, t("print.title", lang, name=""))
            media, name = "application/pdf", "min-plan.pdf"
        audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                     action=_action(kind, opts), plan_id=plan.id,
                     detail=f"{'dialog ' if opts.with_dialog else ''}"
                            f"{(time.perf_counter() - started) * 1000:.0f} ms")
    return Response(body, media_type=media, headers={
        **_NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'})


def _not_found(lang: str) -> str:
    """The print page's answer when there is no plan to show (or none the viewer may see)."""
    title = html.escape(t("print.not_found", lang))
    return (f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title} – {html.escape(t("app.name", lang))}</title></head>'
            '<body style="font-family: sans-serif; margin: 1rem; line-height: 1.5">'
            f'<main><h1>{title}</h1><p>{html.escape(t("print.not_found_text", lang))}</p>'
            f'<p><a href="/">{html.escape(t("print.to_front", lang))}</a></p></main>'
            '</body></html>')


async def print_page(request: Request) -> Response:
    return await _export(request, "print")


async def pdf(request: Request) -> Response:
    return await _export(request, "pdf")


async def ics(request: Request) -> Response:
    return await _export(request, "ics")


async def final_pdf(request: Request) -> Response:
    """The PDF kept when the plan was closed: the plan as its person saw it, so only the
    person gets it (others print the closed plan as they may see it)."""
    from ip_app.closing.data import final_pdf as stored_pdf
    viewer = viewer_for_token(token_from_cookie_header(request.headers.get("cookie", "")))
    plan_id = to_int(request.path_params.get("plan_id"))
    with db.session() as s:
        plan, access = access_for(s, viewer, plan_id, _today()) if plan_id else (None, None)
        body = stored_pdf(s, plan.id) if plan is not None and plan.closed_at is not None \
            and access is not None and access.is_owner else None
        audit.record(s, actor_id=viewer.account_id if viewer else None,
                     actor_role=str(access.role) if access and access.role else
                     (viewer.kind if viewer else ""), action="export_final_pdf",
                     plan_id=plan_id, allowed=body is not None,
                     detail="" if body is not None else "not_owner_or_none")
    if body is None:
        return PlainTextResponse("404", status_code=404, headers=_NO_STORE)
    return Response(body, media_type="application/pdf", headers={
        **_NO_STORE, "Content-Disposition": 'attachment; filename="min-plan-avsluttet.pdf"'})


EXPORT_ROUTES = [
    Route("/plan/{plan_id:int}/utskrift", print_page, methods=["GET"]),
    Route("/plan/{plan_id:int}/utskrift.pdf", pdf, methods=["GET"]),
    Route("/plan/{plan_id:int}/kalender.ics", ics, methods=["GET"]),
    Route("/plan/{plan_id:int}/sluttdokument.pdf", final_pdf, methods=["GET"]),
]
