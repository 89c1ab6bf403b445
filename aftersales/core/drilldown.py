"""The bounds of a dashboard point, shared by the chart that counts it and the list it drills down to.

`DrillDown` is what `core.forms.DrillDownForm.bounds()` reads from a list's query string: rows in [start, end)
of the region and customer given, each bound optional. An area's rule (`followups.selectors.Rated`,
`parts.selectors.Consumed`) subclasses it and names its own fields for `narrow`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class DrillDown:
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    region_id: int | None = None
    customer_id: int | None = None

    def narrow(self, qs: QuerySet, *, at: str, customer: str, region: str) -> QuerySet:
        """`qs` within these bounds: `at` is the path of the row's time, `customer` and `region` the paths of its
        customer's and region's ids."""
        if self.start is not None:
            qs = qs.filter(**{f"{at}__gte": self.start})
        if self.end is not None:
            qs = qs.filter(**{f"{at}__lt": self.end})
        if self.customer_id is not None:
            qs = qs.filter(**{customer: self.customer_id})
        if self.region_id is not None:
            qs = qs.filter(**{region: self.region_id})
        return qs
