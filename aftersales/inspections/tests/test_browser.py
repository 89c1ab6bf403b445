"""One browser journey against the live server: an engineer lands on "my day", starts the planned inspection, goes
through the server's checklist on a phone-sized screen (each result saved with htmx), turns a hidden fault into a
service request, has the customer sign, and completes the inspection."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from aftersales.core.testing.browser import PHONE, draw_signature, sign_in


@pytest.fixture
def phone(new_page):
    """A phone-sized touch screen (see aftersales.core.testing.browser)."""
    return new_page(**PHONE)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_engineer_inspects_a_server_and_turns_a_fault_into_a_request(phone, live_server, make_user, customer, agent):
    # given: the engineer's planned quarterly inspection of the contract's server, due today
    from aftersales.assets import services as assets
    from aftersales.core import clock
    from aftersales.customers import services as customers
    from aftersales.inspections.models import Finding, Inspection
    from aftersales.plans import services as plans
    from aftersales.plans.models import WorkItem
    from aftersales.tickets.models import Ticket

    engineer = make_user("li.qiang", "engineer", first_name="强", last_name="李")
    contract = customers.contract_create(
        actor=agent,
        customer_id=customer.pk,
        number="HT-2026-001",
        name="运维服务",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2028, 12, 31),
    )
    server = assets.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor="戴尔",
        model="PowerEdge R750",
        serial="7XK2M93",
        purchased_on=dt.date(2026, 3, 1),
        category="服务器",
        contract_id=contract.pk,
    )
    plan = plans.service_plan_create(
        actor=agent,
        name="运维服务计划",
        contract_id=contract.pk,
        rules=[plans.RuleSpec(kind="quarterly_inspection", assignee_id=engineer.pk, asset_id=server.pk)],
    )
    item, _ = plans.work_item_create(
        source_key=f"plan:{plan.rules.get().pk}:today",
        kind="inspection",
        title="每季度上门巡检：合肥市第一人民医院信息科",
        due_on=clock.today(),
        assignee_id=engineer.pk,
        customer_id=customer.pk,
    )

    # when: the engineer signs in and lands on the day, then starts the inspection
    sign_in(phone, live_server, "li.qiang")
    phone.wait_for_url(re.compile(r"/plans/my-day/$"))
    phone.click(f'[data-start-inspection="{item.pk}"]')
    phone.wait_for_url(re.compile(r"/inspections/\d+/$"))
    rows = phone.locator("tr.finding-row")
    assert rows.count() == 9

    # and: every item is checked; the RAID check is an issue with a note
    for finding in Finding.objects.order_by("position"):
        choice = "issue" if finding.item_title == "硬盘状态(RAID)" else "ok"
        phone.click(f'label[for="f{finding.pk}-{choice}"]')
        phone.wait_for_selector(f'#finding-{finding.pk}[data-result="{choice}"]')
    raid = Finding.objects.get(item_title="硬盘状态(RAID)")
    phone.fill(f"#finding-{raid.pk} input[name=note]", "阵列降级，2号盘预警")
    phone.press(f"#finding-{raid.pk} input[name=note]", "Tab")
    # the row comes back from the server with the note in its value attribute (typing sets only the property)
    phone.wait_for_selector(f'#finding-{raid.pk} input[name=note][value="阵列降级，2号盘预警"]', state="attached")
    # and: the hidden fault becomes a request in one click
    phone.select_option(f"#finding-{raid.pk} select[name=severity]", "2")
    phone.click(f'[data-to-ticket="{raid.pk}"]')
    phone.wait_for_selector(f'[data-finding-ticket="{raid.pk}"]')
    # and: the customer signs the feedback form, the engineer completes the inspection
    phone.fill("#id_signer_name", "王主任")
    phone.select_option("#id_satisfaction", "5")
    draw_signature(phone)
    phone.click("#feedback-sign")
    phone.wait_for_selector("#inspection-signature img")
    phone.click("#inspection-complete")
    phone.wait_for_selector("#inspection-status:has-text('已完成')")

    # then
    ticket = Ticket.objects.get()
    assert phone.inner_text(f'[data-finding-ticket="{raid.pk}"]') == ticket.number
    assert (ticket.asset_id, ticket.severity, ticket.channel) == (server.pk, 2, "walk_in")
    assert ticket.title == "巡检发现：服务器 PowerEdge R750（7XK2M93）硬盘状态(RAID)异常"
    assert "阵列降级，2号盘预警" in ticket.description
    inspection = Inspection.objects.get()
    assert (inspection.status, inspection.signer_name, inspection.satisfaction) == ("completed", "王主任", 5)
    assert bytes(inspection.signature_png).startswith(b"\x89PNG")
    assert inspection.summary == "巡检完成：8项正常，1项异常，0项不适用"
    assert WorkItem.objects.get(pk=item.pk).done_by_id == engineer.pk
