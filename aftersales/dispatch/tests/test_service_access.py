"""The field-service writes ask the access table (accounts/access_table.py) when called directly: the same rule as
the API guard and the pages, written once (issue 9, defect 2)."""

from __future__ import annotations

import pytest

from aftersales.core.errors import DomainError
from aftersales.dispatch import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(supervisor, make_engineer, make_ticket, province_customer):
    engineer = make_engineer("li", "阜阳市")
    ticket = make_ticket(province_customer)
    services.dispatch_assign(ticket_id=ticket.pk, actor=supervisor, engineer_id=engineer.pk)
    return services.visit_record_arrival(ticket_id=ticket.pk, actor=engineer.user)


def test_an_engineer_may_not_edit_a_report_another_engineer_recorded(visit, make_engineer, supervisor):
    # given: a second engineer (the table: visits.edit is MINE for engineers)
    other = make_engineer("wang", "阜阳市")
    # when / then: refused as if the report did not exist, nothing stored
    with pytest.raises(DomainError) as refused:
        services.visit_update(visit_id=visit.pk, actor=other.user, work_done="改写")
    assert (refused.value.status, refused.value.message_en) == (404, "Visit not found")
    visit.refresh_from_db()
    assert visit.work_done == ""
    # the engineer who recorded it and a supervisor may
    assert services.visit_update(visit_id=visit.pk, actor=visit.recorded_by, work_done="更换主板").version == 2
    assert services.visit_update(visit_id=visit.pk, actor=supervisor, work_done="更换主板，已测试").version == 3


@pytest.mark.parametrize("role", ["agent", "warehouse", "callback", "customer"])
def test_only_the_roles_the_table_names_dispatch_or_record_visits(
    role, make_user, visit, make_ticket, province_customer
):
    user = make_user(f"u_{role}", role, customer=province_customer if role == "customer" else None)
    with pytest.raises(DomainError) as refused:
        services.visit_record_arrival(ticket_id=visit.ticket_id, actor=user)
    assert refused.value.status == 403
    with pytest.raises(DomainError) as refused:
        services.duty_rota_generate(actor=user, engineer_ids=[], week_start=visit.arrived_at.date())
    assert refused.value.status == 403
    if role != "agent":  # agents dispatch
        with pytest.raises(DomainError) as refused:
            services.dispatch_cancel(dispatch_id=visit.dispatch_id, actor=user)
        assert refused.value.status == 403
