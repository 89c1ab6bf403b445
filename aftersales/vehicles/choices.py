"""Kinds of vehicles, visits, calls, letters and events of the 4S follow-up service (篇8), and who may do what."""

from django.db import models
from django.utils.translation import gettext_noop

from aftersales.accounts.choices import Role
from aftersales.dispatch.choices import Satisfaction as Satisfaction  # calls use the visits' 1–5 scale


class VehicleType(models.TextChoices):
    """车种."""

    SEDAN = "sedan", gettext_noop("轿车")
    SUV = "suv", "SUV"
    MPV = "mpv", "MPV"
    VAN = "van", gettext_noop("面包车")
    PICKUP = "pickup", gettext_noop("皮卡")
    TRUCK = "truck", gettext_noop("货车")
    BUS = "bus", gettext_noop("客车")
    OTHER = "other", gettext_noop("其他")


class VisitKind(models.TextChoices):
    """Why the customer came (送修进场 or 来访咨询, 篇8 规定 2 and 4)."""

    PURCHASE_DELIVERY = "purchase_delivery", gettext_noop("新车交付")
    MAINTENANCE = "maintenance", gettext_noop("保养")
    REPAIR = "repair", gettext_noop("维修")
    CONSULTATION = "consultation", gettext_noop("来访咨询")


class CallPurpose(models.TextChoices):
    """What a call in the call record (跟踪服务电话记录) was about; the last two are calls from the customer."""

    FOLLOW_UP = "follow_up", gettext_noop("跟踪服务")
    MAINTENANCE_REMINDER = "maintenance_reminder", gettext_noop("保养提醒")
    EVENT_NOTICE = "event_notice", gettext_noop("活动通知")
    INBOUND_CONSULTATION = "inbound_consultation", gettext_noop("咨询来电")
    INBOUND_COMPLAINT = "inbound_complaint", gettext_noop("投诉来电")


INBOUND_PURPOSES = frozenset({CallPurpose.INBOUND_CONSULTATION, CallPurpose.INBOUND_COMPLAINT})


class LetterKind(models.TextChoices):
    """信函: 通知、邀请函、答复函 (篇8 规定 8)."""

    NOTICE = "notice", gettext_noop("通知")
    INVITATION = "invitation", gettext_noop("邀请函")
    REPLY = "reply", gettext_noop("答复函")


class EventKind(models.TextChoices):
    """客户联谊活动、优惠服务活动、免费服务活动 (篇8 规定 6)."""

    SOCIAL = "social", gettext_noop("联谊活动")
    PROMOTION = "promotion", gettext_noop("优惠服务活动")
    FREE_SERVICE = "free_service", gettext_noop("免费服务活动")


# Who works the follow-up service and who reassigns is the access table's (vehicles.desk, vehicles.reassign).
# Who may be a vehicle's follow-up person (跟踪业务员) or take over someone's follow-ups.
FOLLOW_UP_PERSON_ROLES = frozenset({Role.AGENT, Role.CALLBACK, Role.SUPERVISOR})
# Work item kinds this app creates (all move together on a reassignment).
WORK_ITEM_KINDS = ("follow_up", "maintenance_reminder", "event_phone", "event_letter")
# The role pool of a vehicle's work while it has no follow-up person.
POOL_ROLE = Role.CALLBACK
