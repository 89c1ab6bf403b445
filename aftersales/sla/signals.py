"""Cache invalidation only: any change to calendars, holidays or policies drops the cached policy values."""

from django.db.models.signals import post_delete, post_save

from aftersales.sla import models, selectors


def _clear(**_: object) -> None:
    selectors.clear_cache()


for _model in (
    models.Calendar,
    models.CalendarHours,
    models.HolidayDate,
    models.HolidayYear,
    models.SlaPolicy,
    models.SlaTarget,
):
    post_save.connect(_clear, sender=_model, dispatch_uid=f"sla-cache-save-{_model.__name__}")
    post_delete.connect(_clear, sender=_model, dispatch_uid=f"sla-cache-delete-{_model.__name__}")
