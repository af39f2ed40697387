"""The Reflex app: pages, our HTTP routes, and security headers around everything."""

import reflex as rx

from ip_app.auth.headers import security_headers
from ip_app.auth.routes import routes_app
from ip_app.i18n import t
from ip_app.web.access_log_state import AccessLogState
from ip_app.web.consent_state import ConsentState
from ip_app.web.evaluation_state import EvaluationState
from ip_app.web.ip_check_state import IpCheckState
from ip_app.web.login_state import LoginState
from ip_app.web.pages.access_log import access_log_page
from ip_app.web.pages.consents import consents_page
from ip_app.web.pages.evaluation import evaluation_page
from ip_app.web.pages.ip_check import ip_check_page
from ip_app.web.pages.login import login_page
from ip_app.web.pages.plan import home_page, plan_page
from ip_app.web.plan_state import PlanState

app = rx.App(
    stylesheets=["/app.css"],
    api_transformer=[routes_app(), security_headers],
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1")],
    html_lang="nb",
)
app.add_page(home_page, route="/", title=t("app.name"), on_load=PlanState.load_home)
app.add_page(plan_page, route="/plan/[plan_id]", title=t("app.name"),
             on_load=PlanState.load_plan_page)
app.add_page(login_page, route="/login", title=t("login.page_title"), on_load=LoginState.load)
app.add_page(consents_page, route="/samtykker", title=t("consents.title"),
             on_load=ConsentState.load_page)
app.add_page(access_log_page, route="/tilgangslogg", title=t("log.title"),
             on_load=AccessLogState.load)
app.add_page(evaluation_page, route="/plan/[plan_id]/evaluering", title=t("evaluation.title"),
             on_load=EvaluationState.load)
app.add_page(ip_check_page, route="/ip-rett/[person_id]", title=t("ip.title"),
             on_load=IpCheckState.load)

# issue 3: staff ask the person for consent again
from ip_app.web.consent_request_state import ConsentRequestState  # noqa: E402
from ip_app.web.pages.consent_request import consent_request_page  # noqa: E402

app.add_page(consent_request_page, route="/plan/[plan_id]/samtykke", title=t("consent_request.title"),
             on_load=ConsentRequestState.load)
