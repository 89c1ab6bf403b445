"""The complaint deadline policies every installation starts with (SPEC §4; 篇1 2.16, 4.8). Idempotent."""

from __future__ import annotations

from aftersales.sla.reference import ALWAYS, OFFICE

HOTLINE_10_MINUTES = "篇1 2.16：10分钟内回复"
HOTLINE_2_HOURS = "篇1 4.8：2小时内回复"

# name, description, calendar name, reply, senior, manager (working minutes), default
POLICIES = (
    (
        HOTLINE_10_MINUTES,
        "监督投诉电话：10分钟内回复；1小时内安排更高级技术服务人员，4小时内公司负责领导亲赴现场（7×24）",
        ALWAYS,
        10,
        60,
        240,
        True,
    ),
    (
        HOTLINE_2_HOURS,
        "投诉热线：2小时内回复；1个工作日内安排更高级技术服务人员，2个工作日内公司负责领导亲赴现场",
        OFFICE,
        120,
        540,
        1080,
        False,
    ),
)


def seed(models) -> None:
    """Create the seeded policies that are missing. `models` maps names to classes (real or a migration's)."""
    ComplaintPolicy, Calendar = models["ComplaintPolicy"], models["Calendar"]  # noqa: N806
    has_default = ComplaintPolicy.objects.filter(is_default=True).exists()
    for name, description, calendar_name, reply, senior, manager, is_default in POLICIES:
        calendar = Calendar.objects.filter(name=calendar_name).first()
        if calendar is None or ComplaintPolicy.objects.filter(name=name).exists():
            continue
        ComplaintPolicy.objects.create(
            name=name,
            description=description,
            calendar=calendar,
            reply_minutes=reply,
            senior_minutes=senior,
            manager_minutes=manager,
            is_default=is_default and not has_default,
        )
        has_default = has_default or is_default
