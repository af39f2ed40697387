"""Coordination across people: only plans and tiltak the viewer may see, filters narrow."""

from __future__ import annotations

from ip_app.coordination.data import load_page
from ip_app.coordination.view import ALL, OWN, build_coordination


def _build(s, viewer, today, *args, **kwargs):
    return build_coordination(load_page(s, viewer, today), viewer, *args, **kwargs)


def _rows(page):
    return [(g.kind, r.person, r.title, r.status) for g in page.groups for r in g.rows]


def test_veileder_sees_tiltak_across_their_people_by_type(s, demo, today):
    page = _build(s, demo.viewer(s, "veileder"), today, ALL, ALL, "nb")
    assert page.mode == "page"
    assert {p for _, p, _, _ in _rows(page)} == {"Amina Yusuf", "Emil Strand", "Sara Nilsen"}
    kinds = [g.kind for g in page.groups]
    assert "arbeidstrening" in kinds and kinds[-1] == OWN
    # arbeidstrening: Amina (two) and Emil, with their statuses
    at = [r for r in _rows(page) if r[0] == "arbeidstrening"]
    assert len({r[1] for r in at}) >= 2


def test_filters_by_type_and_status(s, demo, today):
    v = demo.viewer(s, "veileder")
    rows = _rows(_build(s, v, today, "arbeidstrening", "gjennomfores", "nb"))
    assert rows and all(k == "arbeidstrening" and st == "gjennomfores" for k, _, _, st in rows)
    assert _rows(_build(s, v, today, "no-such-type", ALL, "nb")) == []


def test_tjenesteyter_sees_only_what_the_policy_allows(s, demo, today):
    # laerer follows Amina only, and only the tiltak they are responsible for
    rows = _rows(_build(s, demo.viewer(s, "laerer"), today, ALL, ALL, "nb"))
    assert rows and {p for _, p, _, _ in rows} == {"Amina Yusuf"}
    assert {t for _, _, t, _ in rows} <= {"Norskopplæring spor 2 mot B1",
                                           "Samfunnskunnskap på arabisk (50 timer)"}


def test_koordinator_at_the_municipality_does_not_see_kvp_items_of_another_office(s, demo, today):
    rows = _rows(_build(s, demo.viewer(s, "koordinator"), today, ALL, ALL, "nb"))
    titles = {t for _, _, t, _ in rows}
    assert "KVP-kurs i jobbsøking og CV" not in titles  # restricted to NAV Molde
    assert "Arbeidsforberedende trening hos Romsdal Arbeid" in titles


def test_the_person_gets_nothing(s, demo, today):
    page = _build(s, demo.viewer(s, "amina"), today, ALL, ALL, "nb")
    assert page.mode == "denied" and page.groups == []


def _providers(page):
    return {o.label: o.value for o in page.provider_options}


def test_provider_filter_narrows_to_the_responsible_participants_organisation(s, demo, today):
    from ip_app.coordination.view import NO_PROVIDER

    v = demo.viewer(s, "veileder")
    page = _build(s, v, today, ALL, ALL, "nb")
    providers = _providers(page)
    # options come from the caseload: organisations responsible for a visible tiltak
    assert "Molde voksenopplæringssenter" in providers and "DPS Molde" in providers
    assert "NAV Kristiansund" not in providers
    assert providers.get("Uten organisasjon (personen selv eller pårørende)") == NO_PROVIDER
    dps = providers["DPS Molde"]
    narrowed = _build(s, v, today, ALL, ALL, "nb", provider=dps)
    rows = [r for g in narrowed.groups for r in g.rows]
    assert rows and all(r.provider == "Ansvarlig: DPS Molde" for r in rows)
    assert len(rows) < sum(len(g.rows) for g in page.groups)
    assert narrowed.provider == dps
    # filters combine: DPS + a type only DPS provides here
    assert all(r.kind == "ips" for g in _build(
        s, v, today, "ips", ALL, "nb", provider=dps).groups for r in g.rows)


def test_an_unknown_provider_is_not_trusted(s, demo, today):
    v = demo.viewer(s, "laerer")
    everything = _build(s, v, today, ALL, ALL, "nb")
    # NAV Molde is not responsible for anything laerer may see: not an option, shows all
    nav = str(demo.org(s, "NAV Molde").id)
    assert nav not in {o.value for o in everything.provider_options}
    page = _build(s, v, today, ALL, ALL, "nb", provider=nav)
    assert page.provider == ALL
    assert _rows(page) == _rows(everything)
    assert _build(s, v, today, ALL, ALL, "nb", provider="x' OR 1=1").provider == ALL
