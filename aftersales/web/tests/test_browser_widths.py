"""Every main page of every role fits its screen: 390 px (a phone) and 1440 px (a desktop), Chinese and English.

The database is what `aftersales setup` makes (the migrations' reference data and the demo data, loaded by the
`demo` command; the test database is already migrated). For each demo user the test signs in, takes the main
pages from the user's own menu (every link of the top menu and its dropdowns, so a new page in a menu is
covered without touching this test), and at each width measures the document: wider than the viewport fails.
A screenshot of each role's home page in both languages at both widths is written to var/screenshots/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings

from aftersales.core.testing.browser import sign_in

WIDTHS = (390, 1440)
LANGUAGES = ("zh-hans", "en")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# Pages reached from the menu that are not pages to look at (downloads, sign-out, the admin site).
SKIP = ("/admin/", "/logout/", ".pdf", ".xlsx", "export")
ADMIN_PASSWORD = "admin-Secret-2026"
MEASURE = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def demo(db, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("AFTERSALES_ADMIN_PASSWORD", ADMIN_PASSWORD)  # setup then writes no password file
    from aftersales.accounts.models import User

    call_command("setup", stdout=io.StringIO())  # what `make run` does: migrations (done), demo data, admin
    return list(
        User.objects.filter(is_active=True, is_superuser=False)
        .exclude(role="")
        .order_by("role", "id")
        .distinct()
        .values_list("username", "role")
    )


def _menu_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav.app-navbar a.nav-link[href], nav.app-navbar a.dropdown-item[href]",
        "els => els.map(e => e.getAttribute('href'))",
    )
    seen, links = set(), []
    for href in hrefs:
        if not href or not href.startswith("/") or any(s in href for s in SKIP) or href in seen:
            continue
        seen.add(href)
        links.append(href)
    return links


def _one_user_per_role(users):
    chosen = {}
    for username, role in users:
        chosen.setdefault(role, username)
    return sorted(chosen.items())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_main_page_of_every_role_fits_390_and_1440_px_in_chinese_and_english(new_page, live_server, demo):
    from aftersales.demo.loader import demo_password

    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide: list[str] = []
    visited = 0
    for role, username in [*_one_user_per_role(demo), ("superuser", "admin")]:
        for language in LANGUAGES:
            page = new_page(viewport={"width": 1440, "height": 900}, timeout_ms=20_000)
            page.on("dialog", lambda dialog: dialog.dismiss())  # a dialog would block the measurement
            page.context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
            sign_in(page, live_server, username, ADMIN_PASSWORD if username == "admin" else demo_password())
            home = page.url
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=str(SHOTS / f"{role}-{language}-{width}.png"), full_page=False)
            page.set_viewport_size({"width": 1440, "height": 900})
            links = _menu_links(page, live_server.url)
            for path in [home.removeprefix(live_server.url), *links]:
                page.goto(f"{live_server.url}{path}", wait_until="domcontentloaded")
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    document, viewport = page.evaluate(MEASURE)
                    visited += 1
                    if document > viewport:
                        too_wide.append(f"{role} {language} {width}px {path}: {document}px")
                page.set_viewport_size({"width": 1440, "height": 900})
            page.context.close()
    too_wide += _anonymous_pages(new_page, live_server)
    assert visited > 50
    (SHOTS / "too-wide.txt").write_text("\n".join(too_wide) + "\n", encoding="utf-8")
    assert too_wide == [], "\n".join(too_wide)


def _anonymous_pages(new_page, live_server) -> list[str]:
    """Pages without signing in (sign-in, warranty lookup, a QR label's fault form): they fit and carry the
    language switch."""
    from django.urls import reverse

    from aftersales.assets.models import Asset
    from aftersales.portal import labels

    asset = Asset.objects.order_by("id").first()
    qr = labels.label_url(asset).split("://", 1)[1].split("/", 1)[1]
    paths = [reverse("web:login"), reverse("warranty:lookup"), f"/{qr}"]
    too_wide = []
    for language in LANGUAGES:
        page = new_page(viewport={"width": 1440, "height": 900})
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert page.locator("#language-menu").count() == 1, path
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                document, viewport = page.evaluate(MEASURE)
                if document > viewport:
                    too_wide.append(f"anonymous {language} {width}px {path}: {document}px")
            page.set_viewport_size({"width": 1440, "height": 900})
        page.screenshot(path=str(SHOTS / f"qr-form-{language}.png"))
    return too_wide
