"""'/ny-plan': find the person, then start their one plan."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.plan.parts import section
from ip_app.plan_start.state import BASES, PlanStartState

S = PlanStartState
E = PlanStartState.errors


def _hit(h) -> rx.Component:
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            ak.Heading.create(h.name, level="3", size="xsmall"),
            rx.cond(h.born != "", ak.BodyShort.create(tr("start.born", date=h.born), size="small")),
            rx.cond(h.has_plan, ak.Detail.create(tr("start.has_plan"))),
            ak.Button.create(rx.cond(h.has_plan, tr("start.see_plan_of", name=h.name),
                                     tr("start.choose", name=h.name)),
                             size="small", variant="secondary", type="button",
                             on_click=S.choose(h.account_id)),
            rx.cond(h.ip_href != "", ak.Link.create(tr("start.ip_check", name=h.name),
                                                    href=h.ip_href)),
            gap="space-4", align="start",
        ),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ))


def _search() -> rx.Component:
    return section(
        tr("start.search_heading"),
        rx.el.form(
            ak.VStack.create(
                ak.TextField.create(label=tr("start.search"), name="q", auto_complete="off",
                                    description=tr("start.search_hint"),
                                    default_value=S.query, error=E.get("q", ""),
                                    max_length=100),
                ak.Button.create(tr("start.search_button"), type="submit"),
                gap="space-12", align="start",
            ),
            on_submit=S.search,
            aria_label=tr("start.search_heading"),
        ),
        rx.cond(S.searched, ak.VStack.create(
            rx.cond(S.hits.length() > 0,
                    rx.el.ul(rx.foreach(S.hits, _hit), class_name="plain-list",
                             aria_label=tr("start.hits")),
                    ak.BodyShort.create(tr("start.no_hits"))),
            ak.Button.create(tr("start.new_person"), variant="secondary", type="button",
                             on_click=S.start_new_person),
            gap="space-12", align="start",
        )),
        id="start-search",
    )


def _form() -> rx.Component:
    return section(
        tr("start.form_heading"),
        rx.el.form(
            ak.VStack.create(
                rx.cond(
                    S.new_person,
                    ak.VStack.create(
                        ak.TextField.create(label=tr("start.fnr"), name="fnr", auto_complete="off",
                                            input_mode="numeric", description=tr("start.fnr_hint"),
                                            error=E.get("fnr", ""), max_length=20),
                        ak.TextField.create(label=tr("start.name"), name="name",
                                            auto_complete="off", error=E.get("name", ""),
                                            max_length=200),
                        gap="space-16"),
                    ak.BodyShort.create(tr("start.plan_for", name=S.chosen_name, date=S.chosen_born),
                                        weight="semibold"),
                ),
                ak.Fieldset.create(
                    *[ak.Checkbox.create(tr(f"basis.{b}"), name=f"basis_{b}",
                                         default_checked=S.preselect.contains(b)) for b in BASES],
                    legend=tr("start.bases"), description=tr("start.bases_hint"),
                    error=E.get("bases", ""),
                ),
                ak.TextField.create(label=tr("start.period_start"), name="period_start",
                                    type="date", default_value=S.today_iso,
                                    error=E.get("period_start", "")),
                ak.TextField.create(label=tr("start.period_end"), name="period_end", type="date",
                                    error=E.get("period_end", "")),
                ak.TextField.create(label=tr("start.first_evaluation"), name="first_evaluation",
                                    type="date", description=tr("start.first_evaluation_hint"),
                                    error=E.get("first_evaluation", "")),
                ak.Textarea.create(label=tr("start.goal"), name="goal", max_length=500,
                                   min_rows=2, description=tr("start.goal_hint"),
                                   error=E.get("goal", "")),
                ak.Fieldset.create(
                    ak.Checkbox.create(tr("start.consent"), name="consent"),
                    legend=tr("start.consent_legend"), error=E.get("consent", ""),
                ),
                ak.HStack.create(
                    ak.Button.create(tr("start.submit"), type="submit"),
                    ak.Button.create(tr("start.back"), type="button", variant="tertiary",
                                     on_click=S.back_to_search),
                    gap="space-8", wrap=True),
                gap="space-20", align="stretch",
            ),
            on_submit=S.start,
            key=S.form_key.to_string(),
            aria_label=tr("start.form_heading"),
        ),
        id="start-form",
    )


def _exists() -> rx.Component:
    return ak.VStack.create(
        ak.Alert.create(tr("start.exists", name=S.person_name), variant="info"),
        rx.cond(S.exists_participant,
                ak.Link.create(tr("start.open_plan", name=S.person_name), href=S.exists_href),
                ak.VStack.create(
                    ak.BodyShort.create(tr("start.join_hint")),
                    ak.Button.create(tr("start.join"), type="button", on_click=S.join),
                    gap="space-8", align="start")),
        ak.Button.create(tr("start.back"), type="button", variant="tertiary",
                         on_click=S.back_to_search),
        gap="space-12", align="start",
    )


def _started() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("start.open_plan", name=S.person_name), href=S.started_href),
        rx.cond(S.invite_link != "", ak.Alert.create(ak.VStack.create(
            ak.Heading.create(tr("start.invite_heading", name=S.person_name), level="2",
                              size="xsmall"),
            ak.BodyShort.create(tr("start.invite_intro")),
            rx.el.code(S.invite_link, class_name="invite-link", id="invite-link"),
            gap="space-8"), variant="info"),
            ak.BodyShort.create(tr("start.idporten"))),
        gap="space-12", align="start",
    )


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("nav.back_caseload"), href="/"),
        ak.Heading.create(tr("start.title"), level="1", size="large"),
        ak.BodyShort.create(tr("start.intro")),
        live_messages(S.notice, S.error),
        rx.match(S.step,
                 ("form", _form()),
                 ("exists", _exists()),
                 ("started", _started()),
                 ("joined", ak.Link.create(tr("nav.back_caseload"), href="/")),
                 _search()),
        gap="space-16",
    )


def plan_start_page() -> rx.Component:
    title = tr("start.title")
    return shell(rx.match(
        S.mode,
        ("page", _content()),
        ("denied", titled(title, ak.Alert.create(tr("start.denied"), variant="warning"))),
        titled(title, ak.BodyShort.create(tr("common.loading"), role="status")),
    ), title=title)
