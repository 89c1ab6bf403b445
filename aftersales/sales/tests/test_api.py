"""The API contract of issue 13 for the pipeline and the installation project, as written."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_creating_an_opportunity_answers_201_with_its_id(now, api_as, seller, hospital):
    # given
    api = api_as(seller)
    # when
    response = api.post(
        "/api/v1/sales/opportunities",
        {
            "customer_id": hospital.pk,
            "name": "全院监测系统",
            "amount": "580000.00",
            "expected_close_on": "2027-03-31",
            "competitors": ["甲公司", "乙公司"],
            "next_step": "拜访信息科",
            "next_step_on": "2026-11-30",
        },
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["status"], body["amount"], body["owner_id"]) == (
        "qualify",
        "open",
        "580000.00",
        seller.pk,
    )
    assert body["competitors"] == ["甲公司", "乙公司"]
    assert body["number"] == f"SJ2026{body['id']:05d}"


def test_an_opportunitys_value_may_be_given_as_value(now, api_as, seller, hospital):
    response = api_as(seller).post(
        "/api/v1/sales/opportunities", {"customer_id": hospital.pk, "name": "监测", "value": "1200.50"}
    )
    assert response.status_code == 201, response.content
    assert (response.json()["amount"], response.json()["value"]) == ("1200.50", "1200.50")


def test_advance_without_a_qualified_need_is_409_with_the_missing_item(now, api_as, seller, make_opportunity):
    # given
    opportunity = make_opportunity()
    # when
    response = api_as(seller).post(f"/api/v1/sales/opportunities/{opportunity.pk}/advance", {"to": "lead"})
    # then
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stage_gate"
    assert body["missing"] == [
        {
            "code": "need_qualified",
            "zh": "尚未确认客户需求（痛点及影响）",
            "en": "The customer's need (pain and impact) is not qualified",
        }
    ]
    opportunity.refresh_from_db()
    assert (opportunity.stage, opportunity.version) == ("qualify", 1)


def test_advance_with_the_gate_met_answers_200_at_the_new_stage(now, api_as, seller, make_opportunity):
    # given
    opportunity = make_opportunity(need="监测点不足")
    # when
    response = api_as(seller).post(f"/api/v1/sales/opportunities/{opportunity.pk}/advance", {"to": "lead"})
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["stage"], response.json()["stage_label"]) == ("lead", "主导进程")


def test_skipping_to_negotiation_lists_every_missing_item_of_the_stages_entered(now, api_as, seller, make_opportunity):
    # given
    opportunity = make_opportunity(need="监测点不足")
    # when
    response = api_as(seller).post(f"/api/v1/sales/opportunities/{opportunity.pk}/advance", {"to": "negotiate"})
    # then
    assert response.status_code == 409
    assert [m["code"] for m in response.json()["missing"]] == [
        "decision_maker_known",
        "benefit_analysis",
        "difference_assessment",
        "proposal_approved",
    ]


def test_closing_wins_the_deal_and_registers_the_contract(now, api_as, seller, negotiating):
    # when
    response = api_as(seller).post(
        f"/api/v1/sales/opportunities/{negotiating.pk}/advance",
        {
            "to": "close",
            "contract_number": "HT-2026-088",
            "starts_on": "2026-10-01",
            "ends_on": "2029-09-30",
            "reason": "本地服务响应快",
        },
    )
    # then
    from aftersales.customers.models import Contract

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["stage"], body["outcome_reason"]) == ("won", "close", "本地服务响应快")
    contract = Contract.objects.get(pk=body["contract_id"])
    assert (contract.number, contract.customer_id, contract.starts_on) == (
        "HT-2026-088",
        negotiating.customer_id,
        dt.date(2026, 10, 1),
    )


def test_a_salesperson_does_not_see_another_ones_opportunity(now, api_as, other_seller, make_opportunity):
    # given
    opportunity = make_opportunity()
    # when
    api = api_as(other_seller)
    got = api.get(f"/api/v1/sales/opportunities/{opportunity.pk}")
    moved = api.post(f"/api/v1/sales/opportunities/{opportunity.pk}/advance", {"to": "lead"})
    listed = api.get("/api/v1/sales/opportunities")
    # then
    assert (got.status_code, moved.status_code) == (404, 404)
    assert listed.json()["items"] == []


def test_a_sales_manager_sees_every_opportunity(now, api_as, manager, make_opportunity):
    # given
    opportunity = make_opportunity()
    # when
    listed = api_as(manager).get("/api/v1/sales/opportunities")
    # then
    assert [o["id"] for o in listed.json()["items"]] == [opportunity.pk]


def test_acceptance_sets_accepted_on_and_the_warranty_counts_from_the_next_day(
    now, api_as, engineer, ready_installation
):
    # given
    api = api_as(engineer)
    # when
    response = api.post(
        f"/api/v1/installations/{ready_installation.pk}/acceptance",
        {"signed_on": "2026-11-20", "customer_signatory": "王主任", "engineer_signatory": "李强"},
    )
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    [asset] = body["assets"]
    assert asset["accepted_on"] == "2026-11-20"
    warranty = api.get(f"/api/v1/assets/{asset['id']}/warranty", {"on": "2026-11-21"}).json()
    assert warranty["warranty_start"] == "2026-11-21"
    assert warranty["in_warranty"] is True
    assert warranty["covered_until"] == "2029-11-20"


def test_acceptance_before_the_count_is_409_with_the_missing_items(now, api_as, engineer, won, manager):
    # given: a device listed, neither counted nor tested
    from aftersales.assets.models import Asset
    from aftersales.sales import services

    installation = services.installation_create(actor=manager, contract_id=won.contract_id)
    services.delivery_line_add(
        actor=manager, installation_id=installation.pk, description="主机", vendor="华为", model="KJ90X", serial="S1"
    )
    # when
    response = api_as(engineer).post(
        f"/api/v1/installations/{installation.pk}/acceptance",
        {"signed_on": "2026-11-20", "customer_signatory": "王主任", "engineer_signatory": "李强"},
    )
    # then
    assert response.status_code == 409
    assert [m["code"] for m in response.json()["missing"]] == ["checklist_counted", "devices_tested"]
    assert Asset.objects.count() == 0


def _queries(callable_) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = callable_()
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_opportunity_list_costs_the_same_queries_for_one_or_many(
    now, api_as, manager, negotiating, make_opportunity
):
    # given: the API client signed in, and one opportunity with buying centre and proposal
    api = api_as(manager)
    api.get("/api/v1/sales/opportunities")  # the token's first use records when it was used
    one = _queries(lambda: api.get("/api/v1/sales/opportunities"))
    # when: three more
    for name in ("甲", "乙", "丙"):
        make_opportunity(name=name, need="x")
    many = _queries(lambda: api.get("/api/v1/sales/opportunities"))
    # then
    assert many == one


def test_the_board_costs_the_same_queries_for_one_or_many(now, client, manager, make_opportunity):
    client.force_login(manager)
    make_opportunity(name="甲")
    client.get("/sales/")  # the session's first page
    one = _queries(lambda: client.get("/sales/"))
    for name in ("乙", "丙", "丁"):
        make_opportunity(name=name)
    many = _queries(lambda: client.get("/sales/"))
    assert many == one
