"""Plain language on the rendered pages (issue 20): LIX ≤ 35 on every page a person or a
guardian can reach, with people's own words left out.

Each account logs in and follows the links from its first screen, and from the pages
those lead to (one page per route: /dialog/7 and /dialog/9 are the same page). On each
page the visible text of <main> is read line by line; the words people stored (every
free-text column in the database: goals, tiltak, messages, meeting topics, names ...)
are taken out, and LIX is computed with the catalogue test's function
(tests/utils/lix.py). Fails above 35 on any page, and prints every page's figure."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect
from sqlmodel import SQLModel

import ip_app.kernel.models  # noqa: F401  (the tables, for their columns)
from ip_app.kernel.i18n import LANGUAGES, catalogue
from tests.utils.browser import signed_in
from tests.utils.db import execute, query, scalar
from tests.utils.lix import MAX_LIX, lix, long_words

ACCOUNTS = ["amina", "emil", "noah", "foresatt"]  # foresatt: Lene, Noah's mother
LOADING = re.compile("|".join(re.escape(catalogue(lang)["common.loading"]) for lang in LANGUAGES))
SKIP = ("/logout", "/auth/", "/login", "/api/", "/_")  # not pages to read
MAX_PAGES = 25  # one account reaches about 10-15 routes; more means the crawl went astray
SHORTEST = 4  # stored values shorter than this ("Ja") are left in the text
CODE = re.compile(r"[a-z_,]+")  # a stored key ("veileder", "goals,measures"), not words


def _free_text_columns() -> list[tuple[str, str]]:
    """(table, column) of every column that holds what people typed: Text columns, and
    strings long enough for a name or a title (codes and keys are short)."""
    out = []
    for table in SQLModel.metadata.sorted_tables:
        for col in table.columns:
            # sqlmodel's AutoString is a TypeDecorator over String: it has a length too
            length = getattr(col.type, "length", None) or 0
            if isinstance(col.type, sa.Text) or length >= 100:
                out.append((table.name, col.name))
    return out


def people_words(db_url: str) -> tuple[list[str], re.Pattern]:
    """What people stored (longest first, to be cut out whole) and a pattern for the words
    of their names (also in the genitive: "Aminas", "Lars'")."""
    values: set[str] = set()
    for table, column in _free_text_columns():
        for (v,) in query(db_url, f'SELECT DISTINCT "{column}" FROM "{table}"'):
            if isinstance(v, str):
                values.update(p.strip() for p in v.splitlines()
                              if len(p.strip()) >= SHORTEST and not CODE.fullmatch(p.strip()))
    names = {w for (n,) in query(db_url, "SELECT display_name FROM account "
                                         "UNION SELECT name FROM organisation")
             for w in re.findall(r"[^\W\d_]+", n) if len(w) >= 2}
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names), key=len,
                                                        reverse=True)) + r")(?:s|')?\b")
    return sorted(values, key=len, reverse=True), pattern


def interface_lines(text: str, stored: list[str], names: re.Pattern) -> list[str]:
    """The page's lines with people's own words taken out."""
    for value in stored:
        if value in text:
            text = text.replace(value, " ")
    text = names.sub(" ", text)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _settle(page: Page) -> None:
    expect(page.locator("h1").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text(LOADING)).to_have_count(0)


def _route(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", path)


def _links(page: Page, base: str) -> list[str]:
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    out = []
    for h in hrefs:
        u = urlparse(h)
        if (f"{u.scheme}://{u.netloc}" != base or u.path.startswith(SKIP)
                or "." in u.path.rsplit("/", 1)[-1]):  # a file (.ics, .pdf), not a page
            continue
        out.append(u.path.rstrip("/") or "/")
    return out


def test_people_words_are_found():
    lines = interface_lines("Aminas mål\nJeg vil jobbe\nSkriv til Kari",
                            ["Jeg vil jobbe"], re.compile(r"\b(?:Amina|Kari)(?:s|')?\b"))
    assert lines == ["mål", "Skriv til"]


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_page_reads_plainly(browser: Browser, app, username, lang):
    stored, names = people_words(app.db_url)
    before = scalar(app.db_url, "SELECT preferred_language FROM account WHERE username = :u",
                    u=username)
    execute(app.db_url, "UPDATE account SET preferred_language = :l WHERE username = :u",
            l=lang, u=username)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    page = signed_in(context.new_page(), app.url, username)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    base = app.url.rstrip("/")
    seen: dict[str, str] = {}  # route -> the path visited
    queue = ["/"]
    figures: list[tuple[str, float, dict]] = []
    try:
        while queue and len(seen) < MAX_PAGES:
            path = queue.pop(0)
            if _route(path) in seen:
                continue
            seen[_route(path)] = path
            page.goto(base + path)
            _settle(page)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            text = page.locator("main").inner_text()
            lines = interface_lines(text, stored, names)
            figures.append((path, lix(lines), long_words(lines)))
            queue += [p for p in _links(page, base) if _route(p) not in seen]
    finally:
        context.close()
        execute(app.db_url, "UPDATE account SET preferred_language = :l WHERE username = :u",
                l=before, u=username)
    for path, value, longest in figures:
        print(f"{username} {lang} {path}: LIX {value:.1f}  {list(longest.items())[:8]}")
    assert len(figures) >= 3, figures  # the first screen, and the pages it leads to
    too_hard = [(p, round(v, 1)) for p, v, _ in figures if v > MAX_LIX]
    assert not too_hard, too_hard
