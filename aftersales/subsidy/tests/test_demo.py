"""The subsidy demo: every claim and return state, a user of each role with work, and a second run adds nothing."""

from __future__ import annotations

import pytest

from aftersales.demo import subsidy as demo
from aftersales.demo.loader import DemoReport
from aftersales.subsidy import selectors
from aftersales.subsidy.models import Claim, GroupOrder, Outlet, Return, Sale


@pytest.mark.django_db
def test_demo_loads_every_state_once(admin, now, monkeypatch):
    monkeypatch.setattr(demo, "SALES", 150)  # the demo loads 300; half shows every state as well
    report = DemoReport()
    added = demo.load(report)
    assert added["sales"] == demo.SALES
    assert set(Claim.objects.values_list("status", flat=True)) == {
        "filed",
        "verified",
        "failed",
        "paid",
        "cancelled",
        "refunded",
    }
    assert set(Return.objects.values_list("status", flat=True)) == {"returned", "pre_return", "awaiting_refund"}
    assert set(Outlet.objects.values_list("status", flat=True)) == {"approved", "pending", "rejected", "suspended"}
    assert Sale.objects.filter(entered_late=True).exists()
    assert GroupOrder.objects.filter(delivered_late=True).exists()
    from aftersales.accounts.models import User

    users = {u.role: u for u in User.objects.filter(username__in=[u[0] for u in demo.USERS])}
    assert len(users) == 5
    assert selectors.sales(users["outlet_clerk"]).exists()
    assert selectors.claims(users["township_finance"]).exists()
    assert selectors.claims(users["county_finance"], status="filed").exists()
    assert selectors.outlets(users["commerce"], status="pending").exists()
    assert selectors.outlets(users["enterprise"]).exists()
    assert (
        selectors.claims(users["county_finance"], overdue=True).exists()
        or Claim.objects.filter(paid_late=True).exists()
    )

    counts = (Sale.objects.count(), Claim.objects.count(), Return.objects.count(), User.objects.count())
    again = demo.load(DemoReport())
    assert again == {"sales": 0, "claims": 0, "returns": 0}
    assert (Sale.objects.count(), Claim.objects.count(), Return.objects.count(), User.objects.count()) == counts
