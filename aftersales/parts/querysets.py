"""Query vocabulary of the parts store: low stock, open and overdue loans."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q


class StockQuerySet(models.QuerySet):
    def needs_reorder(self) -> StockQuerySet:
        """Available (on hand − reserved) at or below the reorder point: parts.policy.reorder.needs_reorder in SQL."""
        return self.filter(Q(reorder_point__isnull=False) & Q(reorder_point__gte=F("on_hand") - F("reserved")))


class LoanQuerySet(models.QuerySet):
    def open(self) -> LoanQuerySet:
        """Loaners still out with the customer."""
        return self.filter(returned_at__isnull=True)

    def overdue(self, *, today: dt.date) -> LoanQuerySet:
        """Out past their due-back date (parts.policy.loaners.is_overdue in SQL)."""
        return self.filter(returned_at__isnull=True, due_back_on__lt=today)
