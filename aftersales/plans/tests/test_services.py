"""Service plans generate dated work items: month ends, leap years, Chinese holidays, idempotency, reassignment."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core.errors import DomainError
from aftersales.notifications.models import Notification
from aftersales.plans import services, tasks
from aftersales.plans.models import PlanRule, ServicePlan, WorkItem
from aftersales.plans.tests.conftest import AT

pytestmark = pytest.mark.django_db


def items():
    return list(WorkItem.objects.order_by("due_on", "id"))


def generate(until: dt.date, at: dt.datetime = AT) -> services.GenerationResult:
    return services.plans_generate(until=until, at=at)


# ------------------------------------------------------------------------------------------ generation


def test_monthly_calls_move_off_national_day_to_10_08(make_plan, customer):
    # given: a monthly phone callback on the 1st of every month
    plan = make_plan("monthly_call", 1)
    rule = plan.rules.get()
    # when: the job runs on 20 September with a horizon to the end of the year
    result = generate(dt.date(2026, 12, 31))
    # then: September (owed, due 1 Sep), October on 8 Oct after the holiday, November on Monday the 2nd
    assert [(i.source_key, i.due_on.isoformat(), i.due_uncertain) for i in items()] == [
        (f"plan:{rule.pk}:2026-09", "2026-09-01", False),
        (f"plan:{rule.pk}:2026-10", "2026-10-08", False),
        (f"plan:{rule.pk}:2026-11", "2026-11-02", False),
        (f"plan:{rule.pk}:2026-12", "2026-12-01", False),
    ]
    october = WorkItem.objects.get(source_key=f"plan:{rule.pk}:2026-10")
    assert october.title == "每月电话回访：合肥市第一人民医院信息科（2026年10月） · 合同 HT-2026-001"
    assert (october.kind, october.role, october.assignee_id, october.customer_id) == (
        "phone_call",
        "callback",
        None,
        customer.pk,
    )
    assert october.link == f"/customers/{customer.pk}/"
    assert (result.rules, result.occurrences, result.created) == (1, 4, 4)


def test_running_twice_creates_nothing_new(make_plan):
    # given
    make_plan("monthly_call", 1)
    make_plan("quarterly_inspection", 15, 2)
    first = generate(dt.date(2026, 12, 31))
    # when
    second = generate(dt.date(2026, 12, 31))
    again_later = generate(dt.date(2026, 12, 31), at=AT + dt.timedelta(days=20))
    # then
    assert (first.created, second.created, again_later.created) == (6, 0, 0)
    assert (second.occurrences, again_later.occurrences) == (6, 4)  # on 10 Oct, September and Q3 are over
    assert WorkItem.objects.count() == 6


def test_a_longer_horizon_adds_only_the_new_periods(make_plan):
    make_plan("monthly_call", 5)
    generate(dt.date(2026, 11, 19))
    # when
    result = generate(dt.date(2027, 1, 31))
    # then
    assert result.created == 2
    assert [i.due_on.isoformat() for i in items()] == [
        "2026-09-07",
        "2026-10-08",
        "2026-11-05",
        "2026-12-07",
        "2027-01-05",
    ]


def test_quarterly_inspections_are_four_a_year(make_plan, engineer):
    # given: on-site inspection in the second month of every quarter, for one engineer
    plan = make_plan("quarterly_inspection", 15, 2, assignee_id=engineer.pk)
    rule = plan.rules.get()
    # when: a run on 1 January with a one-year horizon
    generate(dt.date(2026, 12, 31), at=dt.datetime(2026, 1, 1, 1, tzinfo=dt.UTC))
    # then
    assert [(i.source_key.rsplit(":", 1)[1], i.due_on.isoformat()) for i in items()] == [
        ("2026-Q1", "2026-02-24"),
        ("2026-Q2", "2026-05-15"),
        ("2026-Q3", "2026-08-17"),
        ("2026-Q4", "2026-11-16"),
    ]
    assert {(i.kind, i.assignee_id, i.role) for i in items()} == {("inspection", engineer.pk, "")}
    assert WorkItem.objects.filter(source_key__startswith=f"plan:{rule.pk}:").count() == 4


def test_training_is_in_may_and_october_only(make_plan):
    make_plan("training", 15)
    generate(dt.date(2026, 12, 31), at=dt.datetime(2026, 1, 1, 1, tzinfo=dt.UTC))
    assert [(i.due_on.isoformat(), i.kind, i.role) for i in items()] == [
        ("2026-05-15", "training", "engineer"),
        ("2026-10-15", "training", "engineer"),
    ]


def test_the_satisfaction_survey_is_once_a_year_in_july_or_august(make_plan):
    make_plan("satisfaction_survey", 1, 1)
    generate(dt.date(2027, 12, 31), at=dt.datetime(2026, 1, 1, 1, tzinfo=dt.UTC))
    assert [(i.source_key.rsplit(":", 1)[1], i.due_on.isoformat(), i.due_uncertain) for i in items()] == [
        ("2026", "2026-07-01", False),
        ("2027", "2027-07-01", True),
    ]
    assert items()[0].title.startswith("年度满意度调查（7–8月）：合肥市第一人民医院信息科（2026年度）")


def test_leadership_visits_go_to_the_supervisor_pool(make_plan):
    """Sunday 20 September 2026 is a make-up workday (调休上班), so it stays; Sunday 20 December moves."""
    make_plan("leadership_visit", 20, 3)
    generate(dt.date(2026, 12, 31), at=dt.datetime(2026, 1, 1, 1, tzinfo=dt.UTC))
    assert [(i.due_on.isoformat(), i.kind, i.role) for i in items()] == [
        ("2026-03-20", "leadership_visit", "supervisor"),
        ("2026-06-22", "leadership_visit", "supervisor"),
        ("2026-09-20", "leadership_visit", "supervisor"),
        ("2026-12-21", "leadership_visit", "supervisor"),
    ]


def test_month_ends_take_the_last_day_or_the_last_working_day_before_it(make_plan):
    # given: a call on the 31st
    make_plan("monthly_call", 31)
    # when
    generate(dt.date(2027, 2, 28), at=dt.datetime(2026, 9, 1, 1, tzinfo=dt.UTC))
    # then: 30 Sep; Sat 31 Oct → Fri 30 Oct; 30 Nov; 31 Dec; Sun 31 Jan 2027 → Fri 29 Jan; Sun 28 Feb → Fri 26 Feb
    assert [(i.due_on.isoformat(), i.due_uncertain) for i in items()] == [
        ("2026-09-30", False),
        ("2026-10-30", False),
        ("2026-11-30", False),
        ("2026-12-31", False),
        ("2027-01-29", True),
        ("2027-02-26", True),
    ]


def test_leap_day_2028_is_a_due_date_and_flagged_as_an_unknown_holiday_year(make_plan):
    make_plan("monthly_call", 29)
    generate(dt.date(2028, 3, 31), at=dt.datetime(2028, 1, 10, 1, tzinfo=dt.UTC))
    assert [(i.due_on.isoformat(), i.due_uncertain) for i in items()] == [
        ("2028-01-31", True),
        ("2028-02-29", True),
        ("2028-03-29", True),
    ]


def test_the_editable_holiday_table_decides_a_new_year(make_plan):
    """An admin enters 2027's New Year holiday: the 1 January 2027 call moves and is no longer flagged."""
    from aftersales.sla.models import HolidayDate, HolidayYear

    make_plan("monthly_call", 1)
    HolidayYear.objects.create(year=2027, source="admin")
    HolidayDate.objects.create(on=dt.date(2027, 1, 1), kind="holiday", name="元旦")
    # when
    generate(dt.date(2027, 1, 31), at=dt.datetime(2027, 1, 1, 1, tzinfo=dt.UTC))
    # then
    assert [(i.due_on.isoformat(), i.due_uncertain) for i in items()] == [("2027-01-04", False)]


def test_monthly_inspection_starts_the_month_after_acceptance(make_plan, customer, agent):
    from aftersales.assets import services as assets

    # given: one server accepted on 20 March, one not accepted yet
    accepted = assets.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor="华为",
        model="2288H V5",
        serial="HW-001",
        purchased_on=dt.date(2026, 2, 1),
        accepted_on=dt.date(2026, 3, 20),
        category="服务器",
    )
    pending = assets.asset_create(
        actor=agent,
        customer_id=customer.pk,
        vendor="华为",
        model="S5735",
        serial="HW-002",
        purchased_on=dt.date(2026, 2, 1),
        category="交换机",
    )
    make_plan("monthly_inspection", 10, asset_id=accepted.pk)
    make_plan("monthly_inspection", 10, asset_id=pending.pk)
    # when
    generate(dt.date(2026, 6, 30), at=dt.datetime(2026, 3, 1, 1, tzinfo=dt.UTC))
    # then: April, May, June for the accepted server only
    assert [(i.due_on.isoformat(), i.title) for i in items()] == [
        ("2026-04-10", "验收后每月巡检：合肥市第一人民医院信息科（2026年4月） · 服务器 2288H V5 · 合同 HT-2026-001"),
        ("2026-05-11", "验收后每月巡检：合肥市第一人民医院信息科（2026年5月） · 服务器 2288H V5 · 合同 HT-2026-001"),
        ("2026-06-10", "验收后每月巡检：合肥市第一人民医院信息科（2026年6月） · 服务器 2288H V5 · 合同 HT-2026-001"),
    ]


def test_monthly_inspection_of_a_contract_starts_the_month_after_its_start(make_plan, customer, agent):
    from aftersales.customers import services as customers

    later = customers.contract_create(
        actor=agent,
        customer_id=customer.pk,
        number="HT-2026-002",
        name="二期",
        starts_on=dt.date(2026, 5, 18),
        ends_on=dt.date(2026, 8, 31),
    )
    make_plan("monthly_inspection", 10, plan_contract=later)
    generate(dt.date(2026, 12, 31), at=dt.datetime(2026, 5, 18, 1, tzinfo=dt.UTC))
    assert [i.due_on.isoformat() for i in items()] == ["2026-06-10", "2026-07-10", "2026-08-10"]


def test_plans_outside_their_dates_or_switched_off_generate_nothing(make_plan):
    # given: one plan ended, one switched off, one starting after the horizon
    make_plan("monthly_call", 1, ends_on=dt.date(2026, 6, 30))
    off = make_plan("monthly_call", 1)
    ServicePlan.objects.filter(pk=off.pk).update(is_active=False)
    make_plan("monthly_call", 1, starts_on=dt.date(2027, 3, 1))
    # when
    result = generate(dt.date(2026, 12, 31))
    # then
    assert (result.created, WorkItem.objects.count()) == (0, 0)


def test_the_daily_job_looks_60_days_ahead(make_plan):
    make_plan("monthly_call", 1)
    # when
    result = tasks.plans_generate_job(at=AT)
    # then: 20 Sep + 60 days = 19 Nov; September, October and November (due 2 Nov) are in
    assert result == {"until": "2026-11-19", "rules": 1, "occurrences": 3, "created": 3}
    assert [i.due_on.isoformat() for i in items()] == ["2026-09-01", "2026-10-08", "2026-11-02"]
    assert tasks.plans_generate_job(at=AT)["created"] == 0


def test_a_customer_plan_without_contract_starts_today(supervisor, customer, frozen_now):
    with frozen_now(AT):
        plan = services.service_plan_create(
            actor=supervisor,
            name="重点客户关怀",
            customer_id=customer.pk,
            rules=[services.RuleSpec(kind="monthly_call", day_of_month=25)],
        )
    generate(dt.date(2026, 11, 30))
    assert (plan.starts_on, plan.ends_on, plan.contract_id) == (dt.date(2026, 9, 20), None, None)
    assert [(i.due_on.isoformat(), i.title) for i in items()] == [
        ("2026-09-28", "每月电话回访：合肥市第一人民医院信息科（2026年9月）"),  # 25–27 Sep: Mid-Autumn
        ("2026-10-26", "每月电话回访：合肥市第一人民医院信息科（2026年10月）"),
        ("2026-11-25", "每月电话回访：合肥市第一人民医院信息科（2026年11月）"),
    ]


# ------------------------------------------------------------------------------------- plan validation


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        pytest.param({"kind": "weekly_call"}, "invalid_plan_rule_kind", id="unknown-kind"),
        pytest.param({"kind": "monthly_call", "day_of_month": 32}, "invalid_day_of_month", id="day-32"),
        pytest.param(
            {"kind": "quarterly_inspection", "month_of_period": 4},
            "invalid_month_of_period",
            id="fourth-month-of-a-quarter",
        ),
        pytest.param({"kind": "monthly_call", "month_of_period": 2}, "invalid_month_of_period", id="month-2-monthly"),
        pytest.param({"kind": "monthly_call", "role": "customer"}, "invalid_role", id="customer-pool"),
        pytest.param({"kind": "monthly_call", "assignee_id": 999_999}, "unknown_reference", id="unknown-person"),
    ],
)
def test_a_refused_rule_stores_no_plan(supervisor, contract, rule, code):
    with pytest.raises(DomainError) as refused:
        services.service_plan_create(
            actor=supervisor,
            name="计划",
            contract_id=contract.pk,
            rules=[services.RuleSpec(kind="training"), services.RuleSpec(**rule)],
        )
    assert refused.value.code == code
    assert (ServicePlan.objects.count(), PlanRule.objects.count()) == (0, 0)


def test_a_contract_of_another_customer_is_refused(supervisor, contract, province_customer):
    with pytest.raises(DomainError) as refused:
        services.service_plan_create(
            actor=supervisor, name="计划", contract_id=contract.pk, customer_id=province_customer.pk
        )
    assert (refused.value.code, refused.value.status) == ("contract_of_other_customer", 400)
    assert ServicePlan.objects.count() == 0


def test_an_asset_of_another_customer_is_refused(supervisor, contract, province_customer, agent):
    from aftersales.assets import services as assets

    foreign = assets.asset_create(
        actor=agent,
        customer_id=province_customer.pk,
        vendor="戴尔",
        model="R740",
        serial="FY-1",
        purchased_on=dt.date(2026, 1, 1),
    )
    with pytest.raises(DomainError) as refused:
        services.service_plan_create(
            actor=supervisor,
            name="计划",
            contract_id=contract.pk,
            rules=[services.RuleSpec(kind="monthly_inspection", asset_id=foreign.pk)],
        )
    assert (refused.value.code, refused.value.status) == ("unknown_reference", 422)
    assert ServicePlan.objects.count() == 0


# ------------------------------------------------------------------------------------- work items


def _item(key: str, due_on: dt.date, **fields) -> WorkItem:
    return services.work_item_create(
        source_key=key, kind=fields.pop("kind", "phone_call"), title=key, due_on=due_on, **fields
    )[0]


def test_reassignment_moves_exactly_the_open_items_of_the_absent_person(supervisor, callback_user, engineer, make_user):
    # given: the absent caller has two open items and one done; others have their own; one is in the pool
    stand_in = make_user("caller2", "callback", first_name="敏", last_name="陈")
    open_1 = _item("a", dt.date(2026, 9, 1), assignee_id=callback_user.pk)
    open_2 = _item("b", dt.date(2026, 9, 30), assignee_id=callback_user.pk, kind="survey")
    done = _item("c", dt.date(2026, 9, 1), assignee_id=callback_user.pk)
    services.work_item_complete(item_id=done.pk, actor=callback_user, result="已回访")
    other = _item("d", dt.date(2026, 9, 1), assignee_id=engineer.pk)
    pool = _item("e", dt.date(2026, 9, 1), role="callback")
    # when
    moved = services.work_items_reassign(from_user_id=callback_user.pk, to_user_id=stand_in.pk, actor=supervisor)
    # then
    assert moved == 2
    assert dict(WorkItem.objects.values_list("source_key", "assignee_id")) == {
        "a": stand_in.pk,
        "b": stand_in.pk,
        "c": callback_user.pk,
        "d": engineer.pk,
        "e": None,
    }
    assert {open_1.pk, open_2.pk, other.pk, pool.pk} == set(
        WorkItem.objects.filter(done_at__isnull=True).values_list("pk", flat=True)
    )
    note = Notification.objects.get(user=stand_in)
    assert (note.kind, note.title, note.link) == ("work_items_reassigned", "王芳 的 2 项待办已转给您", "/plans/my-day/")


def test_reassignment_of_some_kinds_only(supervisor, callback_user, make_user):
    stand_in = make_user("caller2", "callback")
    _item("a", dt.date(2026, 9, 1), assignee_id=callback_user.pk)
    _item("b", dt.date(2026, 9, 1), assignee_id=callback_user.pk, kind="survey")
    moved = services.work_items_reassign(
        from_user_id=callback_user.pk, to_user_id=stand_in.pk, actor=supervisor, kinds=("survey",)
    )
    assert moved == 1
    assert dict(WorkItem.objects.values_list("source_key", "assignee_id")) == {"a": callback_user.pk, "b": stand_in.pk}


def test_reassignment_to_the_same_person_is_refused(supervisor, callback_user):
    _item("a", dt.date(2026, 9, 1), assignee_id=callback_user.pk)
    with pytest.raises(DomainError) as refused:
        services.work_items_reassign(from_user_id=callback_user.pk, to_user_id=callback_user.pk, actor=supervisor)
    assert refused.value.code == "reassign_same_person"
    assert WorkItem.objects.get().assignee_id == callback_user.pk


def test_completing_twice_is_a_conflict(callback_user, frozen_now):
    item = _item("a", dt.date(2026, 9, 1), assignee_id=callback_user.pk)
    with frozen_now(AT):
        services.work_item_complete(item_id=item.pk, actor=callback_user, result="客户反馈良好")
    with pytest.raises(DomainError) as refused:
        services.work_item_complete(item_id=item.pk, actor=callback_user, result="again")
    stored = WorkItem.objects.get()
    assert refused.value.status == 409
    assert (stored.done_at, stored.done_by_id, stored.result) == (AT, callback_user.pk, "客户反馈良好")


def test_generated_rows_read_back_as_the_orm_writes_them(make_plan, frozen_now):
    make_plan("monthly_call", 1)
    with frozen_now(AT):
        generate(dt.date(2026, 10, 31))
    october = WorkItem.objects.get(due_on=dt.date(2026, 10, 8))
    assert (october.created_at, october.done_at, october.done_by_id, october.ticket_id, october.result) == (
        AT,
        None,
        None,
        None,
        "",
    )
    assert WorkItem.objects.filter(due_on__gte=dt.date(2026, 10, 1), due_uncertain=False).count() == 1


def test_a_key_created_meanwhile_by_another_run_is_skipped(make_plan):
    # given: another run created October's item between this run's key lookup and its insert
    plan = make_plan("monthly_call", 1)
    key = f"plan:{plan.rules.get().pk}:2026-10"
    services.work_item_create(source_key=key, kind="phone_call", title="另一进程", due_on=dt.date(2026, 10, 8))
    planned = services._Planned(
        source_key=key,
        kind="phone_call",
        title="本进程",
        due_on=dt.date(2026, 10, 8),
        due_uncertain=False,
        assignee_id=None,
        role="callback",
        customer_id=None,
        link="",
    )
    # when
    services._insert_new([planned], AT)
    # then
    assert list(WorkItem.objects.values_list("title", flat=True)) == ["另一进程"]
