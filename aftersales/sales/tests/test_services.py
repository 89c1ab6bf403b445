"""Services of the pipeline and of the installation project, and the acceptance → warranty → plan chain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from aftersales.core.errors import DomainError
from aftersales.sales import services
from aftersales.sales.tests.conftest import png_data_url

pytestmark = pytest.mark.django_db


def test_a_proposal_cannot_go_out_before_the_analyses_and_nothing_changes(now, seller, make_opportunity):
    # given
    opportunity = make_opportunity(need="监测点不足")
    proposal = services.proposal_create(actor=seller, opportunity_id=opportunity.pk, title="方案", body="初稿")
    # when
    with pytest.raises(services.GateError) as refused:
        services.proposal_send(actor=seller, proposal_id=proposal.pk)
    # then
    assert [m.code for m in refused.value.missing] == ["benefit_analysis", "difference_assessment"]
    assert refused.value.status == 409
    proposal.refresh_from_db()
    assert (proposal.status, proposal.sent_at, proposal.version) == ("draft", None, 1)


def test_a_new_version_after_the_customers_remarks_makes_the_proposal_a_draft_again(now, seller, negotiating):
    # given: the approved proposal of the fixture
    proposal = negotiating.proposals.get()
    # when
    version = services.proposal_version_add(actor=seller, proposal_id=proposal.pk, body="第二稿", note="按客户意见修改")
    # then
    proposal.refresh_from_db()
    assert (version.number, proposal.status, proposal.reviewed_by) == (2, "draft", "")
    assert list(proposal.versions.values_list("number", flat=True)) == [1, 2]


def test_a_decision_maker_must_be_a_contact_of_the_same_customer(now, seller, make_opportunity, agent):
    # given
    from aftersales.customers import services as customers

    opportunity = make_opportunity(need="x")
    stranger = customers.customer_create(actor=agent, name="别家医院", address="合肥市蜀山区长江西路1号")
    foreign = customers.contact_create(actor=agent, customer_id=stranger.pk, name="外人")
    # when / then
    with pytest.raises(DomainError) as refused:
        services.buying_member_add(
            actor=seller, opportunity_id=opportunity.pk, role="decision_maker", contact_id=foreign.pk
        )
    assert refused.value.code == "unknown_reference"
    assert opportunity.buying_centre.count() == 0


def test_a_new_contact_named_in_the_buying_centre_joins_the_customers_archive(now, seller, make_opportunity, hospital):
    # given
    opportunity = make_opportunity()
    # when
    member = services.buying_member_add(
        actor=seller,
        opportunity_id=opportunity.pk,
        role="purchasing",
        contact_name="刘经理",
        contact_phone="13900000000",
    )
    # then
    assert (member.contact.customer_id, member.contact.name, member.role) == (hospital.pk, "刘经理", "purchasing")


def test_a_lost_deal_keeps_its_reason_and_cannot_move(now, seller, make_opportunity):
    # given
    opportunity = make_opportunity(need="x")
    # when
    services.opportunity_lose(actor=seller, opportunity_id=opportunity.pk, reason="价格过高", competitor="甲公司")
    # then
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.outcome_reason) == ("lost", "价格过高（甲公司）")
    with pytest.raises(DomainError) as refused:
        services.opportunity_advance(actor=seller, opportunity_id=opportunity.pk, to="lead")
    assert refused.value.code == "opportunity_closed"


def test_a_salesperson_cannot_move_another_ones_opportunity(now, other_seller, make_opportunity):
    opportunity = make_opportunity(need="x")
    with pytest.raises(DomainError) as refused:
        services.opportunity_advance(actor=other_seller, opportunity_id=opportunity.pk, to="lead")
    assert refused.value.status == 404
    opportunity.refresh_from_db()
    assert opportunity.stage == "qualify"


def test_site_work_needs_seven_days_notice_and_tells_the_customer_and_the_engineer(
    now, manager, engineer, won, django_capture_on_commit_callbacks
):
    # given
    from aftersales.notifications.models import Notification
    from aftersales.plans.models import WorkItem

    installation = services.installation_create(actor=manager, contract_id=won.contract_id)
    # when: six days ahead is refused
    with pytest.raises(DomainError) as refused:
        services.site_task_schedule(
            actor=manager,
            installation_id=installation.pk,
            kind="installation",
            engineer_id=engineer.pk,
            scheduled_on=dt.date(2026, 12, 2),
        )
    # and: seven days ahead is scheduled
    with django_capture_on_commit_callbacks(execute=True):
        task = services.site_task_schedule(
            actor=manager,
            installation_id=installation.pk,
            kind="installation",
            engineer_id=engineer.pk,
            scheduled_on=dt.date(2026, 12, 3),
        )
    # then
    assert (refused.value.code, refused.value.params["earliest"]) == ("notice_too_short", "2026-12-03")
    assert (task.notified_on, task.notified_to) == (dt.date(2026, 11, 26), "wang@hospital.example")
    assert [m.to for m in mail.outbox] == [["wang@hospital.example"], ["eng1@example.com"]]
    assert "2026-12-03" in mail.outbox[0].body
    assert Notification.objects.filter(user=engineer, kind="planned_visit").count() == 1
    item = WorkItem.objects.get(source_key=f"sales-task:{task.pk}")
    assert (item.assignee_id, item.due_on) == (engineer.pk, dt.date(2026, 12, 3))


def test_acceptance_chain_assets_warranty_monthly_plan_and_trainings(
    now, engineer, ready_installation, django_capture_on_commit_callbacks
):
    """Signing creates the asset with accepted_on; its warranty starts the next day; the monthly inspection plan
    after acceptance starts the month after; trainings after acceptance, May and October are scheduled."""
    # given
    from aftersales.assets.models import Asset
    from aftersales.plans.models import PlanRule, WorkItem
    from aftersales.warranty import selectors as warranty

    # when
    with django_capture_on_commit_callbacks(execute=True):
        acceptance = services.acceptance_sign(
            actor=engineer,
            installation_id=ready_installation.pk,
            signed_on=dt.date(2026, 11, 20),
            customer_signatory="王主任",
            engineer_signatory="李强",
            customer_signature=png_data_url(),
            engineer_signature=png_data_url(),
        )
    # then: the asset
    asset = Asset.objects.get(serial="SN-ACC-0001")
    assert (asset.accepted_on, asset.customer_id, asset.contract_id, asset.project_warranty_months) == (
        dt.date(2026, 11, 20),
        ready_installation.customer_id,
        ready_installation.contract_id,
        36,
    )
    assert bytes(acceptance.customer_signature_png).startswith(b"\x89PNG")
    # and: the warranty counts from the next day
    on_signing_day = warranty.warranty_view(asset, dt.date(2026, 11, 20))
    next_day = warranty.warranty_view(asset, dt.date(2026, 11, 21))
    assert on_signing_day.warranty_start == next_day.warranty_start == dt.date(2026, 11, 21)
    assert next_day.decision.covered_until == dt.date(2029, 11, 20)
    # and: the monthly inspection plan after acceptance, its first item in December
    rule = PlanRule.objects.get(plan=acceptance.service_plan)
    assert (rule.kind, rule.asset_id, rule.assignee_id) == ("monthly_inspection", asset.pk, engineer.pk)
    first = WorkItem.objects.filter(source_key__startswith=f"plan:{rule.pk}:").order_by("due_on").first()
    assert (first.kind, first.due_on.month, first.assignee_id) == ("inspection", 12, engineer.pk)
    # and: trainings after acceptance (7 days' notice from today), then May and October
    trainings = list(ready_installation.trainings.values_list("kind", "scheduled_on"))
    assert trainings == [
        ("after_acceptance", dt.date(2026, 12, 3)),
        ("periodic", dt.date(2027, 5, 15)),
        ("periodic", dt.date(2027, 10, 15)),
    ]
    assert WorkItem.objects.filter(source_key__startswith="sales-training:", kind="training").count() == 3
    assert any("培训通知" in m.subject for m in mail.outbox)


def test_acceptance_updates_an_asset_already_registered_with_the_same_serial(now, engineer, agent, ready_installation):
    # given: the device was registered on delivery, without an acceptance date
    from aftersales.assets import services as assets
    from aftersales.assets.models import Asset

    existing = assets.asset_create(
        actor=agent,
        customer_id=ready_installation.customer_id,
        vendor="华为",
        model="KJ90X",
        serial="SN-ACC-0001",
        purchased_on=dt.date(2026, 10, 20),
    )
    # when
    services.acceptance_sign(
        actor=engineer,
        installation_id=ready_installation.pk,
        signed_on=dt.date(2026, 11, 20),
        customer_signatory="王主任",
        engineer_signatory="李强",
    )
    # then
    assert Asset.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.accepted_on, existing.contract_id, existing.version) == (
        dt.date(2026, 11, 20),
        ready_installation.contract_id,
        2,
    )


def test_acceptance_is_signed_once(now, engineer, ready_installation):
    kwargs = {
        "actor": engineer,
        "installation_id": ready_installation.pk,
        "signed_on": dt.date(2026, 11, 20),
        "customer_signatory": "王主任",
        "engineer_signatory": "李强",
    }
    services.acceptance_sign(**kwargs)
    with pytest.raises(services.GateError) as refused:
        services.acceptance_sign(**kwargs)
    assert [m.code for m in refused.value.missing] == ["already_accepted"]


def test_a_salesperson_may_not_sign_an_acceptance(now, seller, ready_installation):
    from aftersales.assets.models import Asset

    with pytest.raises(DomainError) as refused:
        services.acceptance_sign(
            actor=seller,
            installation_id=ready_installation.pk,
            signed_on=dt.date(2026, 11, 20),
            customer_signatory="王主任",
            engineer_signatory="李强",
        )
    assert refused.value.status == 403
    assert Asset.objects.count() == 0
