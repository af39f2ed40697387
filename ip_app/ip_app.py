"""The Reflex app: pages, our HTTP routes, and security headers around everything."""

import reflex as rx

from ip_app.access_log.page import access_log_page
from ip_app.access_log.state import AccessLogState
from ip_app.accessibility.page import accessibility_page
from ip_app.advance_notice.page import advance_notice_page
from ip_app.advance_notice.state import AdvanceNoticeState
from ip_app.assessment.page import assessment_page
from ip_app.assessment.state import AssessmentState
from ip_app.auth.headers import security_headers
from ip_app.auth.invitation_page import invitation_page
from ip_app.auth.invitation_state import InvitationState
from ip_app.auth.login_page import login_page
from ip_app.auth.login_state import LoginState
from ip_app.auth.origin import check_origin
from ip_app.auth.routes import routes_app
from ip_app.closing.page import earlier_plans_page
from ip_app.closing.state import EarlierPlansState
from ip_app.consent.page import consents_page
from ip_app.consent.request_state import ConsentRequestState
from ip_app.consent.requests_page import consent_requests_page
from ip_app.consent.state import ConsentState
from ip_app.cooperation.page import cooperation_page
from ip_app.cooperation.state import CooperationState
from ip_app.coordination.page import coordination_page
from ip_app.coordination.state import CoordinationState
from ip_app.archive.page import archive_page
from ip_app.archive.state import ArchiveState
from ip_app.conversation_records.page import conversation_records_page
from ip_app.conversation_records.state import ConversationRecordState
from ip_app.decisions.page import decisions_page
from ip_app.decisions.state import DecisionState
from ip_app.dialog.page import dialog_page
from ip_app.dialog.state import DialogState
from ip_app.evaluation.page import evaluation_page
from ip_app.evaluation.state import EvaluationState
from ip_app.ip_decision.page import ip_check_page
from ip_app.ip_decision.state import IpCheckState
from ip_app.job_search.page import job_search_page
from ip_app.job_search.state import JobSearchState
from ip_app.kernel.config import ROOT
from ip_app.kernel import live
from ip_app.kernel.errors import backend_exception_handler, install_log_filter
from ip_app.kernel.i18n import t
from ip_app.kernel.session_guard import SessionGuard, use_app
from ip_app.minutes.page import minutes_page
from ip_app.minutes.state import MinutesState
from ip_app.notify.page import letter_page, letters_page, notice_prefs_page
from ip_app.notify.runner import lifespan_task as notify_lifespan_task
from ip_app.notify.state import LetterState, NoticePrefState
from ip_app.plan.page import home_page, plan_page
from ip_app.plan.state import PlanState
from ip_app.plan_start.page import plan_start_page
from ip_app.plan_start.state import PlanStartState
from ip_app.programme.page import programme_edit_page
from ip_app.programme.state import ProgrammeEditState
from ip_app.staff.page import staff_admin_page
from ip_app.staff.state import StaffAdminState
from ip_app.team.page import team_page
from ip_app.team.state import TeamState
from ip_app.warm import warm_worker

_LANG_BOOT = (ROOT / "assets" / "lang-boot.js").read_text(encoding="utf-8")

app = rx.App(
    stylesheets=["/aksel.css", "/app.css"],  # aksel.css: Aksel's CSS and the font
    api_transformer=[routes_app(), security_headers, check_origin],  # origin: the websocket
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
                     rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
                     # the chosen language on <html lang> before the first paint; inline, not
                     # src=: a script file in <head> holds the first paint for a request
                     # (Lighthouse: render-blocking); the CSP allows it by its hash
                     rx.el.script(_LANG_BOOT)],
    html_lang="nb",  # lang-boot.js sets the chosen one before the first paint (assets/)
    # a server error shows the app's own notice (Reflex's toast is eval'd: the CSP blocks it)
    backend_exception_handler=backend_exception_handler,
    # No Reflex toaster: its connection toast ("Cannot connect to server: websocket error
    # …") and its empty "Notifications alt+T" region are English and technical; the shell's
    # own ConnectionNotice says it in the person's language (kernel/ui/layout.py).
    toaster=None,
)
# Reflex's overlay (connection pulser with an English "Connection Error: …" title and the
# connection toaster): dropped for the same reason; the error boundary stays.
app.app_wraps[(5, "Overlay")] = lambda stateful: None
install_log_filter()  # an unknown event name: one log line, not a traceback each
# a tab's state belongs to one login: cleared when it ends; activity for the idle timeout
app.add_middleware(SessionGuard())
use_app(app)  # the logout route clears the tab that logged out
live.use_app(app)  # live updates wake the tabs of a changed plan (kernel/live.py)
# e-mail notifications about unread messages: a no-op unless IP_SMTP_HOST is set
app.register_lifespan_task(notify_lifespan_task)
app.register_lifespan_task(warm_worker)  # warm-up, then the garbage collector; then it serves
app.add_page(home_page, route="/", title=t("app.name"), on_load=PlanState.load_home)
app.add_page(plan_page, route="/plan/[plan_id]", title=t("app.name"),
             on_load=PlanState.load_plan_page)
app.add_page(login_page, route="/login", title=t("login.page_title"), on_load=LoginState.load)
app.add_page(consents_page, route="/samtykker", title=t("consents.title"),
             on_load=ConsentState.load_page)
app.add_page(access_log_page, route="/tilgangslogg", title=t("log.title"),
             on_load=AccessLogState.load)
app.add_page(notice_prefs_page, route="/varsler", title=t("notices.title"),
             on_load=NoticePrefState.load)
app.add_page(letters_page, route="/brev", title=t("letters.title"), on_load=LetterState.load)
app.add_page(letter_page, route="/brev/[letter_id]", title=t("letters.one_title"),
             on_load=LetterState.load_letter)
app.add_page(earlier_plans_page, route="/tidligere-planer", title=t("earlier.title"),
             on_load=EarlierPlansState.load)
app.add_page(evaluation_page, route="/plan/[plan_id]/evaluering", title=t("evaluation.title"),
             on_load=EvaluationState.load)
app.add_page(ip_check_page, route="/ip-rett/[person_id]", title=t("ip.title"),
             on_load=IpCheckState.load)
app.add_page(accessibility_page, route="/tilgjengelighet", title=t("a11y.page_title"))
for route in ("/dialog", "/plan/[plan_id]/dialog", "/dialog/[thread_id]"):
    app.add_page(dialog_page, route=route, title=t("dialog.title"), on_load=DialogState.load)
app.add_page(consent_requests_page, route="/plan/[plan_id]/samtykker", title=t("consent.staff_title"),
             on_load=ConsentRequestState.load)
app.add_page(assessment_page, route="/plan/[plan_id]/vurdering", title=t("assessment.title"),
             on_load=AssessmentState.load)
app.add_page(conversation_records_page, route="/plan/[plan_id]/samtalereferat",
             title=t("record.title"), on_load=ConversationRecordState.load)
app.add_page(decisions_page, route="/plan/[plan_id]/vedtak", title=t("vedtak.title"),
             on_load=DecisionState.load)
app.add_page(advance_notice_page, route="/plan/[plan_id]/tiltak/[measure_id]/forhandsorientering",
             title=t("fho.title"), on_load=AdvanceNoticeState.load)
app.add_page(job_search_page, route="/plan/[plan_id]/jobbsok", title=t("job.title_page"),
             on_load=JobSearchState.load)
app.add_page(archive_page, route="/plan/[plan_id]/arkiv", title=t("archive.title"),
             on_load=ArchiveState.load)
app.add_page(programme_edit_page, route="/plan/[plan_id]/program",
             title=t("programme_edit.title"), on_load=ProgrammeEditState.load)
app.add_page(coordination_page, route="/samordning", title=t("coord.title"),
             on_load=CoordinationState.load)
app.add_page(cooperation_page, route="/samarbeidsavtale", title=t("coop.title"),
             on_load=CooperationState.load)
# issue 19: an organisation's administrator and the one-time invitation links
app.add_page(staff_admin_page, route="/ansatte", title=t("staff.title"),
             on_load=StaffAdminState.load)
app.add_page(invitation_page, route="/invitasjon/[token]", title=t("invite.title"),
             on_load=InvitationState.load)
app.add_page(plan_start_page, route="/ny-plan", title=t("start.title"),
             on_load=PlanStartState.load)
app.add_page(team_page, route="/plan/[plan_id]/ansvarsgruppe", title=t("team.title"),
             on_load=TeamState.load)

app.add_page(minutes_page, route="/plan/[plan_id]/mote/[meeting_id]/referat",
             title=t("minutes.title"), on_load=MinutesState.load)
