"""The management view's other inputs for a bench database: dispatches, callbacks, complaints and parts issued.

The bench databases (`aftersales fake`, multiplied by `bench/bench_postgres.py` to 10M) hold requests, their events,
devices and customers only: the dashboard's satisfaction, complaints and parts charts and the engineer and partner
assessments then read empty tables, so their figures measured nothing (issue 14). `add(now)` gives an existing
bench database, in place, what a service desk of that size has beside its requests, in the same proportions for
every request (chosen by its id, so two runs give the same rows):

- 200 engineers (a quarter of them a partner's) and 40 partners; 300 parts and one warehouse;
- a dispatch for 6 requests in 10 (to an engineer; for one request in ten, to a partner's engineer with the
  partner), dispatched 20 minutes after the report;
- a callback done a day after the report, with a satisfaction score, for 3 requests in 10;
- a complaint for one request in 500, two days after the report, about the engineer dispatched;
- one part issued for the request, 6 hours after the report, for one request in 10;

none of them later than the database's now (a request reported an hour ago has no callback yet).

Each kind is one `INSERT … SELECT` over `tickets_ticket` (SQLite or PostgreSQL); a database that already has the
bench engineers is left as it is. Called by `bench/bench_reports.py` before it measures (on the copy for SQLite,
in place for `--database-url`); `python bench/bench_extras.py --database-url URL` runs it alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENGINEERS = 200
PARTNERS = 40
PARTS = 300
MARK = "bench-eng-"  # the bench engineers' user names: present means the extras are in


def _contiguous(model, ids: list[int]) -> int:
    """The first id of rows that were made in one go; the SQL below picks one by `first + id % n`."""
    ids = sorted(ids)
    if ids != list(range(ids[0], ids[0] + len(ids))):
        raise RuntimeError(f"{model.__name__} ids are not contiguous: cannot pick one by modulo")
    return ids[0]


def _later(column: str, minutes: int) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"({column} + interval '{minutes} minutes')"
    return f"strftime('%Y-%m-%d %H:%M:%f', {column}, '+{minutes} minutes')"


def _date_later(column: str, minutes: int) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"(({column} + interval '{minutes} minutes') AT TIME ZONE 'Asia/Shanghai')::date"
    return f"date({column}, '+{minutes} minutes', '+8 hours')"


def _insert(table: str, columns: dict[str, str], where: str, *, now, minutes: int) -> int:
    """INSERT … SELECT `columns` over the requests `where` holds whose row's time (`minutes` after the report) has
    come by `now`: no callback or issue in the future."""
    import datetime as dt

    from django.db import connection

    names = ", ".join(columns)
    values = ", ".join(columns.values())
    reported_by = connection.ops.adapt_datetimefield_value(now - dt.timedelta(minutes=minutes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {values} FROM tickets_ticket t "
            f"WHERE {where} AND t.reported_at <= %s",
            [reported_by],
        )
        return cursor.rowcount


def add(now) -> dict:
    """Add the extras (module docstring) unless they are there; the rows added per kind and the seconds taken."""
    from django.db import connection, transaction

    from aftersales.accounts.models import User
    from aftersales.complaints.models import Complaint, ComplaintPolicy
    from aftersales.customers.models import Region
    from aftersales.dispatch.models import Dispatch, Engineer
    from aftersales.followups.models import Callback
    from aftersales.network.models import Partner
    from aftersales.parts.models import Location, Part, StockMove

    if User.objects.filter(username__startswith=MARK).exists():
        return {}
    started = time.perf_counter()
    added: dict = {}
    region = Region.objects.order_by("pk").first()
    policy = ComplaintPolicy.objects.order_by("-is_default", "pk").first()
    actor = User.objects.filter(role="supervisor").order_by("pk").first()
    if region is None or policy is None or actor is None:
        raise RuntimeError("the bench database has no region, complaint policy or supervisor")
    with transaction.atomic():
        partners = Partner.objects.bulk_create(
            Partner(
                kind="service",
                name=f"测试服务商{i:03d}",
                address="",
                contact="",
                phone="",
                service_area="",
                region=region,
                county="",
            )
            for i in range(PARTNERS)
        )
        users = User.objects.bulk_create(
            User(username=f"{MARK}{i:03d}", first_name=f"工程师{i:03d}", role="engineer", password="!")
            for i in range(ENGINEERS)
        )
        # a quarter of the engineers work for a partner: engineer i (i % 4 == 3) for partner i % PARTNERS
        engineers = Engineer.objects.bulk_create(
            Engineer(
                user=u,
                home_region=region,
                partner=partners[i % PARTNERS] if i % 4 == 3 else None,
                created_at=now,
                updated_at=now,
            )
            for i, u in enumerate(users)
        )
        parts = Part.objects.bulk_create(
            Part(
                part_number=f"BENCH-{i:04d}",
                name=f"备件{i:04d}",
                grade="原厂",
                notes="",
                created_at=now,
                updated_at=now,
            )
            for i in range(PARTS)
        )
        warehouse = Location.objects.create(name="测试中心库", kind="warehouse", region=region)
        e0 = _contiguous(Engineer, [e.pk for e in engineers])
        p0 = _contiguous(Partner, [p.pk for p in partners])
        part0 = _contiguous(Part, [p.pk for p in parts])
        engineer_of = f"({e0} + t.id % {ENGINEERS})"
        # the partner of engineer i (see above); NULL for the company's own engineers
        partner_of = f"(CASE WHEN t.id % {ENGINEERS} % 4 = 3 THEN {p0} + t.id % {ENGINEERS} % {PARTNERS} END)"
        seconds = {}

        t0 = time.perf_counter()
        added["dispatches"] = _insert(
            Dispatch._meta.db_table,
            {
                "created_at": _later("t.reported_at", 20),
                "updated_at": _later("t.reported_at", 20),
                "version": "1",
                "ticket_id": "t.id",
                "engineer_id": engineer_of,
                "partner_id": partner_of,
                "status": "'active'",
                "dispatched_by_id": str(actor.pk),
                "dispatched_at": _later("t.reported_at", 20),
                "note": "''",
            },
            "t.id % 10 < 6",
            now=now,
            minutes=20,
        )
        seconds["dispatches"] = round(time.perf_counter() - t0, 1)

        t0 = time.perf_counter()
        added["callbacks"] = _insert(
            Callback._meta.db_table,
            {
                "created_at": _later("t.reported_at", 240),
                "updated_at": _later("t.reported_at", 1440),
                "version": "2",
                "ticket_id": "t.id",
                "customer_id": "t.customer_id",
                "resolved_at": _later("t.reported_at", 240),
                "due_on": _date_later("t.reported_at", 1440),
                "status": "'done'",
                "attempts": "0",
                "answered_by": "''",
                "resolved": "(t.id % 17 <> 0)",
                # mostly satisfied: 5 five times in ten, 4 three times, then 3, 2 and 1
                "satisfaction": "(CASE WHEN t.id % 10 < 5 THEN 5 WHEN t.id % 10 < 8 THEN 4 "
                "WHEN t.id % 10 = 8 THEN 3 WHEN t.id % 20 = 9 THEN 2 ELSE 1 END)",
                "remarks": "''",
                "done_by_id": str(actor.pk),
                "done_at": _later("t.reported_at", 1440),
            },
            "t.id % 10 IN (0, 3, 7)",
            now=now,
            minutes=1440,
        )
        seconds["callbacks"] = round(time.perf_counter() - t0, 1)

        t0 = time.perf_counter()
        added["complaints"] = _insert(
            Complaint._meta.db_table,
            {
                "created_at": _later("t.reported_at", 2880),
                "updated_at": _later("t.reported_at", 2880),
                "version": "1",
                "source": "'hotline'",
                "customer_id": "t.customer_id",
                "ticket_id": "t.id",
                "against": "'engineer'",
                "engineer_id": engineer_of,
                "partner_id": partner_of,
                "summary": "'上门迟到'",
                "details": "''",
                "severity": "1",
                "policy_id": str(policy.pk),
                "status": "(CASE WHEN t.id % 1000 = 0 THEN 'replied' ELSE 'received' END)",
                "tier": "1",
                "received_at": _later("t.reported_at", 2880),
                "reply_by": _later("t.reported_at", 2880 + policy.reply_minutes),
                "senior_by": _later("t.reported_at", 2880 + policy.senior_minutes),
                "manager_by": _later("t.reported_at", 2880 + policy.manager_minutes),
                "deadline_uncertain": "false" if connection.vendor == "postgresql" else "0",
                "replied_at": f"(CASE WHEN t.id % 1000 = 0 THEN {_later('t.reported_at', 2900)} END)",
                "reply_text": "''",
                "root_cause": "''",
                "corrective_action": "''",
            },
            # a dispatched request (id % 10 < 6), one in 500
            "t.id % 500 = 0",
            now=now,
            minutes=2880,
        )
        seconds["complaints"] = round(time.perf_counter() - t0, 1)

        t0 = time.perf_counter()
        added["parts_issued"] = _insert(
            StockMove._meta.db_table,
            {
                "part_id": f"({part0} + t.id % {PARTS})",
                "location_id": str(warehouse.pk),
                "kind": "'issue'",
                "quantity": "1",
                "on_hand_delta": "-1",
                "reserved_delta": "0",
                "on_hand_after": "100",
                "reserved_after": "0",
                "ticket_id": "t.id",
                "actor_id": str(actor.pk),
                "at": _later("t.reported_at", 360),
                "note": "''",
            },
            "t.id % 10 = 1",
            now=now,
            minutes=360,
        )
        seconds["parts_issued"] = round(time.perf_counter() - t0, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Dispatch, Callback, Complaint, StockMove):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    added["seconds"] = seconds
    added["total_seconds"] = round(time.perf_counter() - started, 1)
    return added


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--now", required=True, help="the bench database's now (ISO)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.config.settings.dev")
    import datetime as dt

    import django

    django.setup()
    print(add(dt.datetime.fromisoformat(args.now)))


if __name__ == "__main__":
    main()
