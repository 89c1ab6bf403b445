"""The demo's files and conversation in Chromium (issue 10), from a database made by `aftersales setup` alone:
the customer's portal request shows its photo and the conversation, our request pages show the photo, the PDF and
the conversation, the engineer's visit and inspection and the complaint show their photos; every one of these
pages fits 390 px and 1440 px in Chinese and English, and each photo is served (the downscaled JPEG)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.urls import reverse

from aftersales.core.testing.browser import sign_in

WIDTHS = (390, 1440)
LANGUAGES = ("zh-hans", "en")
MEASURE = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def demo(db, monkeypatch, settings, tmp_path):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path  # the demo's photos and PDF (the live server serves them from there)

    monkeypatch.setenv("AFTERSALES_ADMIN_PASSWORD", "admin-Secret-2026")  # setup then writes no password file
    from aftersales.demo.loader import demo_password

    call_command("setup", stdout=io.StringIO())
    return demo_password()


def _pages() -> dict[str, list[tuple[str, int]]]:
    """username → [(path, attachments expected on it)]"""
    from aftersales.attachments.models import Attachment

    by_kind = {}
    for a in Attachment.objects.order_by("id"):
        by_kind.setdefault(a.owner_kind, []).append(a)
    portal_photo = by_kind["ticket"][0]
    pdf = next(a for a in by_kind["ticket"] if a.content_type == "application/pdf")
    visit, inspection, complaint = by_kind["visit"][0], by_kind["inspection"][0], by_kind["complaint"][0]
    return {
        "hospital.user": [(reverse("customer:ticket", args=[portal_photo.owner_id]), 1)],
        "zhang.agent": [
            (reverse("tickets:detail", args=[portal_photo.owner_id]), 1),
            (reverse("tickets:detail", args=[pdf.owner_id]), 1),
            (reverse("complaints:detail", args=[complaint.owner_id]), 1),
        ],
        "li.engineer": [
            (reverse("dispatch:visit_detail", args=[visit.owner_id]), 1),
            (reverse("inspections:detail", args=[inspection.owner_id]), 1),
        ],
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_files_and_replies_show_and_fit_the_screen(new_page, live_server, demo):
    from aftersales.demo import attachments as demo_files

    too_wide, missing = [], []
    for username, pages in _pages().items():
        page = new_page(viewport={"width": 1440, "height": 900}, timeout_ms=30_000)
        sign_in(page, live_server, username, demo)
        for language in LANGUAGES:
            page.context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                for path, expected in pages:
                    response = page.goto(f"{live_server.url}{path}")
                    assert response.status == 200, (username, path, response.status)
                    page.wait_for_load_state("networkidle")
                    document, viewport = page.evaluate(MEASURE)
                    if document > viewport:
                        too_wide.append(f"{username} {path} {language} {width}px: {document}px")
                    if page.locator(".attachment-item").count() < expected:
                        missing.append(f"{username} {path}")
        # the files are served to whoever may see them: every thumbnail loaded (naturalWidth > 0), a PDF opens
        for path, _ in pages:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            sizes = []
            for img in page.locator(".attachment-item img").all():  # lazy: loaded once scrolled into view
                img.scroll_into_view_if_needed()
                sizes.append(img.evaluate("e => e.decode().then(() => e.naturalWidth, () => 0)"))
            assert all(sizes), (username, path, sizes)
            if not sizes:  # the PDF
                href = page.locator(".attachment-item a[href]").first.get_attribute("href")
                served = page.request.get(f"{live_server.url}{href}")
                assert served.status == 200
                assert served.headers["content-type"] == "application/pdf"
                assert served.body().startswith(b"%PDF-")
        if username == "hospital.user":
            text = page.inner_text("main")
            assert demo_files.CUSTOMER_ASKS in text
            assert demo_files.AGENT_ANSWERS in text
        if username == "zhang.agent":
            page.goto(f"{live_server.url}{pages[0][0]}")
            assert demo_files.CUSTOMER_ASKS in page.inner_text("#ticket-replies")
    assert too_wide == []
    assert missing == []
