"""Query sets of inspections with business names."""

from __future__ import annotations

from django.db import models

from aftersales.accounts.choices import STAFF_ROLES


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> InspectionQuerySet:
        """Staff see every inspection; a partner engineer its own; a customer user its organisation's."""
        if user.is_superuser or user.role in STAFF_ROLES:
            return self
        if user.is_partner_user:
            return self.filter(engineer=user)
        if user.is_customer_user and user.customer_id:
            return self.filter(customer_id=user.customer_id)
        return self.none()

    def open(self) -> InspectionQuerySet:
        return self.filter(status="in_progress")
