"""Periodic entry points of complaints (wired into the in-process scheduler and Celery beat by the lead).

- `complaints_sweep` — every minute: escalate complaints whose reply, senior-engineer or manager deadline
  passed without its event, one tier per run, and notify (kind "complaint_escalated"). Idempotent.
"""

from __future__ import annotations

import datetime as dt

from aftersales.complaints import services

SWEEP_INTERVAL_SECONDS = 60


def complaints_sweep(at: dt.datetime | None = None) -> services.SweepResult:
    """Escalate the complaints that are due (see `services.complaints_escalate_due`)."""
    return services.complaints_escalate_due(at=at)
