"""References: the one check per referenced model of an id that enters through the API, a page or a service.

An id names an object that must exist (and sometimes satisfy more: an active staff user, a callback of the
same customer that has no complaint yet). Each such rule lives here once, as a `Reference`, and is used

- by a service, `REF.check(pk, **scope)`, before it writes the id (the foreign key would otherwise fail only
  at commit, a 500 on SQLite, or not at all for a plain id column such as `Complaint.callback_id`);
- by an input schema, as the field's type `REF.Id` (or `REF.Id | None`): the same check runs while the body is
  read, so the API answers before any work starts.

Either way the answer is the same 422 `unknown_reference` ("does not exist or is not accessible"). Models are
named by their label and resolved lazily, so `core` imports no domain app; a reference whose rule needs a
domain app's terms lives in that app (`accounts.references.STAFF_USER`: the staff roles are accounts').
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from django.apps import apps
from django.db.models import Q
from pydantic import AfterValidator

from aftersales.core.errors import unknown_reference

# Ids are positive and fit PostgreSQL's bigint; anything else names nothing.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Reference:
    model: str  # "app_label.ModelName"
    what_zh: str
    what_en: str
    condition: Callable[[], Q] | None = field(default=None, compare=False)

    def queryset(self):
        qs = apps.get_model(self.model)._default_manager.all()
        return qs.filter(self.condition()) if self.condition is not None else qs

    def error(self):
        return unknown_reference(self.what_zh, self.what_en)

    def check(self, pk: Any, **scope: Any) -> None:
        """Raise 422 unless `pk` names a row that satisfies the reference (and `scope`, e.g. customer_id=…)."""
        if isinstance(pk, bool) or not isinstance(pk, int) or not 0 < pk <= MAX_ID:
            raise self.error()
        if not self.queryset().filter(pk=pk, **scope).exists():
            raise self.error()

    def _validate(self, pk: int) -> int:
        self.check(pk)
        return pk

    @property
    def Id(self) -> Any:  # noqa: N802 - used as a type: `assignee_id: STAFF_USER.Id | None = None`
        """The schema type of an id of this reference (checked while the body is read)."""
        return Annotated[int, AfterValidator(self._validate)]


CUSTOMER = Reference("customers.Customer", "客户", "Customer")
TICKET = Reference("tickets.Ticket", "服务请求", "Ticket")
ENGINEER = Reference("dispatch.Engineer", "工程师", "Engineer")
PARTNER = Reference("network.Partner", "合作伙伴", "Partner")
COMPLAINT_POLICY = Reference("complaints.ComplaintPolicy", "投诉时限策略", "Complaint policy")
CALLBACK = Reference("followups.Callback", "回访", "Callback")
"""A callback, checked with `customer_id=…`; `complaints.services` adds "no complaint yet" under its lock."""
