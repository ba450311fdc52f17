"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).

Without Chromium these tests skip with a reason, unless REQUIRE_BROWSER=1
(CI), where a missing browser is a failure. Every page is also watched for
Content-Security-Policy violations and JavaScript errors, which fail the test.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core-4.14.1.min.js"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by fixtures are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(
                f"REQUIRE_BROWSER is set but {CHROMIUM} is missing: apt-get install chromium"
            )
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class PageProblems(list):
    """CSP violations and uncaught errors seen while the test ran."""


def _open(browser, *, viewport, locale="lt-LT", bypass_csp=False):
    context = browser.new_context(viewport=viewport, locale=locale, bypass_csp=bypass_csp)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = PageProblems()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.problems = problems
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A desktop browser tab; fails the test if the page broke the CSP or threw."""
    context, tab = _open(browser, viewport=DESKTOP)
    yield tab
    problems = list(tab.problems)
    context.close()
    assert not problems, problems


@pytest.fixture
def phone(browser, live_server):
    context, tab = _open(browser, viewport=PHONE)
    yield tab
    problems = list(tab.problems)
    context.close()
    assert not problems, problems


@pytest.fixture
def axe_page(browser, live_server):
    """A tab that may inject axe-core (our CSP would block the injected script)."""
    context, tab = _open(browser, viewport=DESKTOP, bypass_csp=True)
    yield tab
    context.close()


def serious_violations(tab, url: str) -> list[str]:
    """Open `url` and return axe-core's serious and critical violations, readable."""
    tab.goto(url)
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['impact']}: {v['id']} — {v['help']} @ {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]


def page_is_narrower_than_viewport(tab) -> bool:
    """True when nothing makes the page scroll sideways (phone layouts)."""
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
