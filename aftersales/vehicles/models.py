"""The 4S dealer's follow-up service (售后跟踪服务, SPEC §1 and §4; 篇8): vehicles in the customer archive, their
visits and pick-ups, the follow-up calls, the letters, the events announced to customers, and the supervisor's
reassignments when a follow-up person is away.

The four registers of 篇8 are views over these rows: 客户档案基本资料表 (Vehicle + ServiceVisit), 跟踪服务电话记录表
and 跟踪服务电话登记表 (FollowUpCall), 跟踪服务信函登记表 (Letter). Dated work (calls due, reminders, event
notices) lives in `plans.WorkItem`, created by `vehicles.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.core.models import TimeStampedModel
from aftersales.vehicles.choices import CallPurpose, EventKind, LetterKind, Satisfaction, VehicleType, VisitKind


class Vehicle(TimeStampedModel):
    """A customer's car in the archive (客户档案: 车型、车号、车种、保养周期、下一次保养期, 篇8 二.1).

    `visited_at` is the visit the archive was made for and `archived_at` when it was made; 篇8 wants it within
    two days, `is_archived_late` says it was not. `next_maintenance_on/km` are derived from the interval and the
    last service by `vehicles.policy.followup.next_maintenance` and stored for the reminder job and the lists.
    """

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="vehicles"
    )
    plate = models.CharField(_("车号"), max_length=16, unique=True)
    vin = models.CharField(_("车架号"), max_length=17, blank=True)
    model = models.CharField(_("车型"), max_length=64)
    vehicle_type = models.CharField(_("车种"), max_length=16, choices=VehicleType.choices, default=VehicleType.SEDAN)
    purchased_on = models.DateField(_("购车日期"), null=True, blank=True)
    interval_months = models.PositiveSmallIntegerField(_("保养周期（月）"), null=True, blank=True)
    interval_km = models.PositiveIntegerField(_("保养周期（公里）"), null=True, blank=True)
    last_service_on = models.DateField(_("上次保养日期"), null=True, blank=True)
    last_service_km = models.PositiveIntegerField(_("上次保养里程"), null=True, blank=True)
    odometer_km = models.PositiveIntegerField(_("最近里程"), null=True, blank=True)
    odometer_on = models.DateField(_("最近里程日期"), null=True, blank=True)
    next_maintenance_on = models.DateField(_("下一次保养期"), null=True, blank=True, db_index=True)
    next_maintenance_km = models.PositiveIntegerField(_("下一次保养里程"), null=True, blank=True)
    follow_up_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("跟踪业务员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_vehicles",
    )
    wishes = models.TextField(_("客户希望得到的服务"), blank=True)
    next_contact_plan = models.TextField(
        _("下一次服务针对性通话内容"),
        blank=True,
        help_text=_("篇8 规定 3：建档同时设计拟定“下一次”服务的通话内容、通信时间"),
    )
    visited_at = models.DateTimeField(_("送修或来访日期"))
    archived_at = models.DateTimeField(_("建档时间"))
    is_archived_late = models.BooleanField(_("逾期建档"), default=False, help_text=_("晚于来访后两日建档"))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("建档人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("车辆档案")
        verbose_name_plural = _("车辆档案")
        constraints = [
            models.UniqueConstraint(fields=["vin"], condition=~models.Q(vin=""), name="vehicle_vin_unique"),
        ]
        indexes = [models.Index(fields=["follow_up_user", "archived_at"], name="vehicle_person_archived")]

    def __str__(self) -> str:
        return f"{self.plate} {self.model}"


class ServiceVisit(models.Model):
    """One visit of a car (送修进场, 新车交付 or 来访咨询) and its pick-up (接车出厂), which starts the two
    follow-up calls of 篇8 规定 4–5. Recorded "两日内" too: `is_recorded_late` when not."""

    vehicle = models.ForeignKey(Vehicle, verbose_name=_("车辆"), on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(_("类别"), max_length=24, choices=VisitKind.choices)
    visited_at = models.DateTimeField(_("进厂或来访时间"))
    picked_up_at = models.DateTimeField(_("接车出厂时间"))
    mileage_km = models.PositiveIntegerField(_("里程"), null=True, blank=True)
    work_items = models.TextField(_("维修养护项目"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))
    is_recorded_late = models.BooleanField(_("逾期登记"), default=False)

    class Meta:
        verbose_name = _("进厂与接车")
        verbose_name_plural = _("进厂与接车")
        indexes = [models.Index(fields=["vehicle", "picked_up_at"], name="visit_vehicle_pickup")]

    def __str__(self) -> str:
        return f"{self.vehicle.plate} {self.get_kind_display()} {self.picked_up_at:%Y-%m-%d}"


class Event(TimeStampedModel):
    """A customer event (联谊活动、优惠服务活动、免费服务活动, 篇8 规定 6) announced by phone two weeks ahead and by
    letter within two more days to the customers the audience filter selects."""

    name = models.CharField(_("活动名称"), max_length=128)
    kind = models.CharField(_("活动类别"), max_length=16, choices=EventKind.choices, default=EventKind.PROMOTION)
    event_on = models.DateField(_("活动日期"))
    place = models.CharField(_("活动地址"), max_length=200, blank=True)
    content = models.TextField(_("活动内容"), blank=True)
    decided_on = models.DateField(_("决定日期"))
    phone_on = models.DateField(_("电话通知日"))
    letter_on = models.DateField(_("信函寄出日"))
    is_short_notice = models.BooleanField(_("不足两周"), default=False)
    with_letters = models.BooleanField(_("寄送邀请函"), default=True, help_text=_("篇8：视情况需要寄出通知信函"))
    audience_vehicle_type = models.CharField(_("对象车种"), max_length=16, choices=VehicleType.choices, blank=True)
    audience_model = models.CharField(_("对象车型包含"), max_length=64, blank=True)
    audience_purchased_from = models.DateField(_("购车日期自"), null=True, blank=True)
    audience_purchased_to = models.DateField(_("购车日期至"), null=True, blank=True)
    targeted_customers = models.PositiveIntegerField(_("通知客户数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("客户活动")
        verbose_name_plural = _("客户活动")

    def __str__(self) -> str:
        return f"{self.event_on} {self.name}"


class FollowUpCall(models.Model):
    """One call of the call record (跟踪服务电话记录表, 篇8 规定 4 and 7): our follow-up calls, reminders and event
    notices, and the customer's consultation or complaint calls. `call_no` is 1 or 2 for the two follow-up calls
    of a pick-up. A reached call completes its work item."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="follow_up_calls"
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("车辆"), null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    visit = models.ForeignKey(
        ServiceVisit, verbose_name=_("接车"), null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    purpose = models.CharField(_("通话事由"), max_length=24, choices=CallPurpose.choices)
    call_no = models.PositiveSmallIntegerField(
        _("跟踪次数"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    called_at = models.DateTimeField(_("通话时间"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办业务员"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_reached = models.BooleanField(_("已接通"), default=True)
    vehicle_condition = models.TextField(_("车辆运用情况"), blank=True)
    content = models.TextField(_("谈话要点"), blank=True)
    customer_opinion = models.TextField(_("对本公司服务的意见"), blank=True)
    customer_requests = models.TextField(_("客户要求、希望或投诉"), blank=True)
    handling = models.TextField(_("处理情况"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), choices=Satisfaction.choices, null=True, blank=True)
    next_action = models.TextField(_("下一步"), blank=True)
    needs_supervisor = models.BooleanField(
        _("须报告业务主管"), default=False, help_text=_("不能当时答复、研究后仍不能解决：两日内报告业务主管")
    )
    is_on_time = models.BooleanField(_("按时"), null=True, blank=True)
    work_item = models.ForeignKey(
        "plans.WorkItem", verbose_name=_("待办事项"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("跟踪服务电话")
        verbose_name_plural = _("跟踪服务电话")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "call_no"],
                condition=models.Q(is_reached=True),
                name="call_reached_once_per_visit_call_no",
            ),
            models.CheckConstraint(
                condition=models.Q(call_no__isnull=True) | models.Q(call_no__in=(1, 2)), name="call_no_one_or_two"
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="call_satisfaction_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["called_at"], name="call_called_at"),
            models.Index(fields=["handled_by", "called_at"], name="call_person_called_at"),
        ]

    def __str__(self) -> str:
        return f"{self.called_at:%Y-%m-%d} {self.get_purpose_display()}"


class Letter(models.Model):
    """One letter of the letter register (跟踪服务信函登记表, 篇8 规定 8): a notice, invitation or reply."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="follow_up_letters"
    )
    vehicle = models.ForeignKey(
        Vehicle, verbose_name=_("车辆"), null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("信函类别"), max_length=16, choices=LetterKind.choices)
    subject = models.CharField(_("事由"), max_length=200)
    address = models.CharField(_("寄送地址"), max_length=256)
    sent_on = models.DateField(_("寄出日期"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办业务员"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("备注"), blank=True)
    work_item = models.ForeignKey(
        "plans.WorkItem", verbose_name=_("待办事项"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("跟踪服务信函")
        verbose_name_plural = _("跟踪服务信函")
        indexes = [models.Index(fields=["sent_on"], name="letter_sent_on")]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.get_kind_display()} {self.subject}"


class FollowUpReassignment(models.Model):
    """The supervisor's one-step handover of an absent person's open follow-ups (篇8: 指定跟踪业务员不在岗时，由业务
    主管临时指派本部其他人员暂时工作). With `move_vehicles` the vehicles change follow-up person for good."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("原跟踪业务员"), on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接替人员"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("指派人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"))
    move_vehicles = models.BooleanField(_("同时移交车辆"), default=False)
    items_moved = models.PositiveIntegerField(_("移交待办数"))
    vehicles_moved = models.PositiveIntegerField(_("移交车辆数"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("跟踪工作改派")
        verbose_name_plural = _("跟踪工作改派")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.from_user} → {self.to_user}"
