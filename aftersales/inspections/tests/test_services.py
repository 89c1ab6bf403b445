"""Inspections: the seeded checklists, starting from a planned work item, findings, a hidden fault turned into a
service request, the signed feedback form, completion completing the work item, and every refusal storing nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.errors import DomainError
from aftersales.inspections import services
from aftersales.inspections.models import ChecklistTemplate, Finding, Inspection
from aftersales.inspections.tests.conftest import NOW
from aftersales.plans.models import WorkItem
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def findings(inspection: Inspection) -> list[Finding]:
    return list(
        Finding.objects.filter(inspection_asset__inspection=inspection).order_by("inspection_asset_id", "position")
    )


def record_all(inspection: Inspection, actor, result: str = "ok") -> None:
    for finding in findings(inspection):
        services.finding_record(finding_id=finding.pk, actor=actor, result=result)


def test_the_migration_seeds_a_checklist_per_category():
    # then
    assert list(ChecklistTemplate.objects.values_list("category", flat=True)) == sorted(
        ["UPS", "交换机", "台式机", "存储", "打印机", "服务器", "路由器", "防火墙", "笔记本", "通用"]
    )
    server = ChecklistTemplate.objects.get(category="服务器")
    assert list(server.items.values_list("title", flat=True)) == [
        "指示灯状态",
        "风扇运转",
        "电源冗余",
        "硬盘状态(RAID)",
        "系统日志告警",
        "温度",
        "固件版本",
        "备份检查",
        "资源使用",
    ]


def test_starting_from_the_planned_work_item_takes_its_customer_contract_and_devices(
    planned, engineer, customer, contract, server, switch
):
    # when
    inspection, created = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    again, created_again = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    # then
    assert (created, created_again, again.pk) == (True, False, inspection.pk)
    assert (inspection.customer_id, inspection.contract_id, inspection.work_item_id, inspection.engineer_id) == (
        customer.pk,
        contract.pk,
        planned.pk,
        engineer.pk,
    )
    assert (inspection.inspected_on, inspection.status, inspection.number) == (
        dt.date(2026, 11, 26),
        "in_progress",
        f"XJ-2026-{inspection.pk:06d}",
    )
    rows = list(inspection.assets.order_by("id").values_list("asset_id", "template__category"))
    assert rows == [(switch.pk, "交换机"), (server.pk, "服务器")]
    assert len(findings(inspection)) == 9 + 9
    assert {f.result for f in findings(inspection)} == {"pending"}
    assert Inspection.objects.count() == 1


def test_a_device_without_its_own_checklist_gets_the_generic_one(now, engineer, customer, agent):
    from aftersales.assets import services as assets

    odd = assets.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor="海康威视",
        model="DS-2CD",
        serial="HK-1",
        purchased_on=dt.date(2026, 1, 1),
        category="摄像机",
    )
    inspection, _ = services.inspection_start(actor=engineer, customer_id=customer.pk, asset_ids=[odd.pk])
    assert [f.item_title for f in findings(inspection)] == [
        "外观与安装环境",
        "运行状态与指示灯",
        "告警与日志",
        "连接线缆",
        "清洁除尘",
        "用户反映的问题",
    ]


def test_only_inspecting_roles_start_inspections(now, agent, customer, server):
    with pytest.raises(DomainError) as refused:
        services.inspection_start(actor=agent, customer_id=customer.pk)
    assert refused.value.status == 403
    assert Inspection.objects.count() == 0


def test_a_device_of_another_customer_is_refused(now, engineer, customer, province_customer, agent):
    from aftersales.assets import services as assets

    foreign = assets.asset_create(
        actor=agent,
        customer_id=province_customer.pk,
        vendor="戴尔",
        model="R740",
        serial="FY-1",
        purchased_on=dt.date(2026, 1, 1),
        category="服务器",
    )
    with pytest.raises(DomainError) as refused:
        services.inspection_start(actor=engineer, customer_id=customer.pk, asset_ids=[foreign.pk])
    assert (refused.value.code, refused.value.status) == ("unknown_reference", 422)
    assert Inspection.objects.count() == 0


def test_recording_a_finding(planned, engineer):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    first = findings(inspection)[0]
    # when
    saved = services.finding_record(finding_id=first.pk, actor=engineer, result="issue", note="端口12 CRC错包持续增长")
    # then
    assert (saved.result, saved.note, saved.recorded_by_id, saved.recorded_at) == (
        "issue",
        "端口12 CRC错包持续增长",
        engineer.pk,
        NOW,
    )
    assert Inspection.objects.get().version == 2


@pytest.mark.parametrize(("result", "code"), [("pending", "invalid_finding_result"), ("bad", "invalid_finding_result")])
def test_a_bad_result_is_refused(planned, engineer, result, code):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    first = findings(inspection)[0]
    with pytest.raises(DomainError) as refused:
        services.finding_record(finding_id=first.pk, actor=engineer, result=result)
    assert refused.value.code == code
    assert Finding.objects.get(pk=first.pk).result == "pending"


def test_another_engineer_may_not_change_the_inspection(planned, engineer, make_user):
    other = make_user("wang", "engineer")
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    first = findings(inspection)[0]
    with pytest.raises(DomainError) as refused:
        services.finding_record(finding_id=first.pk, actor=other, result="ok")
    # the access table's refusal for an object outside the caller's scope, as the API and the pages answer
    assert refused.value.status == 404
    assert Finding.objects.get(pk=first.pk).result == "pending"


def test_a_hidden_fault_becomes_a_request_for_the_device(planned, engineer, server, customer):
    # given: the RAID check of the server is an issue
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    raid = Finding.objects.get(inspection_asset__asset=server, item_title="硬盘状态(RAID)")
    services.finding_record(finding_id=raid.pk, actor=engineer, result="issue", note="阵列降级，2号盘预警")
    # when
    ticket = services.inspection_finding_to_ticket(finding_id=raid.pk, actor=engineer, severity=2)
    # then
    stored = Ticket.objects.get()
    assert stored.pk == ticket.pk
    assert (stored.customer_id, stored.asset_id, stored.channel, stored.severity, stored.status) == (
        customer.pk,
        server.pk,
        "walk_in",
        2,
        "received",
    )
    assert stored.title == "巡检发现：服务器 PowerEdge R750（7XK2M93）硬盘状态(RAID)异常"
    assert stored.description == (
        f"巡检单 {inspection.number}（2026-11-26）检查项“硬盘状态(RAID)”异常。阵列降级，2号盘预警"
    )
    assert Finding.objects.get(pk=raid.pk).ticket_id == ticket.pk


def test_only_an_issue_becomes_a_request_and_only_once(planned, engineer):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    ok, issue = findings(inspection)[:2]
    services.finding_record(finding_id=ok.pk, actor=engineer, result="ok")
    services.finding_record(finding_id=issue.pk, actor=engineer, result="issue")
    # when
    with pytest.raises(DomainError) as not_an_issue:
        services.inspection_finding_to_ticket(finding_id=ok.pk, actor=engineer)
    services.inspection_finding_to_ticket(finding_id=issue.pk, actor=engineer)
    with pytest.raises(DomainError) as twice:
        services.inspection_finding_to_ticket(finding_id=issue.pk, actor=engineer)
    with pytest.raises(DomainError) as changed:
        services.finding_record(finding_id=issue.pk, actor=engineer, result="ok")
    # then
    assert (not_an_issue.value.code, twice.value.code, changed.value.code) == (
        "finding_not_an_issue",
        "finding_has_ticket",
        "finding_has_ticket",
    )
    assert Ticket.objects.count() == 1
    assert Finding.objects.get(pk=issue.pk).result == "issue"


def test_completion_needs_every_item_and_completes_the_planned_work(planned, engineer):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    first = findings(inspection)[0]
    services.finding_record(finding_id=first.pk, actor=engineer, result="issue", note="风扇异响")
    # when: 17 items are still open
    with pytest.raises(DomainError) as pending:
        services.inspection_apply_action(inspection_id=inspection.pk, action="complete", actor=engineer)
    assert (pending.value.code, pending.value.message_zh) == ("inspection_items_pending", "还有 17 个检查项未填写")
    assert Inspection.objects.get().status == "in_progress"
    # and: all recorded
    for finding in findings(inspection)[1:]:
        services.finding_record(finding_id=finding.pk, actor=engineer, result="na" if finding.position == 9 else "ok")
    done = services.inspection_apply_action(inspection_id=inspection.pk, action="complete", actor=engineer)
    # then
    item = WorkItem.objects.get(pk=planned.pk)
    summary = "巡检完成：15项正常，1项异常，2项不适用"
    assert (done.status, done.completed_at, done.summary) == ("completed", NOW, summary)
    assert (item.done_at, item.done_by_id, item.result) == (NOW, engineer.pk, f"{done.number}：{summary}")
    with pytest.raises(DomainError) as closed:
        services.finding_record(finding_id=first.pk, actor=engineer, result="ok")
    assert closed.value.code == "inspection_closed"


def test_cancelling_leaves_the_planned_work_open_to_start_again(planned, engineer):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    # when
    cancelled = services.inspection_apply_action(
        inspection_id=inspection.pk, action="cancel", actor=engineer, summary="客户临时停电，改期"
    )
    restarted, created = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    # then
    assert (cancelled.status, cancelled.work_item_id, cancelled.summary) == ("cancelled", None, "客户临时停电，改期")
    assert created is True
    assert restarted.pk != inspection.pk
    assert WorkItem.objects.get(pk=planned.pk).done_at is None


def test_a_stale_version_is_a_conflict(planned, engineer):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    with pytest.raises(DomainError) as stale:
        services.inspection_apply_action(
            inspection_id=inspection.pk, action="cancel", actor=engineer, expected_version=7
        )
    assert (stale.value.code, stale.value.status) == ("stale_version", 409)
    assert Inspection.objects.get().status == "in_progress"


def test_the_customer_signs_the_feedback_form_once(planned, engineer, signature_url):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    # when
    signed = services.inspection_sign(
        inspection_id=inspection.pk,
        actor=engineer,
        signer_name="王主任",
        signature=signature_url,
        customer_remarks="巡检细致",
        satisfaction=5,
    )
    with pytest.raises(DomainError) as twice:
        services.inspection_sign(
            inspection_id=inspection.pk, actor=engineer, signer_name="别人", signature=signature_url
        )
    # then
    stored = Inspection.objects.get()
    assert (signed.signer_name, signed.signed_at, signed.satisfaction, signed.customer_remarks) == (
        "王主任",
        NOW,
        5,
        "巡检细致",
    )
    assert bytes(stored.signature_png).startswith(b"\x89PNG")
    assert twice.value.code == "inspection_signed"
    assert stored.signer_name == "王主任"


def test_a_signature_that_is_not_a_png_is_refused(planned, engineer):
    inspection, _ = services.inspection_start(actor=engineer, work_item_id=planned.pk)
    with pytest.raises(DomainError) as refused:
        services.inspection_sign(
            inspection_id=inspection.pk, actor=engineer, signer_name="王主任", signature="data:image/jpeg;base64,AAAA"
        )
    assert refused.value.code == "signature_not_png"
    assert Inspection.objects.get().signed_at is None
