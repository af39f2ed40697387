"""The caseload as a workbench, on a phone (390 × 844) and a 1280 × 800 screen: sort,
filters by plan type, office and whose, "Skriv til" and "Åpne plan" on each row, the
"Til oppfølging" view, and an empty caseload that says so."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

SIZES = [pytest.param({"width": 390, "height": 844}, id="phone"),
         pytest.param({"width": 1280, "height": 800}, id="wide")]


@pytest.fixture(params=SIZES)
def sized(page: Page, request) -> Page:
    page.set_viewport_size(request.param)
    return page


def _row(page: Page, name: str):
    return page.get_by_role("main").get_by_role("listitem").filter(
        has=page.get_by_role("link", name=name, exact=True))


def test_sort_and_filter_the_caseload(sized: Page, login):
    page = sized
    login("veileder")
    main = page.get_by_role("main")
    people = main.get_by_role("listitem")
    expect(people).to_have_count(3)
    expect(people.first.get_by_role("link").first).to_have_text("Amina Yusuf")

    # Emil's evaluation is overdue: first when sorted by next evaluation
    page.get_by_role("combobox", name="Sorter etter").select_option(label="Neste evaluering")
    expect(people.first.get_by_role("link").first).to_have_text("Emil Strand")
    page.get_by_role("combobox", name="Sorter etter").select_option(label="Navn")
    expect(people.first.get_by_role("link").first).to_have_text("Amina Yusuf")

    # plan type: only Sara has the kvalifiseringsprogram
    page.get_by_role("combobox", name="Plantype").select_option(label="Kvalifiseringsprogram")
    expect(people).to_have_count(1)
    expect(main.get_by_role("link", name="Sara Nilsen", exact=True)).to_be_visible()
    expect(page.get_by_text("Viser 1 av 3")).to_be_visible()
    page.get_by_role("combobox", name="Plantype").select_option(label="Alle plantyper")
    expect(people).to_have_count(3)

    # an office offered narrows to the plans followed up from it
    office = page.get_by_role("combobox", name="Kontor")
    first_office = office.locator("option").nth(1).inner_text()
    office.select_option(label=first_office)
    expect(people.first).to_be_visible()
    n = people.count()
    assert 1 <= n <= 3
    office.select_option(label="Alle kontor")
    expect(people).to_have_count(3)

    # nothing matches: the empty text names the choice, not a search
    page.get_by_role("combobox", name="Vis").select_option(label="Venter på samtykke")
    expect(people).to_have_count(0)
    expect(main.get_by_text("Ingen personer passer med det du har valgt.")).to_be_visible()
    page.get_by_role("combobox", name="Vis").select_option(label="Alle")
    expect(people).to_have_count(3)


def test_follow_up_view_lists_what_waits(sized: Page, login):
    page = sized
    login("veileder")
    main = page.get_by_role("main")
    expect(main.get_by_role("listitem")).to_have_count(3)
    page.get_by_role("radio", name=re.compile(r"Til oppfølging")).click()
    expect(main.get_by_text("Dette venter på deg hos personene du følger.")).to_be_visible()
    emil = main.get_by_role("listitem").filter(has_text="Emil Strand")
    expect(emil.get_by_role("link", name=re.compile("Evalueringen er forsinket"))).to_be_visible()
    # how many depends on what this worker's earlier tests wrote as Emil (one database)
    answer = emil.get_by_role("link", name=re.compile(r"^\d+ venter på svar fra NAV$"))
    expect(answer).to_be_visible()
    answer.click()
    expect(page).to_have_url(re.compile(r"/plan/\d+/dialog$"))


def test_write_to_and_open_plan_from_a_row(sized: Page, login):
    page = sized
    login("veileder")
    main = page.get_by_role("main")
    _row(page, "Emil Strand").get_by_role("link", name="Skriv til").click()
    expect(page).to_have_url(re.compile(r"/plan/\d+/dialog$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.go_back()
    _row(page, "Sara Nilsen").get_by_role("link", name="Åpne plan").click()
    expect(page).to_have_url(re.compile(r"/plan/\d+$"))
    expect(page.get_by_role("heading", level=1, name=re.compile("Sara"))).to_be_visible()


def test_an_empty_caseload_says_so(page: Page, login):
    login("veileder2")
    main = page.get_by_role("main")
    expect(main.get_by_text("Du følger ingen personer ennå.")).to_be_visible()
    expect(main.get_by_text("Ingen personer passer med søket.")).to_have_count(0)
