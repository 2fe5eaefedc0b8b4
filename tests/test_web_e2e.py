"""End to end in a real headless Chromium (Debian's `chromium`, driven by Playwright; no
browser download): search, facets, questions, cross-references, export, escaping."""

from __future__ import annotations

import csv
import os
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

def url_query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def base_url(probe_index):
    import greta_search as gs
    from greta_search.web.app import create_app
    from greta_search.web.server import BackgroundServer

    with BackgroundServer(create_app(gs.open_index(probe_index))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(base_url=base_url, accept_downloads=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    outside = []
    page.on("request", lambda r: None if r.url.startswith(base_url) else outside.append(r.url))
    yield page
    assert not outside, f"requests left this computer: {outside}"
    context.close()


def test_search_facet_question_cross_reference(page):
    page.goto("/")
    page.fill("#q", "victims referred to shelters")
    page.press("#q", "Enter")
    page.wait_for_selector(".hit cite.citation")
    citations = page.locator(".hit cite.citation").all_inner_texts()
    assert citations and all(c.startswith("GRETA(2023)11_AZE_rep") for c in citations)
    assert url_query(page)["q"] == ["victims referred to shelters"]  # the URL holds the query
    facet = page.locator("[data-facet=part] a").first
    part = facet.inner_text()
    facet.click()
    page.wait_for_url(re.compile(r"[?&]part="))
    assert all(f"Part {part}" in c for c in page.locator(".hit cite.citation").all_inner_texts())
    assert page.locator(".chip").first.inner_text().startswith("part:")
    page.fill("#q", "zebracorn")
    page.press("#q", "Enter")
    page.wait_for_selector("text=Whole question 25")
    page.click("text=Whole question 25")
    page.wait_for_url(re.compile(r"/question/25\b"))
    page.click("a.xref >> text=Question 24")
    page.wait_for_url(re.compile(r"/question/24\b"))
    assert page.locator("h1").first.inner_text().startswith("Q24.")


def test_live_results_without_pressing_enter(page):
    page.goto("/")
    page.type("#q", "labour inspections", delay=20)
    page.wait_for_selector(".hit cite.citation", timeout=10_000)
    page.wait_for_function("location.search.includes('inspections')")
    assert url_query(page)["q"] == ["labour inspections"]


def test_export_csv(page):
    page.goto("/?q=residence+permits&k=3")
    with page.expect_download() as download:
        page.click("a.export >> text=CSV")
    path = download.value.path()
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3 and all(r["citation"].startswith("GRETA(2023)11_AZE_rep") for r in rows)


def test_script_probe_renders_as_text(page):
    page.goto("/?q=" + "zebracorn %3Cscript%3Ealert(3)%3C%2Fscript%3E")
    page.wait_for_selector(".hit")
    text = page.locator(".hit .passage").first.inner_text()
    assert '<script>alert(1)</script>' in text and '"><img src=x onerror=alert(2)>' in text
    assert page.input_value("#q") == "zebracorn <script>alert(3)</script>"
    page.goto("/question/25")
    assert "<script>alert(1)</script>" in page.locator(".passage").first.inner_text()
    assert page.locator("img[src=x]").count() == 0
    assert page.dialogs == []


def test_copy_citation_button(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/?q=shelters")
    button = page.locator("button.copy").first
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == button.get_attribute("data-copy")


@pytest.fixture(scope="module")
def reports_url(report_index):
    import greta_search as gs
    from greta_search.web.app import create_app
    from greta_search.web.server import BackgroundServer

    with BackgroundServer(create_app(gs.open_index(report_index[0]))) as url:
        yield url


def test_kind_facet_and_recommendation_cards(browser, reports_url):
    """Search the reply and the reports, keep GRETA's recommendations with the kind facet:
    every card shows its kind and GRETA's strength; a proposal shows what it refers to."""
    context = browser.new_context(base_url=reports_url)
    page = context.new_page()
    page.goto("/?q=" + "authorities should identify victims&country=Azerbaïdjan")
    page.wait_for_selector(".hit .facts .kind")
    page.locator("[data-facet=kind] a", has_text="recommendation").click()
    page.wait_for_url(re.compile(r"[?&]kind=recommendation"))
    cards = page.locator(".hit")
    assert cards.count() > 0
    assert set(cards.locator(".facts .kind").all_inner_texts()) == {"recommendation"}
    strengths = cards.locator(".facts .strength").all_inner_texts()
    assert len(strengths) == cards.count()
    assert all(s in ("GRETA urges", "GRETA considers", "GRETA invites") for s in strengths)
    page.goto("/?q=victims&kind=proposal")
    page.wait_for_selector(".hit .facts .refers")
    refers = page.locator(".hit .facts .refers").all_inner_texts()
    assert refers and all(re.fullmatch(r"refers to ¶\d+(, ¶\d+)*", r) for r in refers)
    assert page.locator(".chip").first.inner_text().startswith("kind: proposal")
    context.close()


def test_compare_and_question_pages_show_kinds(browser, reports_url):
    """Compare GRETA's proposals across the reports: each column says it is a report, each
    passage its kind, GRETA's strength and the paragraphs it refers to; a question's page
    shows its passages' kinds in a reply."""
    context = browser.new_context(base_url=reports_url)
    page = context.new_page()
    page.goto("/compare?target=authorities+should+identify+victims&kind=proposal")
    columns = page.locator(".compare .column")
    assert columns.count() >= 2
    assert set(columns.locator(".meta .doctype").all_inner_texts()) == {"report"}
    assert set(columns.locator(".facts .kind").all_inner_texts()) == {"proposal"}
    strengths = columns.locator(".facts .strength").all_inner_texts()
    assert len(strengths) == columns.locator(".passage").count()
    assert all(s in ("GRETA urges", "GRETA considers", "GRETA invites") for s in strengths)
    refers = columns.locator(".facts .refers").all_inner_texts()
    assert refers and all(re.fullmatch(r"refers to ¶\d+(, ¶\d+)*", r) for r in refers)
    assert columns.locator(".facts .strength").first.is_visible()
    page.goto("/question/26")
    kinds = page.locator(".hit .facts .kind").all_inner_texts()
    assert kinds and set(kinds) <= {"text", "list", "table"}
    assert page.locator(".question .meta .doctype").first.inner_text() == "reply"
    context.close()
