"""What the plan page shows (ip_app.plan.view.build_page), built from the demo data."""

from __future__ import annotations

import pytest

from ip_app.kernel.i18n import t
from ip_app.kernel.models import Measure
from ip_app.kernel.plan_access import access_for
from ip_app.measures.data import change_status, versions
from ip_app.measures.rules import ORDER, Status
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.view import build_page

STATUS_LABEL = {st.value: t(f"status.{st.value}") for st in ORDER}


def _page(s, demo, viewer_name: str, person: str, today):
    viewer = demo.viewer(s, viewer_name)
    plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
    assert access.allowed
    data = load_plan(s, plan, access, viewer)
    return build_page(load_page(s, data, viewer, today, "nb"), viewer, today, "nb"), data


def _cards(page) -> list:
    return [c for g in page.by_status for c in g.cards]


def _card(page, title: str):
    [card] = [c for c in _cards(page) if c.title == title]
    return card


# --- header and progress ---------------------------------------------------------------


def test_main_goal_and_header(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    assert page.person_name == "Amina Yusuf"
    assert page.main_goal == "Jeg vil jobbe som helsefagarbeider og klare meg selv."
    assert page.bases == ["Integreringsplan", "Aktivitetsplan", "Individuell plan"]
    assert page.period and page.next_evaluation
    assert page.evaluation_overdue is False
    # the sub-goals, in order, with the latest text of a revised goal
    assert [g.text for g in page.goals] == [
        "Jeg vil bestå norskprøven på nivå B1 muntlig og skriftlig.",
        "Jeg vil prøve meg i arbeid på et sykehjem og få en god attest.",
        "Jeg vil forstå hvordan ting fungerer i Norge, så jeg kan hjelpe barna mine med skole "
        "og barnehage.",
    ]


def test_evaluation_overdue_on_emils_plan(s, demo, today):
    page, _ = _page(s, demo, "emil", "emil", today)
    assert page.evaluation_overdue is True


def test_progress_numbers_match_the_tiltak_statuses(s, demo, today):
    page, data = _page(s, demo, "amina", "amina", today)
    statuses = [m.status for m in data.measures]
    assert len(statuses) == 8
    done = statuses.count("fullfort")
    total = len(statuses) - statuses.count("avbrutt")  # stopped tiltak will not be done
    assert (page.progress_done, page.progress_total) == (done, total) == (2, 7)
    assert page.progress_label == "2 av 7 tiltak fullført"
    cards = _cards(page)
    assert sum(c.status == "fullfort" for c in cards) == page.progress_done
    assert sum(c.status != "avbrutt" for c in cards) == page.progress_total


def test_goal_progress_matches_the_cards_under_each_goal(s, demo, today):
    page, data = _page(s, demo, "amina", "amina", today)
    by_goal = {g.key: g for g in page.by_goal}
    for row in page.goals:
        cards = by_goal[f"goal-{row.id}"].cards if f"goal-{row.id}" in by_goal else []
        assert row.done == sum(c.status == "fullfort" for c in cards)
        assert row.total == sum(c.status != "avbrutt" for c in cards)
        assert row.progress_label == f"{row.done} av {row.total} tiltak fullført"


def test_progress_follows_a_status_change(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    card = _card(page, "Norskopplæring spor 2 mot B1")
    change_status(s, measure_id=card.id, based_on_version=card.version,
                  actor=demo.actor(s, "amina", "laerer"), new=Status.FULLFORT, reason="Bestått")
    after, _ = _page(s, demo, "amina", "amina", today)
    assert (after.progress_done, after.progress_total) == (page.progress_done + 1,
                                                           page.progress_total)


# --- grouping ------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer_name, person", [
    ("amina", "amina"), ("veileder", "amina"), ("laerer", "amina"), ("emil", "emil"),
    ("koordinator", "sara"), ("sara", "sara"),
])
def test_status_groups_in_lifecycle_order(s, demo, today, viewer_name, person):
    page, data = _page(s, demo, viewer_name, person, today)
    keys = [g.key for g in page.by_status]
    order = [st.value for st in ORDER]
    assert keys == sorted(keys, key=order.index)  # forslag, planlagt, gjennomfores, ...
    assert len(set(keys)) == len(keys)
    for g in page.by_status:
        assert g.cards and all(c.status == g.key for c in g.cards)
        assert g.title == t(f"status_group.{g.key}")
    # every visible tiltak is on the page once, and nothing else is
    assert sorted(c.id for c in _cards(page)) == sorted(m.id for m in data.measures)
    by_goal = [c.id for g in page.by_goal for c in g.cards]
    assert sorted(by_goal) == sorted(c.id for c in _cards(page))


def test_amina_has_every_status_group(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    assert [g.key for g in page.by_status] == [
        "forslag", "planlagt", "gjennomfores", "fullfort", "avbrutt"]


def test_goal_groups_sub_goals_first_then_the_main_goal(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    titles = [g.title for g in page.by_goal]
    assert titles == [g.text for g in page.goals] + [
        "Jeg vil jobbe som helsefagarbeider og klare meg selv.", "Ikke knyttet til et mål"]
    # Kartlegging has no goal: it is in the "no goal" group, last
    loose = page.by_goal[-1]
    assert loose.key == "goal-none"
    assert [c.title for c in loose.cards] == ["Kartlegging av utdanning og arbeidserfaring"]


# --- history ---------------------------------------------------------------------------------


def test_every_card_history_is_newest_first_and_starts_with_creation(s, demo, today):
    page, data = _page(s, demo, "amina", "amina", today)
    for card in _cards(page):
        vs = versions(s, card.id)
        assert card.history, card.title
        oldest = card.history[-1]
        first_status = STATUS_LABEL[vs[0].snapshot["status"]]
        assert oldest.text.endswith(f"opprettet aktiviteten med status {first_status}")
        assert all("opprettet" not in h.text for h in card.history[:-1])
        if len(vs) > 1:
            # the newest entry tells the latest change, with its reason
            assert card.history[0].reason == vs[-1].reason
            last, prev = vs[-1].snapshot, vs[-2].snapshot
            if last["status"] != prev["status"]:
                assert f"til {STATUS_LABEL[last['status']]}" in card.history[0].text


def test_history_of_a_tiltak_with_several_changes(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    card = _card(page, "Språkpraksis i Solsikken barnehage")
    assert [h.text for h in card.history] == [
        "Ola Hansen (koordinator) endret status fra Gjennomføres til Avbrutt",
        "Ola Hansen (koordinator) endret status fra Planlagt til Gjennomføres",
        "Ola Hansen (koordinator) opprettet aktiviteten med status Planlagt",
    ]
    assert card.history[0].reason.startswith("Byttet til praksis på sykehjem")
    norsk = _card(page, "Norskopplæring spor 2 mot B1")
    assert norsk.history[0].text == "Siri Dahl (tjenesteyter) endret timer per uke"


def test_the_viewers_own_entries_say_du(s, demo, today):
    page, _ = _page(s, demo, "emil", "emil", today)
    card = _card(page, "Jobbintervju hos Romsdal Dekk")
    assert [h.text for h in card.history] == [
        "Du endret status fra Planlagt til Fullført",
        "Du endret status fra Forslag til Planlagt",
        "Du opprettet aktiviteten med status Forslag",
    ]
    # the same history, seen by someone else, names Emil
    other, _ = _page(s, demo, "veileder", "emil", today)
    assert _card(other, "Jobbintervju hos Romsdal Dekk").history[0].text == \
        "Emil Strand (bruker) endret status fra Planlagt til Fullført"


def test_a_change_by_the_viewer_shows_first_as_du(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    card = _card(page, "Ta teoriprøven for førerkort klasse B")
    assert [h.text for h in card.history] == ["Du opprettet aktiviteten med status Forslag"]
    change_status(s, measure_id=card.id, based_on_version=card.version,
                  actor=demo.actor(s, "amina", "amina"), new=Status.PLANLAGT, reason="")
    after, _ = _page(s, demo, "amina", "amina", today)
    card = _card(after, "Ta teoriprøven for førerkort klasse B")
    assert card.status == "planlagt"
    assert [h.text for h in card.history] == [
        "Du endret status fra Forslag til Planlagt",
        "Du opprettet aktiviteten med status Forslag",
    ]


def test_staff_sees_their_own_changes_as_du(s, demo, today):
    page, _ = _page(s, demo, "veileder", "amina", today)
    card = _card(page, "Arbeidstrening på Fjordly sykehjem")
    texts = [h.text for h in card.history]
    assert texts[0] == "Du endret status fra Planlagt til Gjennomføres"
    assert "Du markerte aktiviteten som avtalt med NAV" in texts
    assert "Du endret status fra Forslag til Planlagt" in texts
    assert texts[-1] == "Amina Yusuf (bruker) opprettet aktiviteten med status Forslag"


# --- what the person may do -------------------------------------------------------------------


def test_agreed_tiltak_is_locked_for_the_person(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    for title in ("Norskopplæring spor 2 mot B1", "Arbeidstrening på Fjordly sykehjem"):
        card = _card(page, title)
        assert card.agreed is True and card.status == "gjennomfores"
        assert card.locked is True and card.can_change is False
        assert card.options == [] and card.needs_reason_for == []
    # "Arbeidstrening" was even created by Amina herself: agreed still locks it
    assert s.get(Measure, _card(page, "Arbeidstrening på Fjordly sykehjem").id).created_by_id \
        == demo.account(s, "amina").id


def test_own_proposal_can_be_changed_by_the_person(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    card = _card(page, "Ta teoriprøven for førerkort klasse B")
    assert (card.status, card.agreed, card.locked) == ("forslag", False, False)
    assert card.can_change is True
    values = [o.value for o in card.options]
    assert card.status not in values
    assert values == ["planlagt", "gjennomfores", "fullfort", "avbrutt"]  # lifecycle order
    assert [o.label for o in card.options] == [STATUS_LABEL[v] for v in values]
    assert card.needs_reason_for == []  # not agreed: no reason needed
    assert card.responsible == "Ansvarlig: deg"


def test_person_cannot_change_staff_tiltak_or_final_ones(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    fagbrev = _card(page, "Søke helsefagarbeiderutdanning for voksne")  # the veileder's
    assert not fagbrev.agreed and not fagbrev.locked and fagbrev.can_change is False
    for card in _cards(page):
        if card.status in ("fullfort", "avbrutt"):
            assert card.can_change is False and card.options == []


def test_staff_options_and_reasons_for_an_agreed_tiltak(s, demo, today):
    page, _ = _page(s, demo, "veileder", "amina", today)
    card = _card(page, "Arbeidstrening på Fjordly sykehjem")
    assert card.locked is False and card.can_change is True
    assert [o.value for o in card.options] == ["forslag", "planlagt", "fullfort", "avbrutt"]
    assert card.needs_reason_for == ["fullfort", "avbrutt"]  # finishing agreed tiltak


# --- tags, people ------------------------------------------------------------------------------


def test_plan_tags(s, demo, today):
    page, data = _page(s, demo, "amina", "amina", today)
    norsk = _card(page, "Norskopplæring spor 2 mot B1")
    assert s.get(Measure, norsk.id).serves == "integreringsplan,individuell_plan"
    assert norsk.plan_tag == "Samordnet" and norsk.plan_tag_color == "meta-purple"
    single = _card(page, "Kartlegging av utdanning og arbeidserfaring")
    assert single.plan_tag == "Integreringsplan" and single.plan_tag_color == "info"
    for m in data.measures:
        card = next(c for c in _cards(page) if c.id == m.id)
        assert (card.plan_tag == "Samordnet") == ("," in m.serves)


def test_people_list_coordinator_first_and_you(s, demo, today):
    page, _ = _page(s, demo, "amina", "amina", today)
    assert page.people[0].is_coordinator and page.people[0].name == "Ola Hansen"
    assert sum(p.is_coordinator for p in page.people) == 1
    assert "Deg" in [p.name for p in page.people]
    assert "Amina Yusuf" not in [p.name for p in page.people]


def test_protected_persons_contact_is_not_on_others_pages(s, demo, today):
    amina = demo.account(s, "amina")
    amina.protection = "kode6"
    s.add(amina)
    s.flush()
    page, _ = _page(s, demo, "veileder", "amina", today)
    [row] = [p for p in page.people if p.name == "Amina Yusuf"]
    assert row.contact == ""
    own, _ = _page(s, demo, "amina", "amina", today)
    [me] = [p for p in own.people if p.name == "Deg"]
    assert amina.phone in me.contact


def test_service_provider_page_has_only_their_tiltak(s, demo, today):
    page, _ = _page(s, demo, "laerer", "amina", today)
    assert sorted(c.title for c in _cards(page)) == [
        "Norskopplæring spor 2 mot B1", "Samfunnskunnskap på arabisk (50 timer)"]
    norsk = _card(page, "Norskopplæring spor 2 mot B1")
    assert norsk.responsible == "Ansvarlig: deg" and norsk.can_change is True
    # progress only counts what the viewer may see
    assert (page.progress_done, page.progress_total) == (1, 2)


def test_no_untranslated_keys_on_the_page(s, demo, today):
    for viewer_name, person in (("amina", "amina"), ("veileder", "sara"), ("emil", "emil")):
        page, _ = _page(s, demo, viewer_name, person, today)
        texts = [page.progress_label, page.period, page.next_evaluation, *page.bases]
        for c in _cards(page):
            texts += [c.status_label, c.plan_tag, c.responsible, c.dates,
                      *(h.text for h in c.history), *(o.label for o in c.options)]
        texts += [g.title for g in page.by_status + page.by_goal]
        texts += [p.role_label for p in page.people]
        for text in texts:
            assert not any(text.startswith(p) for p in (
                "status.", "tag.", "history.", "measure.", "role.", "field.", "group.",
                "progress.", "basis.")), text
            assert "{" not in text, text
