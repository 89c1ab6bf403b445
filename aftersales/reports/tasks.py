"""Periodic jobs of the management view (listed in aftersales.config.periodic)."""

from __future__ import annotations

from aftersales.reports import services


def sla_rollup_job() -> None:
    """Recount the per-day SLA rollup (the last two months; every day once a day)."""
    services.sla_rollup()


def periodic_reports_job() -> None:
    """On the first working day of a month, quarter or year: the key customers' reports, sent once."""
    services.periodic_reports_generate()


def exports_pending_job() -> None:
    """Exports left queued by a restarted worker."""
    services.exports_pending_run()
