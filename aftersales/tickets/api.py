"""API: service requests — intake, the queue, one request, lifecycle actions, edits."""

from __future__ import annotations

from ninja import Query, Router

from aftersales.core.http import prerendered
from aftersales.core.idempotency import idempotent, key_of
from aftersales.core.schemas import ERRORS
from aftersales.portal import presenters as customer_view
from aftersales.tickets import presenters, selectors, services
from aftersales.tickets.schemas import (
    CustomerTicketDetailOut,
    CustomerTicketOut,
    CustomerTicketPage,
    TicketActionIn,
    TicketCreatedOut,
    TicketDetailOut,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketPatchIn,
    TicketQuery,
)

router = Router(tags=["tickets"])


def _shown(user, ticket, staff_data: dict) -> dict:  # staff_data: built by the caller (a customer's is unused)
    """What the caller gets of a request: a customer user the one customer schema, our staff everything."""
    return customer_view.customer_ticket(ticket) if user.is_customer_user else staff_data


@router.post("", response={201: TicketCreatedOut | CustomerTicketOut, **ERRORS}, operation_id="create_ticket")
def create_ticket(request, payload: TicketIn):
    """Take a service request. Send `Idempotency-Key` to make a retry return the first result."""

    def work():
        intake = services.ticket_create(actor=request.user, **payload.model_dump())
        if request.user.is_customer_user:
            return 201, customer_view.customer_ticket(intake.ticket)
        return 201, presenters.ticket_data(intake.ticket, state=intake.state) | {"duplicates": intake.duplicates}

    status, body = idempotent(
        user=request.user,
        key=key_of(request),
        scope="create_ticket",
        body=request.body,
        work=work,
    )
    return prerendered(status, body)  # intake is the hot path (issue 2): no second pass through the schema


@router.get("", response={200: TicketPage | CustomerTicketPage, **ERRORS}, operation_id="list_tickets")
def list_tickets(request, query: Query[TicketQuery]):
    """The queue: newest first, filtered; `next_cursor` fetches the next page."""
    filters = selectors.QueueFilter(
        status=query.status,
        severity=query.severity,
        region_id=query.region_id,
        tier=query.tier,
        customer_id=query.customer_id,
        breached=query.breached,
        due_soon=query.due_soon,
        q=query.q,
        assignee=query.assignee,
        sort=query.sort,
        reported_from=query.reported_from,
        reported_to=query.reported_to,
        sla_policy_id=query.sla_policy_id,
        vendor_id=query.vendor_id,
        vendor_name=query.vendor_name,
        model_name=query.model_name,
        category_name=query.category_name,
        missed=query.missed,
        respond_minutes=query.respond_minutes,
        restore_minutes=query.restore_minutes,
    )
    page = selectors.ticket_list(request.user, filters, cursor=query.cursor, limit=query.limit)
    if request.user.is_customer_user:
        return {"items": [customer_view.customer_ticket(t) for t in page.items], "next_cursor": page.next_cursor}
    return {"items": [presenters.ticket_data(t) for t in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/{ticket_id}", response={200: TicketDetailOut | CustomerTicketDetailOut, **ERRORS}, operation_id="get_ticket"
)
def get_ticket(request, ticket_id: int):
    ticket = selectors.ticket_get(request.user, ticket_id)
    if request.user.is_customer_user:
        steps = customer_view.customer_steps(selectors.ticket_events(ticket))
        return customer_view.customer_ticket(ticket) | {"history": steps}
    return presenters.ticket_data(ticket) | {
        "history": [presenters.event_data(e) for e in selectors.ticket_events(ticket)]
    }


@router.post(
    "/{ticket_id}/transitions",
    response={200: TicketOut | CustomerTicketOut, **ERRORS},
    operation_id="apply_ticket_action",
)
def apply_ticket_action(request, ticket_id: int, payload: TicketActionIn):
    """Move a request through its lifecycle; 409 when the move is not allowed now or `version` is stale."""
    selectors.ticket_get(request.user, ticket_id)
    if payload.action == "dispatch":
        _dispatch(request, ticket_id, payload)
        ticket = selectors.ticket_get(request.user, ticket_id)
        return _shown(request.user, ticket, presenters.ticket_data(ticket))
    services.ticket_apply_action(
        ticket_id=ticket_id,
        action=payload.action,
        actor=request.user,
        expected_version=payload.version,
        at=payload.at,
        note=payload.note,
        assignee_id=payload.assignee_id,
    )
    ticket = selectors.ticket_get(request.user, ticket_id)
    return _shown(request.user, ticket, presenters.ticket_data(ticket))


def _dispatch(request, ticket_id: int, payload: TicketActionIn) -> None:
    """`dispatch` names who goes (issue 10): the engineer's user (`assignee_id`) or a partner (`partner_id`),
    through the dispatch service, which records the dispatch and moves the request; neither is a 400."""
    from aftersales.dispatch import services as dispatch

    if payload.expected_version_given():
        current = selectors.ticket_get(request.user, ticket_id)
        if current.version != payload.version:
            from aftersales.core.errors import stale_version

            raise stale_version(payload.version, current.version)
    dispatch.dispatch_assign(
        ticket_id=ticket_id,
        actor=request.user,
        assignee_id=payload.assignee_id,
        partner_id=payload.partner_id,
        note=payload.note,
    )


@router.patch("/{ticket_id}", response={200: TicketOut, **ERRORS}, operation_id="update_ticket")
def update_ticket(request, ticket_id: int, payload: TicketPatchIn):
    """Edit a request; `version` must be the one you read (409 otherwise). A new class recomputes deadlines."""
    selectors.ticket_get(request.user, ticket_id)
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version")
    services.ticket_update(ticket_id=ticket_id, actor=request.user, expected_version=version, **fields)
    return presenters.ticket_data(selectors.ticket_get(request.user, ticket_id))
