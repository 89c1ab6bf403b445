"""What an attachment can hang off (its owner) and what it may be."""

from django.db import models
from django.utils.translation import gettext_noop


class OwnerKind(models.TextChoices):
    """The object an attachment belongs to: a service request, an on-site visit, an inspection or a complaint."""

    TICKET = "ticket", gettext_noop("服务请求")
    VISIT = "visit", gettext_noop("上门服务")
    INSPECTION = "inspection", gettext_noop("巡检")
    COMPLAINT = "complaint", gettext_noop("投诉")


# Owner kinds whose attachments the customer's own users see (visit photos and inspection notes are our
# working material; the customer gets the signed report and the feedback form as PDFs).
CUSTOMER_VISIBLE = frozenset({OwnerKind.TICKET, OwnerKind.COMPLAINT})

# The one parameter (access table PARAMS) that names each owner kind in URLs and service calls.
OWNER_PARAM = {
    OwnerKind.TICKET: "ticket_id",
    OwnerKind.VISIT: "visit_id",
    OwnerKind.INSPECTION: "inspection_id",
    OwnerKind.COMPLAINT: "complaint_id",
}
