"""Configuration screens: the holiday table, working-time calendars and SLA policies (SPEC §2, §8; issue 2).

Open requests keep their deadlines in their own rows, so a change here must reach them: saving a policy
(with its class targets), a calendar (with its opening hours) or the holiday table recomputes the open
requests on every affected policy. That is called explicitly from the save and delete hooks below, not
from signals (STYLE §4: signals only invalidate caches; the SLA cache is cleared by `sla/signals.py`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from aftersales.core.errors import DomainError
from aftersales.sla import models, recompute, services
from aftersales.sla.choices import Severity


def _recompute(request, policy_ids: Iterable[int]) -> None:
    """Recompute the deadlines of the open requests on these policies and say how many changed."""
    count = recompute.tickets_for_policies(policy_ids)
    if count:
        messages.info(request, f"已重新计算 {count} 个未结服务请求的时限 / Deadlines of {count} open requests redone")


def _recompute_complaints(request, calendars) -> None:
    """Complaint reply deadlines run on calendars too: recompute the open complaints on these calendars."""
    count = recompute.complaints_for_calendars(calendars)
    if count:
        messages.info(request, f"已重新计算 {count} 个未结投诉的时限 / Deadlines of {count} open complaints redone")


class HolidayNoticeForm(forms.Form):
    """One year's State Council notice as a small table (CSV or JSON; samples in aftersales/sla/data/)."""

    file = forms.FileField(
        label=_("通知文件（CSV 或 JSON）"), help_text=_("示例：aftersales/sla/data/holidays-2027.example.csv")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 200_000:
            raise forms.ValidationError("文件过大 / The file is too large")
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("文件须为 UTF-8 编码 / The file must be UTF-8") from None
        try:
            self.notice = services.holiday_notice_read(text, filename=upload.name)
        except DomainError as exc:
            raise forms.ValidationError(f"{exc.message_zh} / {exc.message_en}") from None
        return upload


class HolidayTableAdmin(admin.ModelAdmin):
    """Saving or deleting a row of the holiday table recomputes requests on holiday-aware calendars."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self._recompute_all(request)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        self._recompute_all(request)

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        self._recompute_all(request)

    @staticmethod
    def _recompute_all(request) -> None:
        counts = recompute.after_holiday_change()
        _say_recomputed(request, counts)


def _say_recomputed(request, counts: recompute.Recomputed) -> None:
    tickets, complaints = counts.tickets, counts.complaints
    if tickets:
        messages.info(
            request, f"已重新计算 {tickets} 个未结服务请求的时限 / Deadlines of {tickets} open requests redone"
        )
    if complaints:
        messages.info(
            request, f"已重新计算 {complaints} 个未结投诉的时限 / Deadlines of {complaints} open complaints redone"
        )


@admin.register(models.HolidayYear)
class HolidayYearAdmin(HolidayTableAdmin):
    list_display = ("year", "source", "notes")
    search_fields = ("year", "notes")
    ordering = ("-year",)
    change_list_template = "admin/sla/holidayyear/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="sla_holidayyear_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload a year's notice: the year's rows replaced, the year known, the open deadlines recomputed."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = HolidayNoticeForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                result = services.holidays_import(form.notice)
                counts = recompute.after_holiday_change() if result.changed else None
            if result.changed:
                messages.success(
                    request,
                    f"已导入 {result.year} 年：{result.holidays} 个放假日，{result.workdays} 个调休上班日 / "
                    f"{result.year} imported: {result.holidays} days off, {result.workdays} make-up workdays",
                )
                _say_recomputed(request, counts)
            else:
                messages.info(request, f"{result.year} 年节假日表未变化 / {result.year} already up to date")
            return redirect("admin:sla_holidayyear_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "导入国务院节假日安排通知",
            "form": form,
        }
        return TemplateResponse(request, "admin/sla/holidayyear/import.html", context)


@admin.register(models.HolidayDate)
class HolidayDateAdmin(HolidayTableAdmin):
    list_display = ("on", "weekday", "kind", "name")
    list_filter = ("kind", "name")
    search_fields = ("name",)
    date_hierarchy = "on"
    ordering = ("-on",)

    @admin.display(description=_("星期"))
    def weekday(self, obj: models.HolidayDate) -> str:
        return "一二三四五六日"[obj.on.weekday()]


class CalendarHoursInline(admin.TabularInline):
    model = models.CalendarHours
    fields = ("day", "opens_at", "closes_at")
    extra = 0
    verbose_name = _("营业时间（结束 00:00 表示午夜）")


@admin.register(models.Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "uses_holidays", "policy_count", "updated_at")
    list_filter = ("kind", "uses_holidays")
    search_fields = ("name",)
    inlines = [CalendarHoursInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(policy_count=Count("policies"))

    @admin.display(description=_("使用的策略数"), ordering="policy_count")
    def policy_count(self, obj) -> int:
        return obj.policy_count

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change:
            _recompute(request, form.instance.policies.values_list("pk", flat=True))
            _recompute_complaints(request, [form.instance])


class SlaTargetInline(admin.TabularInline):
    """One row per fault class (一类 … 四类); a class left out keeps the default table's targets."""

    model = models.SlaTarget
    fields = (
        "severity",
        "respond_minutes",
        "escalate_minutes",
        "restore_minutes",
        "resolve_minutes",
        "arrive_local_minutes",
        "arrive_province_minutes",
        "arrive_elsewhere_minutes",
        "vendor_minutes",
        "leadership_minutes",
    )
    ordering = ("severity",)
    max_num = len(Severity)

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return len(Severity) - (obj.targets.count() if obj is not None and obj.pk else 0)


@admin.register(models.SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "calendar", "is_default", "target_count", "description", "updated_at")
    list_filter = ("is_default", "calendar")
    search_fields = ("name", "description")
    list_select_related = ("calendar",)
    inlines = [SlaTargetInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(target_count=Count("targets"))

    @admin.display(description=_("已设级别数"), ordering="target_count")
    def target_count(self, obj) -> int:
        return obj.target_count

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The empty target rows start with the classes the policy has not set yet, one each.

        Given on POST too, so an untouched empty row compares equal to its initial value and is not saved.
        """
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, SlaTargetInline):
            have = set(obj.targets.values_list("severity", flat=True)) if obj is not None and obj.pk else set()
            kwargs["initial"] = [{"severity": severity} for severity in Severity.values if severity not in have]
        return kwargs

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change:
            _recompute(request, [form.instance.pk])
