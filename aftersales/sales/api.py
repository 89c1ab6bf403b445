"""API of the sale-to-service area (mounted at the API root: full paths /sales/…, /installations/…).

The pipeline (篇5): opportunities, their buying centre and proposals, stage moves through the gates (409 with the
missing items), lost deals, the forecast by month. The installation project (篇6): from a won contract, its
delivery checklist, site tasks with 7 days' notice, device tests, the acceptance certificate (assets accepted,
warranty from the next day, monthly plan, trainings) and the trainings' attendees. Who may do what: the access
table (aftersales/sales/access_rules.py).
"""

from __future__ import annotations

from ninja import Query, Router, Status

from aftersales.core.pagination import paginate
from aftersales.core.schemas import ERRORS, ParamText
from aftersales.sales import presenters, selectors, services
from aftersales.sales.schemas import (
    AcceptanceIn,
    AdvanceIn,
    AttendeeIn,
    AttendeeOut,
    BuyingMemberIn,
    BuyingMemberOut,
    CountIn,
    DeviceTestIn,
    ForecastOut,
    GateErrorOut,
    InstallationIn,
    InstallationOut,
    InstallationPage,
    LineIn,
    LineOut,
    LoseIn,
    OpportunityIn,
    OpportunityOut,
    OpportunityPage,
    OpportunityPatchIn,
    ProposalIn,
    ProposalOut,
    ProposalReviewIn,
    ProposalVersionIn,
    TaskIn,
    TaskOut,
)

router = Router(tags=["sales"])
GATED = {**ERRORS, 409: GateErrorOut}


def _opportunity(request, opportunity_id: int) -> dict:
    return presenters.opportunity_data(selectors.opportunity_get(request.user, opportunity_id))


def _installation(request, installation_id: int) -> dict:
    return presenters.installation_data(selectors.installation_get(request.user, installation_id))


# ------------------------------------------------------------------------------------------- opportunities


@router.post("/sales/opportunities", response={201: OpportunityOut, **ERRORS}, operation_id="create_opportunity")
def create_opportunity(request, payload: OpportunityIn):
    """Open an opportunity (确认商机) at a customer; the caller owns it unless a manager names `owner_id`."""
    fields = payload.model_dump()
    value = fields.pop("value")
    if value is not None:
        fields["amount"] = value
    opportunity = services.opportunity_create(actor=request.user, **fields)
    return Status(201, _opportunity(request, opportunity.pk))


@router.get("/sales/opportunities", response={200: OpportunityPage, **ERRORS}, operation_id="list_opportunities")
def list_opportunities(
    request,
    status: ParamText | None = None,
    stage: ParamText | None = None,
    customer: int | None = None,
    cursor: ParamText | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    """Opportunities the caller may see (a salesperson: their own), newest first."""
    rows = selectors.opportunity_list(request.user, status=status, stage=stage, customer=customer).prefetch_related(
        "buying_centre__contact", "proposals__versions"
    )
    page = paginate(rows, ordering=["-id"], cursor=cursor, limit=limit)
    return {"items": [presenters.opportunity_data(o) for o in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/sales/opportunities/{opportunity_id}", response={200: OpportunityOut, **ERRORS}, operation_id="get_opportunity"
)
def get_opportunity(request, opportunity_id: int):
    """One opportunity with its buying centre, proposals and what each stage still needs (`missing`)."""
    return _opportunity(request, opportunity_id)


@router.patch(
    "/sales/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **ERRORS},
    operation_id="update_opportunity",
)
def update_opportunity(request, opportunity_id: int, payload: OpportunityPatchIn):
    """Change what is known: need, benefit analysis, difference assessment, terms, next step, value…"""
    fields = payload.model_dump(exclude_unset=True)
    expected = fields.pop("expected_version", None)
    services.opportunity_update(actor=request.user, opportunity_id=opportunity_id, expected_version=expected, **fields)
    return _opportunity(request, opportunity_id)


@router.post(
    "/sales/opportunities/{opportunity_id}/advance",
    response={200: OpportunityOut, **GATED},
    operation_id="advance_opportunity",
)
def advance_opportunity(request, opportunity_id: int, payload: AdvanceIn):
    """Move to stage `to`; 409 with `missing` (code, zh, en) when the stage's gate is not met. `close` wins the
    deal and registers its contract (`contract_number`, `starts_on`, `ends_on`, `reason`)."""
    services.opportunity_advance(actor=request.user, opportunity_id=opportunity_id, **payload.model_dump())
    return _opportunity(request, opportunity_id)


@router.post(
    "/sales/opportunities/{opportunity_id}/lost",
    response={200: OpportunityOut, **ERRORS},
    operation_id="lose_opportunity",
)
def lose_opportunity(request, opportunity_id: int, payload: LoseIn):
    services.opportunity_lose(actor=request.user, opportunity_id=opportunity_id, **payload.model_dump())
    return _opportunity(request, opportunity_id)


@router.post(
    "/sales/opportunities/{opportunity_id}/buying-centre",
    response={201: BuyingMemberOut, **ERRORS},
    operation_id="add_buying_centre_member",
)
def add_buying_centre_member(request, opportunity_id: int, payload: BuyingMemberIn):
    """Name a person of the buying centre: a contact of the customer (`contact_id`) or a new one."""
    member = services.buying_member_add(actor=request.user, opportunity_id=opportunity_id, **payload.model_dump())
    data = next(m for m in _opportunity(request, opportunity_id)["buying_centre"] if m["id"] == member.pk)
    return Status(201, data)


@router.post(
    "/sales/opportunities/{opportunity_id}/proposals",
    response={201: ProposalOut, **ERRORS},
    operation_id="create_proposal",
)
def create_proposal(request, opportunity_id: int, payload: ProposalIn):
    """Start a proposal (方案书) with its first version (text; documents are uploaded on the page)."""
    proposal = services.proposal_create(actor=request.user, opportunity_id=opportunity_id, **payload.model_dump())
    return Status(201, _proposal(request, proposal.pk))


def _proposal(request, proposal_id: int) -> dict:
    opportunity = selectors.opportunity_visible(request.user).filter(proposals__pk=proposal_id).first()
    return next(p for p in _opportunity(request, opportunity.pk)["proposals"] if p["id"] == proposal_id)


@router.post(
    "/sales/proposals/{proposal_id}/versions",
    response={201: ProposalOut, **ERRORS},
    operation_id="add_proposal_version",
)
def add_proposal_version(request, proposal_id: int, payload: ProposalVersionIn):
    """A new version after the customer's remarks; the proposal becomes a draft again."""
    services.proposal_version_add(actor=request.user, proposal_id=proposal_id, **payload.model_dump())
    return Status(201, _proposal(request, proposal_id))


@router.post("/sales/proposals/{proposal_id}/send", response={200: ProposalOut, **GATED}, operation_id="send_proposal")
def send_proposal(request, proposal_id: int):
    """Send the latest version to the customer; 409 with `missing` until the benefit analysis and the difference
    assessment are written."""
    services.proposal_send(actor=request.user, proposal_id=proposal_id)
    return _proposal(request, proposal_id)


@router.post(
    "/sales/proposals/{proposal_id}/review", response={200: ProposalOut, **ERRORS}, operation_id="review_proposal"
)
def review_proposal(request, proposal_id: int, payload: ProposalReviewIn):
    """The customer's review of the sent proposal: approved, or back for changes."""
    services.proposal_review(actor=request.user, proposal_id=proposal_id, **payload.model_dump())
    return _proposal(request, proposal_id)


@router.get("/sales/forecast", response={200: ForecastOut, **ERRORS}, operation_id="get_sales_forecast")
def get_sales_forecast(request):
    """By month: open deals by expected close (value and stage-weighted value) and deals won."""
    months = selectors.forecast(request.user)
    return {
        "months": [
            {
                "month": m.month,
                "open_count": m.open_count,
                "open_amount": presenters.money(m.open_amount),
                "weighted_amount": presenters.money(m.weighted_amount),
                "won_count": m.won_count,
                "won_amount": presenters.money(m.won_amount),
            }
            for m in months
        ]
    }


# ------------------------------------------------------------------------------------------- installations


@router.post("/installations", response={201: InstallationOut, **ERRORS}, operation_id="create_installation")
def create_installation(request, payload: InstallationIn):
    """Open the installation project of a (won) contract."""
    installation = services.installation_create(actor=request.user, **payload.model_dump())
    return Status(201, _installation(request, installation.pk))


@router.get("/installations", response={200: InstallationPage, **ERRORS}, operation_id="list_installations")
def list_installations(
    request,
    status: ParamText | None = None,
    cursor: ParamText | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    rows = selectors.installation_list(request.user, status=status).prefetch_related(
        "lines__tests", "lines__asset", "tasks", "trainings__attendees"
    )
    page = paginate(rows, ordering=["-id"], cursor=cursor, limit=limit)
    return {"items": [presenters.installation_data(i) for i in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/installations/{installation_id}", response={200: InstallationOut, **ERRORS}, operation_id="get_installation"
)
def get_installation(request, installation_id: int):
    """The project: checklist, tasks, tests, acceptance, accepted assets, trainings, and what acceptance needs."""
    return _installation(request, installation_id)


@router.post(
    "/installations/{installation_id}/lines", response={201: LineOut, **ERRORS}, operation_id="add_delivery_line"
)
def add_delivery_line(request, installation_id: int, payload: LineIn):
    line = services.delivery_line_add(actor=request.user, installation_id=installation_id, **payload.model_dump())
    return Status(201, next(x for x in _installation(request, installation_id)["lines"] if x["id"] == line.pk))


@router.post(
    "/installations/{installation_id}/count", response={200: LineOut, **ERRORS}, operation_id="count_delivery_line"
)
def count_delivery_line(request, installation_id: int, payload: CountIn):
    """Record a line counted with the customer's person (quantity, appearance)."""
    fields = payload.model_dump()
    line_id = fields.pop("line")
    services.delivery_line_count(actor=request.user, installation_id=installation_id, line_id=line_id, **fields)
    return next(x for x in _installation(request, installation_id)["lines"] if x["id"] == line_id)


@router.post(
    "/installations/{installation_id}/tasks", response={201: TaskOut, **ERRORS}, operation_id="schedule_site_task"
)
def schedule_site_task(request, installation_id: int, payload: TaskIn):
    """Schedule site work for an engineer at least 7 days ahead; the customer is told now (篇6)."""
    task = services.site_task_schedule(actor=request.user, installation_id=installation_id, **payload.model_dump())
    return Status(201, next(x for x in _installation(request, installation_id)["tasks"] if x["id"] == task.pk))


@router.post(
    "/installations/{installation_id}/tests", response={201: LineOut, **ERRORS}, operation_id="record_device_test"
)
def record_device_test(request, installation_id: int, payload: DeviceTestIn):
    fields = payload.model_dump()
    line_id = fields.pop("line")
    services.device_test_record(actor=request.user, installation_id=installation_id, line_id=line_id, **fields)
    return Status(201, next(x for x in _installation(request, installation_id)["lines"] if x["id"] == line_id))


@router.post(
    "/installations/{installation_id}/acceptance",
    response={200: InstallationOut, **GATED},
    operation_id="sign_acceptance",
)
def sign_acceptance(request, installation_id: int, payload: AcceptanceIn):
    """Sign the acceptance certificate (设备验收合格书): the devices' assets get `accepted_on` (warranty from the next
    day), the monthly plan starts and the trainings are scheduled. 409 with `missing` when the checklist is not
    counted in full or a device has not passed its tests."""
    services.acceptance_sign(actor=request.user, installation_id=installation_id, **payload.model_dump())
    return _installation(request, installation_id)


@router.post(
    "/sales/trainings/{training_id}/attendees",
    response={201: AttendeeOut, **ERRORS},
    operation_id="add_training_attendee",
)
def add_training_attendee(request, training_id: int, payload: AttendeeIn):
    attendee = services.training_attendee_add(actor=request.user, training_id=training_id, **payload.model_dump())
    return Status(201, {"id": attendee.pk, "name": attendee.name, "department": attendee.department, "attended": False})
