"""Issue 9 defect 2: a partner user started an inspection for any customer and read back its installed base.
The access table lets a partner user start only the inspections planned for it (its own work item)."""

from __future__ import annotations

import pytest

from aftersales.inspections.models import Inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_user(make_user):
    from aftersales.customers.models import Region
    from aftersales.network.models import Partner

    partner = Partner.objects.create(kind="alliance", name="合肥伙伴", region=Region.objects.get(name="合肥市"))
    return make_user("hb", "partner", partner=partner)


def test_a_partner_user_cannot_start_an_inspection_for_a_customer(api_as, partner_user, customer, server, switch):
    response = api_as(partner_user).post("/api/v1/inspections", {"customer_id": customer.pk})
    assert response.status_code == 422
    assert server.serial not in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_partner_user_cannot_start_someone_elses_planned_inspection(api_as, partner_user, planned):
    response = api_as(partner_user).post("/api/v1/inspections", {"work_item_id": planned.pk})
    assert response.status_code == 422
    assert not Inspection.objects.exists()


def test_a_partner_user_starts_the_inspection_planned_for_it(api_as, partner_user, planned):
    planned.assignee = partner_user
    planned.save(update_fields=["assignee"])
    response = api_as(partner_user).post("/api/v1/inspections", {"work_item_id": planned.pk})
    assert response.status_code == 201, response.content


def test_our_engineers_start_inspections_for_any_customer(api_as, engineer, customer, server):
    assert api_as(engineer).post("/api/v1/inspections", {"customer_id": customer.pk}).status_code == 201


# ---- the services themselves ask the same table (they let a partner user start one for any customer)


def test_the_start_service_refuses_a_partner_user_a_customer_or_anothers_work_item(partner_user, customer, planned):
    from aftersales.core.errors import DomainError
    from aftersales.inspections import services

    for target in ({"customer_id": customer.pk}, {"work_item_id": planned.pk}):
        with pytest.raises(DomainError) as refused:
            services.inspection_start(actor=partner_user, **target)
        assert refused.value.code == "unknown_reference"
    assert not Inspection.objects.exists()
    planned.assignee = partner_user
    planned.save(update_fields=["assignee"])
    inspection, created = services.inspection_start(actor=partner_user, work_item_id=planned.pk)
    assert (created, inspection.engineer) == (True, partner_user)


@pytest.mark.parametrize("role", ["agent", "callback", "warehouse", "expert"])
def test_the_services_refuse_roles_that_do_not_inspect(make_user, engineer, customer, server, role):
    from aftersales.core.errors import DomainError
    from aftersales.inspections import services

    user = make_user(f"u-{role}", role)
    with pytest.raises(DomainError) as refused:
        services.inspection_start(actor=user, customer_id=customer.pk)
    assert refused.value.status == 403
    inspection, _ = services.inspection_start(actor=engineer, customer_id=customer.pk)
    with pytest.raises(DomainError) as refused:
        services.inspection_apply_action(inspection_id=inspection.pk, action="cancel", actor=user)
    assert refused.value.status == 403
