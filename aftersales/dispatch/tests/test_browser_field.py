"""Journeys of the people in the field, from a database set up by `aftersales setup` alone (migrations and the
demo data; no fix-ups by an admin): the engineer on a 390 px phone records arrival, a photo, parts from the van
and the customer's signature; the warehouse sees the van's stock drop; a customer files a fault from a scanned QR
label and follows it on the portal. Screenshots go to var/screenshots/ for review.

The demo's engineer profiles, rota and dispatches come from aftersales/demo/desk.py; the van stock from the parts
demo (李强随车库).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from aftersales.core.testing.browser import PHONE, draw_signature, sign_in

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def demo(db, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("AFTERSALES_ADMIN_PASSWORD", "admin-Secret-2026")  # setup then writes no password file
    from aftersales.demo.loader import demo_password

    call_command("setup", stdout=io.StringIO())  # what `make run` does: migrations (done), demo data, admin
    return demo_password()


def _photo(tmp_path) -> Path:
    path = tmp_path / "fault.jpg"
    Image.new("RGB", (3000, 2000), (180, 40, 40)).save(path, format="JPEG")
    return path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_engineer_records_a_visit_on_a_phone_and_a_customer_files_from_a_qr_label(
    new_page, live_server, demo, tmp_path
):
    from aftersales.attachments.models import Attachment
    from aftersales.dispatch.models import Visit
    from aftersales.parts.models import Location, Stock

    SHOTS.mkdir(parents=True, exist_ok=True)
    van = Location.objects.get(kind="van", keeper__username="li.engineer")
    # when: 李强, on his phone, opens his work and the first dispatched request
    phone = new_page(**PHONE, timeout_ms=30_000)
    sign_in(phone, live_server, "li.engineer", demo)
    phone.goto(f"{live_server.url}/dispatch/my-day/")
    phone.screenshot(path=str(SHOTS / "journey-engineer-my-work-390.png"), full_page=True)
    assert phone.locator("[data-call]").count() + phone.locator("[data-navigate]").count() >= 1
    phone.locator("[data-visit-link]").first.click()
    # the visit page: the arrival button, or the report when he has arrived already (count() does not wait for
    # the navigation, so wait for either first: CI once counted the my-day page and skipped the arrival)
    phone.wait_for_selector("#arrive-button, #signature-pad")
    if phone.locator("#arrive-button").count():
        assert phone.locator("#call-contact, #navigate-site").count() >= 1
        phone.click("#arrive-button")
    phone.wait_for_selector("#signature-pad")
    visit = Visit.objects.filter(recorded_by__username="li.engineer").order_by("-id").first()
    # a photo from the camera input
    phone.set_input_files("input.attachment-camera", str(_photo(tmp_path)))
    phone.click(".attachment-submit")
    phone.wait_for_selector(".attachment-item img")
    # a part from the van (the form offers what the van holds) and the signature
    part_number = phone.eval_on_selector("#van-parts option", "o => o.value")
    stock = Stock.objects.get(location=van, part__part_number=part_number)
    before = stock.on_hand
    phone.fill("#id_work_done", "更换故障部件，设备恢复运行。")
    phone.fill("input[name=part_number]", part_number)
    phone.fill("input[name=part_quantity]", "1")
    if not phone.input_value("#id_signer_name"):
        phone.fill("#id_signer_name", "王主任")
    draw_signature(phone)
    phone.screenshot(path=str(SHOTS / "journey-engineer-report-390.png"), full_page=True)
    phone.click("#visit-save")
    phone.wait_for_selector("#visit-signature img, #repeat-parts-warning")  # the saved report, or the warning
    if phone.locator("#repeat-parts-warning").count():  # the demo request already had this part: confirm
        phone.check("#id_confirm_repeat_parts")
        draw_signature(phone)
        phone.click("#visit-save")
    phone.wait_for_selector("#visit-signature img")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # then: the photo is stored (shrunk), the report signed, and the van holds one less
    # (the newest: the demo's visit on an on-site request already holds a photo of 李强's)
    photo = Attachment.objects.filter(owner_kind="visit", owner_id=visit.pk).order_by("-id").first()
    assert (photo.content_type, max(photo.width, photo.height)) == ("image/jpeg", 1600)
    visit.refresh_from_db()
    assert visit.is_signed
    stock.refresh_from_db()
    assert stock.on_hand == before - 1

    # and: the warehouse sees it on the stock page of the van
    desk = new_page(timeout_ms=30_000)
    sign_in(desk, live_server, "qian.warehouse", demo)
    desk.goto(f"{live_server.url}/parts/?location={van.pk}")
    row = desk.locator(f'tr[data-stock-id="{stock.pk}"]')
    assert part_number in row.inner_text()
    assert row.locator("td").nth(3).inner_text().strip() == str(before - 1)
    desk.screenshot(path=str(SHOTS / "journey-warehouse-van-stock-1440.png"), full_page=True)

    # and (one database set-up for both journeys: the demo takes minutes on a busy machine)
    _customer_files_from_a_scanned_label_and_follows_the_request(new_page, live_server, demo)


def _customer_files_from_a_scanned_label_and_follows_the_request(new_page, live_server, demo):
    from aftersales.assets.models import Asset
    from aftersales.portal import labels
    from aftersales.tickets.models import Ticket

    SHOTS.mkdir(parents=True, exist_ok=True)
    asset = Asset.objects.filter(customer__name="合肥市第一人民医院信息科").order_by("id").first()
    url = labels.label_url(asset)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    # when: someone at the hospital scans the label with a phone (no account)
    phone = new_page(**PHONE, timeout_ms=30_000)
    phone.goto(f"{live_server.url}{path}")
    assert asset.serial in phone.inner_text("#qr-asset")
    phone.check("#id_urgency_stopped")
    phone.fill("#id_title", "机房服务器全部无法访问")
    phone.fill("#id_contact_name", "李文涛")
    phone.fill("#id_contact_phone", "13905516262")
    phone.screenshot(path=str(SHOTS / "journey-customer-qr-form-390.png"), full_page=True)
    phone.click("#qr-report-submit")
    phone.wait_for_selector("#qr-thanks")
    number = re.search(r"SR-\d{4}-\d{6}", phone.inner_text("#qr-thanks")).group(0)
    ticket = Ticket.objects.get(channel="qr", title="机房服务器全部无法访问")
    assert (ticket.number, ticket.severity, ticket.asset_id) == (number, 1, asset.pk)

    # and: the customer's user follows it on the portal and writes a reply
    portal = new_page(**PHONE, timeout_ms=30_000)
    sign_in(portal, live_server, "hospital.user", demo)
    portal.goto(f"{live_server.url}/portal/")
    card = portal.locator(".portal-row", has_text=number)
    assert card.locator(".portal-status").is_visible()
    card.click()
    portal.wait_for_selector("#customer-steps")
    text = portal.inner_text("main")
    for internal in ("提交时限", "可能重复", "层级"):
        assert internal not in text
    portal.fill("#id_body", "请尽快安排工程师")
    portal.click("#reply-submit")
    portal.wait_for_selector(".reply:has-text('请尽快安排工程师')")
    assert portal.evaluate("document.documentElement.scrollWidth") <= 390
    portal.screenshot(path=str(SHOTS / "journey-customer-request-390.png"), full_page=True)
