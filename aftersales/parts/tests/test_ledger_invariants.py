"""The ledger always adds up: random sequences of moves against the real database, checked after every step.

A plain-Python reference model predicts each outcome (accepted or refused, and the stock after); after
every step the stock must equal the model and `selectors.ledger_check(deep=True)` must find nothing: each
(part, location) equals the sum of its signed moves, every balance-after is the running sum, and no running
balance was ever negative.
"""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aftersales.accounts.models import User
from aftersales.core.errors import DomainError
from aftersales.customers import services as customers
from aftersales.parts import selectors, services
from aftersales.parts.models import Stock, StockCount, StockMove
from aftersales.tickets import services as tickets

KINDS = ["receive", "reserve", "release", "issue", "return", "scrap", "transfer", "count"]
STEP = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 1),  # part
    st.integers(0, 1),  # location
    st.integers(0, 1),  # request
    st.integers(0, 4),  # quantity (0 is refused) or counted quantity
)


class Model:
    """The reference: what the store should hold, computed without the services or the policy module."""

    def __init__(self) -> None:
        self.on_hand: dict[tuple[int, int], int] = defaultdict(int)
        self.reserved: dict[tuple[int, int], int] = defaultdict(int)
        self.held: dict[tuple[int, int, int], int] = defaultdict(int)
        self.issued: dict[tuple[int, int], int] = defaultdict(int)

    def available(self, p: int, loc: int) -> int:
        return self.on_hand[(p, loc)] - self.reserved[(p, loc)]

    def apply(self, kind: str, p: int, loc: int, t: int, q: int, other: int) -> bool:
        """Change the model as the move should; False when the move must be refused."""
        if kind != "count" and q <= 0:
            return False
        if kind == "receive":
            self.on_hand[(p, loc)] += q
        elif kind == "reserve":
            if q > self.available(p, loc):
                return False
            self.reserved[(p, loc)] += q
            self.held[(t, p, loc)] += q
        elif kind == "release":
            if q > self.held[(t, p, loc)]:
                return False
            self.reserved[(p, loc)] -= q
            self.held[(t, p, loc)] -= q
        elif kind == "issue":
            own = min(q, self.held[(t, p, loc)])
            if q - own > self.available(p, loc):
                return False
            self.on_hand[(p, loc)] -= q
            self.reserved[(p, loc)] -= own
            self.held[(t, p, loc)] -= own
            self.issued[(t, p)] += q
        elif kind == "return":
            if q > self.issued[(t, p)]:
                return False
            self.on_hand[(p, loc)] += q
            self.issued[(t, p)] -= q
        elif kind == "scrap":
            if q > self.available(p, loc):
                return False
            self.on_hand[(p, loc)] -= q
        elif kind == "transfer":
            if q > self.available(p, loc):
                return False
            self.on_hand[(p, loc)] -= q
            self.on_hand[(p, other)] += q
        elif kind == "count":
            if q < self.reserved[(p, loc)]:
                return False
            self.on_hand[(p, loc)] = q
        return True


class LedgerInvariantTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.keeper = User.objects.create_user(username="keeper", password="x", role="warehouse")
        agent = User.objects.create_user(username="agent", password="x", role="agent")
        customer = customers.customer_create(actor=agent, name="芜湖市中医院", address="芜湖市镜湖区九华山路")
        cls.tickets = [
            tickets.ticket_create(
                actor=agent, customer_id=customer.pk, channel="phone", severity=3, title=f"故障{i}"
            ).ticket
            for i in range(2)
        ]
        cls.locations = [services.location_create(actor=cls.keeper, name=name) for name in ("合肥中心库", "芜湖库")]
        cls.parts = [services.part_create(actor=cls.keeper, part_number=f"P-{i}", name=f"备件{i}") for i in range(2)]

    def _run(self, kind, p, loc, t, q):
        part, location, ticket = self.parts[p], self.locations[loc], self.tickets[t]
        common = {"actor": self.keeper, "part_id": part.pk, "location_id": location.pk, "quantity": q}
        if kind == "transfer":
            services.part_transfer(to_location_id=self.locations[1 - loc].pk, **common)
        elif kind == "scrap":
            services.part_scrap(**common)
        elif kind == "count":
            self._count(location, part, q)
        elif kind == "receive":
            services.part_receive(**common)
        else:
            getattr(services, f"part_{kind}")(ticket_id=ticket.pk, **common)

    def _count(self, location, part, counted):
        count = services.stock_count_open(actor=self.keeper, location_id=location.pk)
        entries = [
            services.CountEntry(part_id=s.part_id, counted=s.on_hand)
            for s in Stock.objects.filter(location=location).exclude(part=part)
        ]
        entries.append(services.CountEntry(part_id=part.pk, counted=counted))
        services.stock_count_record(actor=self.keeper, count_id=count.pk, entries=entries)
        try:
            services.stock_count_close(actor=self.keeper, count_id=count.pk)
        finally:
            if StockCount.objects.get(pk=count.pk).status == "open":
                services.stock_count_cancel(actor=self.keeper, count_id=count.pk)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(STEP, min_size=1, max_size=20))
    def test_every_step_keeps_the_stock_equal_to_the_sum_of_its_moves(self, steps):
        """Each example runs in its own transaction (hypothesis' Django TestCase) on the same catalogue."""
        model = Model()
        for kind, p, loc, t, q in steps:
            expected_ok = model.apply(kind, p, loc, t, q, 1 - loc)
            moves_before = StockMove.objects.count()
            try:
                self._run(kind, p, loc, t, q)
                ok = True
            except DomainError:
                ok = False
            assert ok == expected_ok, (kind, p, loc, t, q)
            if not ok:
                assert StockMove.objects.count() == moves_before
            actual = {(s.part_id, s.location_id): (s.on_hand, s.reserved) for s in Stock.objects.all()}
            for (pi, li), value in model.on_hand.items():
                key = (self.parts[pi].pk, self.locations[li].pk)
                assert actual.get(key, (0, 0)) == (value, model.reserved[(pi, li)]), (kind, key)
            assert selectors.ledger_check(deep=True) == []
