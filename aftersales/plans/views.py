"""Pages of work items: each person's "my day" (我的一天) with one-click completion (htmx), and the supervisor's
overdue report with the one-step reassignment of an absent person's work.

Thin views: forms validate, selectors read (an item the user may not act on is a 404), services write; a
DomainError is shown in the user's language.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aftersales.core import clock
from aftersales.core.errors import DomainError
from aftersales.plans import selectors, services
from aftersales.plans.forms import CompleteForm, ReassignForm
from aftersales.plans.models import WorkItem

DISPATCH_ROLES = ("engineer", "partner")


def _day_param(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return clock.today()


def _dispatch_work(user) -> int | None:
    """How many dispatched requests wait for an engineer or partner today (shown as a link to 我的工作)."""
    if user.role not in DISPATCH_ROLES:
        return None
    from aftersales.dispatch import selectors as dispatch

    return len(dispatch.my_day(user).work)


@require_GET
def my_day(request: HttpRequest) -> HttpResponse:
    """我的一天: open work due today or earlier (overdue flagged), the coming week, and what was done today."""
    on = _day_param(request)
    day = selectors.my_day(request.user, on=on)
    return render(
        request,
        "plans/my_day.html",
        {
            "nav": "plans_my_day",
            "day": day,
            "dispatch_work": _dispatch_work(request.user),
            "previous_day": on - dt.timedelta(days=1),
            "next_day": on + dt.timedelta(days=1),
            "is_today": on == clock.today(),
        },
    )


def _row(request: HttpRequest, item: WorkItem, on: dt.date, error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "plans/partials/work_item.html", {"item": item, "on": on, "error": error}, status=status)


@require_POST
def work_item_complete(request: HttpRequest, item_id: int) -> HttpResponse:
    """Complete one item with a result note; htmx gets the row back, a plain form post goes back to the day."""
    try:
        selectors.work_item_get(request.user, item_id)
    except DomainError as exc:
        raise Http404(exc.message_en) from None
    form = CompleteForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.work_item_complete(item_id=item_id, actor=request.user, result=form.cleaned_data["result"].strip())
        except DomainError as exc:
            error = exc.message(request.LANGUAGE_CODE)
    else:
        error = _("结果说明过长")
    if request.htmx:
        return _row(request, selectors.work_item_get(request.user, item_id), clock.today(), error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("已完成"))
    return redirect("plans:my_day")


def _reassign_form(data=None) -> ReassignForm:
    return ReassignForm(data, holders=selectors.people_with_open_items(), takers=selectors.people_to_take_work())


@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    """逾期待办: overdue counts per person and kind, the oldest items, and the reassignment form."""
    report = selectors.overdue_report(on=_day_param(request))
    return render(request, "plans/overdue.html", {"nav": "plans_overdue", "report": report, "form": _reassign_form()})


@require_POST
def reassign(request: HttpRequest) -> HttpResponse:
    """Hand every open item of an absent person (optionally some kinds only) to another person in one step."""
    form = _reassign_form(request.POST)
    if form.is_valid():
        try:
            moved = services.work_items_reassign(
                from_user_id=form.cleaned_data["from_user"],
                to_user_id=form.cleaned_data["to_user"],
                actor=request.user,
                kinds=tuple(form.cleaned_data["kinds"]),
            )
        except DomainError as exc:
            messages.error(request, exc.message(request.LANGUAGE_CODE))
        else:
            messages.success(request, _("已转交 %(count)d 项待办") % {"count": moved})
            return redirect("plans:overdue")
    report = selectors.overdue_report(on=clock.today())
    return render(request, "plans/overdue.html", {"nav": "plans_overdue", "report": report, "form": form}, status=400)
