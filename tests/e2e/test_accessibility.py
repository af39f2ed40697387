"""WCAG 2.1 A/AA on every page for every role (issue 6), with axe-core in Chromium.

axe-core comes pinned from npm into .tools (Makefile, AXE_VERSION). It is added to
every page as an init script (through the DevTools protocol, so the app's CSP stays
as it is). For each role one browser context logs in once and visits every page,
logged out the pages that are open without login; on each page:
- axe-core with the WCAG 2.0/2.1 A and AA rules: no violations;
- exactly one h1, and no heading level skipped (1.3.1, 2.4.6);
- at 320 CSS px wide nothing scrolls sideways (1.4.10 reflow; 320 px is 1280 px at 400 %
  zoom, so 200 % zoom is covered too).
Some pages are also checked in the states people open: a tiltak card open, the
add-activity and edit dialogs, the meeting dialogs and past meetings, the language menu.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import Browser, Page, expect

from ip_app.kernel.i18n import LANGUAGES, catalogue
from tests.utils.browser import login_page
from tests.utils.db import execute, new_measure, person_without_plan, plan_id_of, scalar

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ROLES = {  # role -> demo account
    "person": "amina",
    "veileder": "veileder",
    "koordinator": "koordinator",
    "tjenesteyter": "laerer",
    "parorende": "parorende",
    "administrator": "admin",  # issue 19
    "verge": "foresatt",  # issue 20: Lene, Noah's mother: her own start on Noah's plan
}
LOADING = re.compile("|".join(re.escape(catalogue(lang)["common.loading"]) for lang in LANGUAGES))
CHECKED: list[str] = []  # "role page" per check, for the count printed at the end

RUN_AXE = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                     resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
# heading levels of the page, and of an open modal dialog on its own (the page behind it
# is inert; the dialog is read as a document of its own, with its own top heading)
HEADINGS = """() => {
  const levels = (root, inDialog) => [...root.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter(h => (h.closest('dialog') !== null) === inDialog)
    .filter(h => h.getClientRects().length > 0)
    .map(h => Number(h.tagName[1]));
  const dialog = document.querySelector('dialog[open]');
  return {page: levels(document, false), dialog: dialog ? levels(dialog, true) : null};
}"""


def _guardian_pages(app) -> list[str]:
    """What Lene reaches from her start on Noah's plan: his plan and the pages beside it."""
    plan = plan_id_of(app.db_url, "noah")
    return ["/", f"/plan/{plan}", f"/plan/{plan}/samtalereferat", f"/plan/{plan}/arkiv",
            f"/plan/{plan}/vedtak", f"/plan/{plan}/dialog", "/dialog", "/samtykker",
            "/tilgangslogg", f"/plan/{plan}/ansvarsgruppe",
            f"/plan/{plan}/utskrift", "/varsler", "/tidligere-planer", "/tilgjengelighet"]


def _pages(app, role: str = "") -> list[str]:
    if role == "verge":
        return _guardian_pages(app)
    plan = plan_id_of(app.db_url, "amina")
    amina = scalar(app.db_url, "SELECT id FROM account WHERE username = 'amina'")
    sykehjem = scalar(app.db_url, "SELECT measure_id FROM advance_notice WHERE plan_id = :p "
                                  "ORDER BY id LIMIT 1", p=plan)
    return ["/", f"/plan/{plan}", f"/plan/{plan}/evaluering", f"/ip-rett/{amina}",
            f"/plan/{plan}/program",  # the koordinator's form; the denied view for the others
            f"/plan/{plan}/vurdering", f"/plan/{plan}/vedtak",
            f"/plan/{plan}/tiltak/{sykehjem}/forhandsorientering", f"/plan/{plan}/jobbsok",
            f"/plan/{plan}/arkiv",
            f"/plan/{plan}/samtykker", "/dialog",
            f"/plan/{plan}/dialog", "/samordning", f"/plan/{plan}/utskrift",
            "/samtykker", "/tilgangslogg", "/tilgjengelighet", "/samarbeidsavtale",
            "/ny-plan", "/ansatte",  # issue 19: the form for starters, the admin page
            f"/plan/{plan}/ansvarsgruppe", "/tidligere-planer",
            "/varsler", "/brev",  # issue 22: notice settings; staff's letters (others: denied)
            f"/plan/{plan}/mote/{_held_meeting(app, plan)}/referat",
            f"/plan/{plan}/samtalereferat"]  # issue 21: NAV and the person; denied for others


def _held_meeting(app, plan: int) -> int:
    """Amina's held meeting (it has a referat in the demo data)."""
    return scalar(app.db_url, "SELECT meeting_id FROM meeting_minutes m JOIN meeting ON "
                              "meeting.id = m.meeting_id WHERE meeting.plan_id = :p "
                              "ORDER BY m.id LIMIT 1", p=plan)


PUBLIC_PAGES = ["/login", "/tilgjengelighet", "/invitasjon/ugyldig-lenke"]


# resolves once every running CSS transition and (finite) animation of the page has finished
TRANSITIONS_DONE = """() => Promise.all(document.getAnimations()
  .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
  .map(a => a.finished.catch(() => null)))"""
# resolves after the next frame was laid out and painted
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _settle(page: Page) -> None:
    expect(page.locator("h1").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text(LOADING)).to_have_count(0, timeout=20_000)


def _check(page: Page, label: str) -> list[str]:
    """Everything wrong with the page as it is now, as readable lines."""
    page.evaluate(TRANSITIONS_DONE)  # a dialog or card that just opened has finished opening
    problems = [f"{label}: axe {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
                for v in page.evaluate(RUN_AXE, WCAG_TAGS)]
    found = page.evaluate(HEADINGS)
    levels = found["page"]
    if levels.count(1) != 1:
        problems.append(f"{label}: {levels.count(1)} h1 headings (want exactly one)")
    if found["dialog"] is not None:
        dialog = found["dialog"]
        if not dialog or dialog.count(dialog[0]) != 1 or min(dialog) != dialog[0]:
            problems.append(f"{label}: the dialog needs one top heading (has {dialog})")
        levels = levels + [None] + dialog  # the dialog's own order is checked apart
    for before, after in zip(levels, levels[1:]):
        if before is not None and after is not None and after > before + 1:
            problems.append(f"{label}: heading level jumps from h{before} to h{after}")
    vp = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    page.evaluate(NEXT_FRAME)  # laid out again at the new width
    try:  # components that measure themselves (Aksel's) settle a few frames later
        page.wait_for_function("() => document.documentElement.scrollWidth <= 320",
                               timeout=3000)
    except PlaywrightTimeoutError:
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        problems.append(f"{label}: scrolls sideways at 320 px (content is {wide} px wide)")
    page.set_viewport_size(vp)
    CHECKED.append(label)
    return problems


def _context(browser: Browser, browser_context_args):
    assert AXE.exists(), "axe-core missing: run `make setup`"
    ctx = browser.new_context(**browser_context_args)
    ctx.add_init_script(path=str(AXE))
    return ctx


def _login(page: Page, app, username: str) -> None:
    login_page(page, app.url, username)
    _settle(page)


def _open_states(page: Page, role: str, path: str, app) -> list[str]:
    """The same page with what people open on it: dialogs, a card, the language menu."""
    problems: list[str] = []
    if role == "person" and path == "/":
        page.get_by_role("region", name="Tiltak og aktiviteter").locator(
            "button[aria-expanded=false]").first.click()
        problems += _check(page, f"{role} {path} [tiltak card open]")
        page.locator(".lang-summary").click()
        problems += _check(page, f"{role} {path} [language menu open]")
        page.locator(".lang-summary").click()
        page.get_by_role("button", name="Legg til egen aktivitet").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        problems += _check(page, f"{role} {path} [add activity dialog]")
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)
        page.get_by_role("button", name="Endre målet").first.click()
        expect(page.get_by_role("dialog")).to_be_visible()
        problems += _check(page, f"{role} {path} [edit goal dialog]")
        page.keyboard.press("Escape")
    if role == "koordinator" and path == "/samarbeidsavtale":
        page.get_by_role("region", name="Tidligere versjoner").locator("summary").first.click()
        problems += _check(page, f"{role} {path} [earlier version open]")
        page.get_by_role("group", name="Mentor").get_by_label("Merknad (valgfritt)").fill(
            "x" * 301)
        page.get_by_role("button", name="Lagre ny versjon").click()
        expect(page.get_by_text("Merknaden kan ha høyst 300 tegn.")).to_be_visible()
        problems += _check(page, f"{role} {path} [error shown]")
    if role == "person" and path.endswith("/vedtak"):
        page.get_by_role("button", name="Klag på vedtaket").first.click()
        page.get_by_role("button", name="Send klagen").click()
        expect(page.get_by_text("Skriv hva du er uenig i.")).to_be_visible()
        problems += _check(page, f"{role} {path} [klage form with errors]")
    if role == "koordinator" and path.endswith("/vedtak"):
        page.get_by_role("button", name="Lagre utkast").click()
        expect(page.get_by_text("Skriv hva som er bestemt.")).to_be_visible()
        problems += _check(page, f"{role} {path} [draft form with errors]")
    if role == "koordinator" and path.endswith("/program"):
        page.get_by_role("button", name="Legg til fase").click()
        expect(page.get_by_label("Navn på fase 5")).to_be_visible()
        problems += _check(page, f"{role} {path} [phase added]")
    if role == "veileder" and path.startswith("/plan/") and path.count("/") == 2:
        page.get_by_role("button", name="Nytt tiltak").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        problems += _check(page, f"{role} {path} [new tiltak dialog]")
        page.keyboard.press("Escape")
        # Emil's plan: the IPS team as one group, an earlier text open, the edit dialog
        page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'emil')}")
        _settle(page)
        people = page.get_by_role("region", name="Hvem gjør hva")
        people.get_by_text("Tidligere versjoner").first.click()
        problems += _check(page, f"{role} /plan/<emil> [IPS team, earlier texts open]")
        people.get_by_role("button", name="Endre hva Jonas Lie gjør").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        problems += _check(page, f"{role} /plan/<emil> [edit contribution dialog]")
        page.keyboard.press("Escape")
    if role == "koordinator" and path.startswith("/plan/") and path.count("/") == 2:
        meetings = page.get_by_role("region", name="Møter")
        meetings.locator("summary").filter(has_text="Tidligere møter").click()
        problems += _check(page, f"{role} {path} [past meetings open]")
        page.get_by_role("button", name="Nytt møte").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        problems += _check(page, f"{role} {path} [new meeting dialog]")
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)
        meetings.get_by_role("button", name="Flytt møtet").first.click()
        expect(page.get_by_role("dialog")).to_be_visible()
        problems += _check(page, f"{role} {path} [move meeting dialog]")
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)
        page.get_by_role("region", name="Hvem gjør hva").get_by_role(
            "button", name="Endre hva Siri Dahl gjør").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        problems += _check(page, f"{role} {path} [edit contribution dialog]")
        page.keyboard.press("Escape")
    if role == "koordinator" and path == "/ny-plan":
        page.get_by_role("button", name="Søk").click()
        expect(page.get_by_text("Skriv minst to bokstaver.")).to_be_visible()
        problems += _check(page, f"{role} {path} [search error]")
        page.get_by_label("Navn, fødselsdato eller fødselsnummer").fill("Amina")
        page.get_by_role("button", name="Søk").click()
        expect(page.get_by_role("list", name="Treff")).to_be_visible()
        problems += _check(page, f"{role} {path} [hits]")
        page.get_by_role("button", name="Personen er ikke i listen").click()
        page.get_by_role("button", name="Start planen").click()
        expect(page.get_by_text("Skriv navnet til personen.")).to_be_visible()
        problems += _check(page, f"{role} {path} [form with errors]")
    if role == "koordinator" and path.endswith("/ansvarsgruppe"):
        page.get_by_label("Navnet til den ansatte").fill("Jonas")
        page.get_by_role("button", name="Søk").click()
        page.get_by_role("button", name="Velg Jonas Lie").click()
        page.get_by_role("button", name="Send forespørselen til Amina Yusuf").first.click()
        expect(page.get_by_text("Velg minst én ting hen skal få se.").first).to_be_visible()
        page.locator("summary").first.click()
        problems += _check(page, f"{role} {path} [invite form with errors, a member open]")
    if role == "administrator" and path == "/ansatte":
        page.get_by_role("button", name="Lag bruker").click()
        expect(page.get_by_text("Velg minst én rolle.")).to_be_visible()
        page.locator("summary").first.click()
        problems += _check(page, f"{role} {path} [errors, a staff member open]")
    if role in ("person", "koordinator") and path.endswith("/referat"):
        earlier = page.get_by_text("Tidligere versjoner")
        if earlier.count():  # after another test wrote a second version
            earlier.first.click()
        problems += _check(page, f"{role} {path} [earlier texts open]")
    if role == "koordinator" and path.endswith("/referat"):  # a refused change: nothing saved
        row = page.get_by_role("group", name="Endring 1")
        row.get_by_role("combobox", name="Tiltak").select_option(index=1)
        page.get_by_role("button", name="Lagre referatet").click()
        expect(row.get_by_text("Velg en ny status fra listen.")).to_be_visible()
        problems += _check(page, f"{role} {path} [a change refused at its field]")
    if role == "veileder" and path.endswith("/samtalereferat"):
        page.get_by_role("button", name="Lagre referatet").click()
        expect(page.get_by_text("Skriv hva samtalen handlet om.")).to_be_visible()
        problems += _check(page, f"{role} {path} [form with errors]")
    if role == "veileder" and path == "/":
        page.get_by_role("radio", name=re.compile("Til oppfølging")).click()
        expect(page.get_by_text("Dette venter på deg hos personene du følger.")).to_be_visible()
        problems += _check(page, f"{role} {path} [Til oppfølging]")
    if role == "tjenesteyter" and path.startswith("/plan/") and path.count("/") == 2:
        page.get_by_role("region", name="Hvem gjør hva").get_by_role(
            "button", name="Endre hva du gjør").click()
        expect(page.get_by_role("dialog")).to_be_visible()
        problems += _check(page, f"{role} {path} [edit own contribution dialog]")
        page.keyboard.press("Escape")
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_has_no_wcag_violations(browser: Browser, browser_context_args, app, role):
    ctx = _context(browser, browser_context_args)
    problems: list[str] = []
    try:
        page = ctx.new_page()
        _login(page, app, ROLES[role])
        for path in _pages(app, role):
            page.goto(app.url + path)
            _settle(page)
            problems += _check(page, f"{role} {path}")
            problems += _open_states(page, role, path, app)
    finally:
        ctx.close()
    assert problems == [], "\n".join(problems)


def test_kontorsperre_and_the_ip_check_without_a_plan(browser: Browser, browser_context_args,
                                                      app):
    """Issue 19's last parts: the NAV office's kontorsperre on /ansatte (a reason missing),
    and the right-to-IP check of a person without a plan (answered, its outcome shown)."""
    person = person_without_plan(app.db_url, "Tilde Aksnes", date(1999, 9, 9))
    problems: list[str] = []
    for username, path in (("navadmin", "/ansatte"), ("veileder", f"/ip-rett/{person}")):
        ctx = _context(browser, browser_context_args)
        try:
            page = ctx.new_page()
            _login(page, app, username)
            page.goto(app.url + path)
            _settle(page)
            problems += _check(page, f"{username} {path}")
            if username == "navadmin":
                office = page.get_by_role("region", name="Kontorsperre")
                office.get_by_role("button", name="Sett kontorsperre for Amina Yusuf").click()
                expect(office.get_by_text("Skriv hvorfor.")).to_be_visible()
                problems += _check(page, f"{username} {path} [kontorsperre, a reason missing]")
            else:
                for q in ("Trenger personen tjenester over tid?",
                          "Trenger personen tjenester fra to eller flere tjenesteytere?"):
                    page.get_by_role("radiogroup", name=q).get_by_role("radio", name="Ja").click()
                expect(page.get_by_text("Tilde Aksnes har ingen plan her ennå.",
                                        exact=False)).to_be_visible()
                problems += _check(page, f"{username} {path} [no plan, answered]")
        finally:
            ctx.close()
def test_the_wide_plan_with_its_board_has_no_wcag_violations(browser: Browser,
                                                            browser_context_args, app):
    """Staff at 1280 × 800 (issue 21.2): the board of tiltak by status and the side panel,
    with a tiltak open in the panel, a "Flytt til" menu open and a refused move shown."""
    _measure, title = new_measure(app.db_url, agreed=True)
    ctx = _context(browser, browser_context_args)
    problems: list[str] = []
    try:
        page = ctx.new_page()
        page.set_viewport_size({"width": 1280, "height": 800})
        _login(page, app, "koordinator")
        page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
        _settle(page)
        board = page.get_by_role("region", name="Tiltak etter status")
        expect(board).to_be_visible()
        problems += _check(page, "koordinator /plan/<amina> [wide, board]")
        card = board.get_by_role("listitem").filter(has_text=title)
        card.get_by_role("button", name=title).click()
        card.get_by_role("button", name="Flytt til …").click()
        expect(page.get_by_role("complementary").get_by_role("heading", name=title)
               ).to_be_visible()
        problems += _check(page, "koordinator /plan/<amina> [wide, panel and menu open]")
        card.get_by_role("button", name="Avbrutt").click()
        expect(card.get_by_text("Skriv en kort begrunnelse")).to_be_visible()
        problems += _check(page, "koordinator /plan/<amina> [wide, refused move]")
    finally:
        ctx.close()
    assert problems == [], "\n".join(problems)


def test_person_pages_in_ukrainian(browser: Browser, browser_context_args, app):
    """Longer words and another script: the person's pages in Ukrainian, same checks."""
    ctx = _context(browser, browser_context_args)
    problems: list[str] = []
    execute(app.db_url, "UPDATE account SET preferred_language = 'uk' WHERE username = 'amina'")
    try:
        page = ctx.new_page()
        _login(page, app, "amina")
        expect(page.get_by_role("heading", level=1)).to_have_text("Мій план")
        for path in ["/", "/samtykker", "/tilgangslogg", "/tilgjengelighet"]:
            page.goto(app.url + path)
            _settle(page)
            # the prerendered page starts in bokmål; wait until the language has arrived
            page.wait_for_function("() => document.documentElement.lang === 'uk'",
                                   timeout=20_000)
            expect(page.locator("h1").first).to_have_text(re.compile("[\u0400-\u04ff]"))  # Cyrillic
            problems += _check(page, f"person (uk) {path}")
    finally:
        execute(app.db_url, "UPDATE account SET preferred_language = 'nb' "
                            "WHERE username = 'amina'")
        ctx.close()
    assert problems == [], "\n".join(problems)


def test_public_pages_have_no_wcag_violations(browser: Browser, browser_context_args, app):
    ctx = _context(browser, browser_context_args)
    problems: list[str] = []
    try:
        page = ctx.new_page()
        for path in PUBLIC_PAGES:
            page.goto(app.url + path)
            _settle(page)
            problems += _check(page, f"logged out {path}")
        page.goto(app.url + "/login?feil=wrong")  # with the error message showing
        _settle(page)
        problems += _check(page, "logged out /login?feil=wrong")
    finally:
        ctx.close()
    assert problems == [], "\n".join(problems)
    version = json.loads((AXE.parent / "package.json").read_text())["version"]
    print(f"\naxe-core {version}: {len(CHECKED)} page states checked "
          f"({len(set(c.split(' [')[0] for c in CHECKED))} pages x roles)")


def test_the_check_finds_violations(browser: Browser, browser_context_args, app):
    """Guards the test itself: a page with known faults must be reported."""
    ctx = _context(browser, browser_context_args)
    try:
        page = ctx.new_page()
        page.goto(app.url + "/login")
        _settle(page)
        page.wait_for_timeout(1500)  # hydration done: React would drop nodes added before
        page.evaluate("""() => {
          const main = document.querySelector('main');
          const img = document.createElement('img'); img.src = 'data:,'; main.append(img);
          const h = document.createElement('h1'); h.textContent = 'x'; main.append(h);
          const wide = document.createElement('div'); wide.style.width = '400px';
          wide.textContent = 'w'; main.append(wide);
        }""")
        expect(page.locator("main img")).to_have_count(1)
        problems = "\n".join(_check(page, "faulty /login"))
    finally:
        ctx.close()
        CHECKED.pop()
    assert "axe image-alt" in problems
    assert "2 h1 headings" in problems
    assert "scrolls sideways at 320 px" in problems
