"""Playwright (sync API) in Debian's Chromium against the live server, for the apps' `test_browser.py` journeys.

Registered for the whole suite by the root conftest. Fixtures: `browser` (one Chromium per test module),
`new_page` (a factory of pages, each in a fresh context: no cookies) and `page` (one desktop page). Every page is
in China's time zone and language, refuses hosts other than the live server, and the test fails if a page asked for
one or raised a JavaScript error. Helpers: `sign_in`, `draw_signature`.

Nothing is skipped at import: a test that asks for a browser is skipped when Chromium, the vendored static files
or the playwright package are missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor"
VENDOR_FILES = (VENDOR / "htmx" / "htmx.min.js", VENDOR / "bootstrap" / "bootstrap.min.css")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PASSWORD = "pw-Secret-123"  # noqa: S105 (the root conftest's make_user password)
TIMEOUT_MS = 15_000
DESKTOP = {"width": 1280, "height": 900}
# new_page(**PHONE): a phone-sized touch screen
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """One Chromium for the test module.

    Playwright's sync API runs an event loop in this thread while the browser is open. The ORM calls of the tests
    and fixtures are still synchronous, so DJANGO_ALLOW_ASYNC_UNSAFE is set meanwhile; and the ORM hands out new
    connection objects, which lack the copy of the migrated reference data (SLA table, regions, seeded checklists)
    that `serialized_rollback` restores after each flush: they get the copy taken before the browser started.
    """
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    if not all(path.exists() for path in VENDOR_FILES):
        pytest.skip(
            "aftersales/web/static/vendor/ is missing: run `npm ci --no-audit --no-fund && "
            ".venv/bin/python scripts/vendor_static.py`"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    from django.db import connections

    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(viewport=DESKTOP, timeout_ms=TIMEOUT_MS, **context_options) → a page in a fresh context.

    The context options go to `browser.new_context` (`new_page(**PHONE)` for a phone). At the end of the test the
    contexts close, and the test fails if any page asked for an outside host, raised a JavaScript error or had
    something refused by the Content-Security-Policy.
    """
    contexts, outside, errors = [], [], []

    def guard(route):
        if route.request.url.startswith(live_server.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    def make(viewport=None, *, timeout_ms=TIMEOUT_MS, **options):
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport or DESKTOP, **options
        )
        context.set_default_timeout(timeout_ms)
        context.route("**/*", guard)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # A script, style or frame the Content-Security-Policy refuses is reported on the console: a failure too.
        page.on(
            "console",
            lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None,
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert outside == [], "the page asked for something outside the server"  # noqa: S101
    assert errors == [], "the page raised JavaScript errors"  # noqa: S101


@pytest.fixture
def page(new_page):
    """A desktop page in a fresh context (see `new_page`)."""
    return new_page()


def sign_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form (the root conftest's make_user password unless told)."""
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("#login-submit")
    page.wait_for_load_state()


def draw_signature(page) -> None:
    """Draw a zigzag on the signature canvas (#signature-pad)."""
    pad = page.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y = box["x"] + 30, box["y"] + box["height"] * 0.6
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + step * 10, y - 30 * ((step % 6) / 5), steps=2)
    page.mouse.up()
