"""Cache invalidation only: any change to calendars, holidays or policies writes a new configuration generation
(in the change's transaction), which drops the cached policy values in every worker process (`selectors`)."""

from django.db.models.signals import post_delete, post_save

from aftersales.sla import models, selectors


def _changed(**_: object) -> None:
    selectors.generation_bump()


for _model in (
    models.Calendar,
    models.CalendarHours,
    models.HolidayDate,
    models.HolidayYear,
    models.SlaPolicy,
    models.SlaTarget,
):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"sla-cache-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"sla-cache-delete-{_model.__name__}")
