"""Chromium, driven by Playwright, against the site served by a live test server.

The browser tests skip, with the reason, when Chromium is not installed;
`MASTHEAD_BROWSER_REQUIRED=1` (what CI sets) turns that into a failure, so a
CI machine without a browser cannot pass by skipping.

Every test runs against a transactional database (the live server answers
from another thread); `serialized_rollback` restores what the migrations
created (root page, home page, site, groups, the default workflow) after
each test's flush.

Playwright's synchronous API keeps an asyncio event loop registered on the
test thread while it runs. Django reacts in two ways: it refuses database
calls from that thread ("You cannot call this from an async context"), and
its connection registry, which is per task while a loop runs, hands the
thread a fresh connection. A fresh connection loses the serialized state
(the next test would start from an empty database) and, on SQLite's shared
in-memory database, takes table locks against the live server's
connection ("database table is locked"). So while Playwright runs, the test
thread is given back the connections it had, and `DJANGO_ALLOW_ASYNC_UNSAFE`
lets it arrange data and read it back, which it only does between browser
steps. Playwright starts after the database is ready for the test and stops
before it is flushed.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path(os.environ.get("MASTHEAD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("MASTHEAD_SCREENSHOTS", settings.BASE_DIR / "var" / "screenshots"))
# Playwright's default of 30 s per action hides a stuck step for too long; 15 s is
# ample for a local server even on a busy machine.
ACTION_TIMEOUT_MS = 15_000
VIEWPORT = {"width": 1280, "height": 900}


def browser_required() -> bool:
    return os.environ.get("MASTHEAD_BROWSER_REQUIRED", "").strip() not in ("", "0", "false", "no")


@pytest.fixture
def site_url(live_server, django_db_serialized_rollback):
    """The live server's address, with the migrated database restored for this test."""
    return live_server.url


@pytest.fixture
def chromium(site_url, monkeypatch):
    """A headless Chromium for one test (about a second to start); see the module docstring for why per test."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium, or set MASTHEAD_CHROMIUM)"
        if browser_required():
            pytest.fail(f"{reason}; MASTHEAD_BROWSER_REQUIRED is set, so the browser tests may not skip")
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    test_thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in test_thread_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def screenshot_folder():
    """var/screenshots/, without the failure screenshots of an earlier run."""
    shutil.rmtree(SCREENSHOTS / "failures", ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def new_context(chromium, site_url, screenshot_folder, request):
    """Opens a browser context: one person, with their own cookies (a reader, an editor, a reviewer).

    The test server does not serve uploaded media (DEBUG is off), so image
    requests are answered from MEDIA_ROOT here: photos show in the pages and
    in the screenshots, as they would behind the production web server.
    """
    contexts = []
    media_root = Path(settings.MEDIA_ROOT)

    def serve_media(route):
        relative = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?", 1)[0]
        path = (media_root / relative).resolve()
        if path.is_file() and media_root.resolve() in path.parents:
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="not found")

    def open_context(**options):
        context = chromium.new_context(base_url=site_url, **{"viewport": VIEWPORT, **options})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.route(f"{site_url}{settings.MEDIA_URL}**", serve_media)
        contexts.append(context)
        return context

    yield open_context
    if getattr(request.node, "browser_call_failed", False):
        # What each person's tab showed when the journey broke, for the CI log's reader.
        failures = screenshot_folder / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        for number, context in enumerate(contexts):
            for tab, page in enumerate(context.pages):
                page.screenshot(path=str(failures / f"{request.node.name}-{number}-{tab}.png"), full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def reader(new_context):
    """An anonymous reader's tab."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def screenshots(screenshot_folder):
    """Saves full-page screenshots into var/screenshots/ (ignored by git) for a person to look at.

    The admin scrolls inside its own panels rather than the window, which a
    plain full-page screenshot cuts at the window's height; the window is
    stretched to the tallest scrolling area first (which also loads lazy
    images below the fold), then put back.
    """

    def take(page, name):
        tallest = page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('body, body *'), (e) => e.scrollHeight))"
        )
        page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(tallest, VIEWPORT["height"]), 12_000)})
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshot_folder / f"{name}.png"), full_page=True)
        page.set_viewport_size(VIEWPORT)

    return take


@pytest.fixture
def newsroom(site_url):
    from tests.browser.newsroom import build_newsroom

    return build_newsroom(site_url)


@pytest.fixture
def editor_account(site_url):
    """Edna, who writes and submits stories but cannot publish them."""
    from tests.browser.newsroom import EDITOR_GROUPS, add_person

    return add_person("edna", "Edna", "Editor", EDITOR_GROUPS)


@pytest.fixture
def reviewer_account(site_url):
    """Rui, who approves or sends back what editors submit."""
    from tests.browser.newsroom import REVIEWER_GROUPS, add_person

    return add_person("rui", "Rui", "Reviewer", REVIEWER_GROUPS)


def log_in(page, user):
    from tests.browser.newsroom import PASSWORD

    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture
def editor_tab(new_context, editor_account):
    """The editor's tab, logged in to the admin."""
    return log_in(new_context().new_page(), editor_account)


@pytest.fixture
def reviewer_tab(new_context, reviewer_account):
    """The reviewer's tab, logged in to the admin."""
    return log_in(new_context().new_page(), reviewer_account)
