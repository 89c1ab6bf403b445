"""Issue 9 defect 2: who may take and move requests comes from the access table (accounts.access_table).

Each test here failed on the code before the table: a partner user took a request for any customer (and read
back its name and the asset's open requests), callback and warehouse staff took requests for any customer,
and the warehouse role cancelled any request.
"""

from __future__ import annotations

import pytest

from aftersales.tickets import services

BODY = {"channel": "phone", "severity": 3, "title": "服务器无法开机"}


@pytest.fixture
def partner_user(db, make_user):
    from aftersales.customers.models import Region
    from aftersales.network.models import Partner

    partner = Partner.objects.create(kind="alliance", name="阜阳云智", region=Region.objects.get(name="阜阳市"))
    return make_user("yunzhi", "partner", partner=partner)


@pytest.fixture
def open_ticket(agent, customer, asset):
    return services.ticket_create(actor=agent, customer_id=customer.pk, asset_id=asset.pk, **BODY).ticket


@pytest.mark.django_db
def test_a_partner_user_cannot_take_a_request_for_a_customer(api_as, partner_user, customer, asset, open_ticket):
    response = api_as(partner_user).post("/api/v1/tickets", {"customer_id": customer.pk, "asset_id": asset.pk, **BODY})
    assert response.status_code == 403
    assert customer.name not in response.content.decode()
    from aftersales.tickets.models import Ticket

    assert Ticket.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["callback", "warehouse"])
def test_callback_and_warehouse_staff_do_not_take_requests(api_as, make_user, customer, asset, role):
    response = api_as(make_user(f"u-{role}", role)).post(
        "/api/v1/tickets", {"customer_id": customer.pk, "asset_id": asset.pk, **BODY}
    )
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "engineer", "expert", "supervisor"])
def test_the_intake_roles_take_requests_for_any_customer(api_as, make_user, customer, asset, role):
    user = make_user(f"u-{role}", role)
    response = api_as(user).post("/api/v1/tickets", {"customer_id": customer.pk, "asset_id": asset.pk, **BODY})
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_the_warehouse_role_cannot_cancel_a_request(api_as, make_user, open_ticket):
    keeper = make_user("keeper", "warehouse")
    response = api_as(keeper).post(
        f"/api/v1/tickets/{open_ticket.pk}/transitions", {"action": "cancel", "version": open_ticket.version}
    )
    assert response.status_code == 403
    open_ticket.refresh_from_db()
    assert open_ticket.status != "cancelled"


@pytest.mark.django_db
def test_the_warehouse_role_gets_no_cancel_button_and_no_cancel_from_the_page(client, make_user, open_ticket):
    keeper = make_user("keeper", "warehouse")
    client.force_login(keeper)
    page = client.get(f"/tickets/{open_ticket.pk}/")
    assert page.status_code == 200
    assert 'value="cancel"' not in page.content.decode()
    response = client.post(
        f"/tickets/{open_ticket.pk}/actions/", {"action": "cancel", "version": open_ticket.version, "note": ""}
    )
    assert response.status_code == 404
    open_ticket.refresh_from_db()
    assert open_ticket.status != "cancelled"


@pytest.mark.django_db
def test_a_customer_user_cancels_its_own_request_but_not_anothers(
    api_as, make_user, agent, customer, province_customer, open_ticket
):
    own = api_as(make_user("cu", "customer", customer=customer))
    other = services.ticket_create(actor=agent, customer_id=province_customer.pk, **BODY).ticket
    refused = own.post(f"/api/v1/tickets/{other.pk}/transitions", {"action": "cancel", "version": other.version})
    assert refused.status_code == 404
    respond = own.post(f"/api/v1/tickets/{open_ticket.pk}/transitions", {"action": "respond", "version": 1})
    assert respond.status_code == 403
    done = own.post(f"/api/v1/tickets/{open_ticket.pk}/transitions", {"action": "cancel", "version": 1})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "cancelled"


@pytest.mark.django_db
def test_a_customer_user_cannot_take_a_request_for_another_customer(api_as, make_user, customer, province_customer):
    own = api_as(make_user("cu", "customer", customer=customer))
    response = own.post("/api/v1/tickets", {"customer_id": province_customer.pk, **BODY})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_reference"


# ---- the services themselves (a job, the shell, another service): the same table, not only the API guard


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["partner", "callback", "warehouse"])
def test_the_intake_service_refuses_roles_the_table_does_not_let_take_requests(
    make_user, partner_user, customer, asset, role
):
    from aftersales.core.errors import DomainError
    from aftersales.tickets.models import Ticket

    user = partner_user if role == "partner" else make_user(f"u-{role}", role)
    with pytest.raises(DomainError) as refused:
        services.ticket_create(actor=user, customer_id=customer.pk, asset_id=asset.pk, **BODY)
    assert refused.value.status == 403
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_the_intake_service_takes_a_customer_users_own_request_and_refuses_another_customer(
    make_user, customer, province_customer, asset, django_assert_num_queries
):
    from aftersales.core.errors import DomainError

    user = make_user("cu", "customer", customer=customer)
    services.ticket_create(actor=user, customer_id=customer.pk, asset_id=asset.pk, **BODY)
    # the own-customer scope is read off the user row: intake stays one read and one INSERT
    with django_assert_num_queries(2):
        services.ticket_create(actor=user, customer_id=customer.pk, asset_id=asset.pk, **BODY)
    with pytest.raises(DomainError) as refused, django_assert_num_queries(0):
        services.ticket_create(actor=user, customer_id=province_customer.pk, **BODY)
    assert refused.value.code == "unknown_reference"


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "verb"), [("warehouse", "cancel"), ("callback", "respond"), ("callback", "cancel")])
def test_the_lifecycle_service_refuses_roles_the_table_does_not_grant_the_verb(make_user, open_ticket, role, verb):
    from aftersales.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        services.ticket_apply_action(
            ticket_id=open_ticket.pk, action=verb, actor=make_user(f"u-{role}", role), expected_version=1
        )
    assert refused.value.status == 403
    open_ticket.refresh_from_db()
    assert (open_ticket.status, open_ticket.version) == ("received", 1)


@pytest.mark.django_db
def test_the_lifecycle_service_refuses_a_partner_a_request_not_dispatched_to_it(partner_user, open_ticket):
    from aftersales.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        services.ticket_apply_action(ticket_id=open_ticket.pk, action="respond", actor=partner_user)
    assert refused.value.status == 404
    with pytest.raises(DomainError) as refused:
        services.ticket_apply_action(ticket_id=open_ticket.pk, action="cancel", actor=partner_user)
    assert refused.value.status == 403
    open_ticket.refresh_from_db()
    assert open_ticket.status == "received"


@pytest.mark.django_db
def test_a_customer_user_moves_only_its_own_requests_through_the_service(
    make_user, agent, customer, province_customer, open_ticket
):
    from aftersales.core.errors import DomainError

    user = make_user("cu", "customer", customer=customer)
    other = services.ticket_create(actor=agent, customer_id=province_customer.pk, **BODY).ticket
    with pytest.raises(DomainError) as refused:
        services.ticket_apply_action(ticket_id=other.pk, action="cancel", actor=user)
    assert refused.value.status == 404
    assert services.ticket_apply_action(ticket_id=open_ticket.pk, action="cancel", actor=user).status == "cancelled"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["partner", "callback", "warehouse", "customer"])
def test_the_edit_service_refuses_roles_the_table_does_not_let_edit(
    make_user, partner_user, customer, open_ticket, role
):
    from aftersales.core.errors import DomainError

    user = (
        partner_user
        if role == "partner"
        else make_user(f"u-{role}", role, customer=customer if role == "customer" else None)
    )
    with pytest.raises(DomainError) as refused:
        services.ticket_update(ticket_id=open_ticket.pk, actor=user, expected_version=1, title="改")
    assert refused.value.status == 403
    open_ticket.refresh_from_db()
    assert open_ticket.title == BODY["title"]


@pytest.mark.django_db
def test_lifecycle_and_edit_cost_no_extra_query_for_the_intake_roles(agent, open_ticket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        services.ticket_apply_action(ticket_id=open_ticket.pk, action="respond", actor=agent, expected_version=1)
    assert not [q for q in seen.captured_queries if "COUNT(" in q["sql"].upper()]  # not the user's "county"
    with CaptureQueriesContext(connection) as seen:
        services.ticket_update(ticket_id=open_ticket.pk, actor=agent, expected_version=2, title="改")
    assert not [q for q in seen.captured_queries if "COUNT(" in q["sql"].upper()]  # not the user's "county"
