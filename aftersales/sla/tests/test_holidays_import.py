"""Next year's holidays (issue 9, defect 12): `aftersales holidays import FILE` and the admin form, the recompute
of open deadlines, the table over the library, and the banner supervisors and admins see from December on."""

# ruff: noqa: RUF001, RUF100

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from aftersales.core import clock
from aftersales.customers import services as customer_services
from aftersales.sla import reference, selectors
from aftersales.sla.models import Calendar, HolidayDate, HolidayYear, SlaPolicy
from aftersales.sla.policy.worktime import add_working_minutes
from aftersales.sla.reference import OFFICE
from aftersales.tickets import services as ticket_services

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
DATA = Path(__file__).resolve().parents[1] / "data"
NOTICE = "year,name,kind,start,end\n2027,元旦,off,2027-01-01,2027-01-03\n2027,春节,off,2027-02-06,2027-02-12\n" + (
    "2027,春节,workday,2027-02-13,\n"
)


@pytest.fixture
def notice_file(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(NOTICE, encoding="utf-8")
    return path


@pytest.fixture
def office_ticket(agent):
    """Class 3 reported Thursday 2026-12-31 17:00 on office hours (Mon–Fri 8:30–17:30): 30 minutes that day."""
    office = SlaPolicy.objects.create(name="工作时间服务", calendar=Calendar.objects.get(name=OFFICE))
    customer = customer_services.customer_create(
        actor=agent, name="合肥市档案馆", address="合肥市蜀山区长江西路100号", sla_policy_id=office.pk
    )
    with clock.frozen(dt.datetime(2026, 12, 31, 17, 0, tzinfo=CST)):
        return ticket_services.ticket_create(
            actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="打印服务器无法连接"
        ).ticket


def test_the_library_stops_cleanly_at_the_last_year_it_knows():
    rows, years = reference.chinese_holidays(2025)

    assert years[0] == 2025
    assert 2027 not in years
    assert all(on.year in years for on, _, _ in rows)


def test_a_deadline_in_2027_is_uncertain_until_the_notice_is_imported_then_certain(notice_file):
    start = dt.datetime(2026, 12, 31, 17, 0, tzinfo=CST)
    office = selectors.work_calendar(Calendar.objects.get(name=OFFICE))
    before = add_working_minutes(office, start, 60)

    call_command("holidays", "import", str(notice_file))

    after = add_working_minutes(selectors.work_calendar(Calendar.objects.get(name=OFFICE)), start, 60)
    assert (before.at, before.uncertain) == (dt.datetime(2027, 1, 1, 9, 0, tzinfo=CST), True)
    assert (after.at, after.uncertain) == (dt.datetime(2027, 1, 4, 9, 0, tzinfo=CST), False)


def test_import_round_trip_stores_the_notice_and_a_second_import_changes_nothing(notice_file, capsys):
    call_command("holidays", "import", str(notice_file))
    stored = sorted(HolidayDate.objects.filter(on__year=2027).values_list("on", "kind", "name"))
    call_command("holidays", "import", str(notice_file))

    assert stored == sorted(HolidayDate.objects.filter(on__year=2027).values_list("on", "kind", "name"))
    assert len(stored) == 11
    assert (dt.date(2027, 2, 13), "workday", "春节") in stored
    assert HolidayYear.objects.get(year=2027).source == "国务院通知导入"
    assert "未作更改" in capsys.readouterr().out


def test_the_import_recomputes_an_open_deadline(office_ticket, notice_file):
    assert office_ticket.restore_by == dt.datetime(2027, 1, 1, 12, 0, tzinfo=CST)
    assert office_ticket.deadline_uncertain is True

    call_command("holidays", "import", str(notice_file))

    office_ticket.refresh_from_db()
    assert office_ticket.restore_by == dt.datetime(2027, 1, 4, 12, 0, tzinfo=CST)
    assert office_ticket.deadline_uncertain is False


def test_a_second_import_leaves_open_requests_alone(office_ticket, notice_file):
    call_command("holidays", "import", str(notice_file))
    office_ticket.refresh_from_db()
    version = office_ticket.version

    call_command("holidays", "import", str(notice_file))

    office_ticket.refresh_from_db()
    assert office_ticket.version == version


def test_a_replaced_notice_replaces_the_years_rows(tmp_path, notice_file):
    call_command("holidays", "import", str(notice_file))
    fixed = tmp_path / "fixed.json"
    fixed.write_text('{"year": 2027, "holidays": [{"name": "元旦", "off": [["2027-01-01", "2027-01-01"]]}]}')

    call_command("holidays", "import", str(fixed))

    assert list(HolidayDate.objects.filter(on__year=2027).values_list("on", flat=True)) == [dt.date(2027, 1, 1)]


@pytest.mark.parametrize(
    "text",
    [NOTICE + "2027,劳动节,workday,2027-05-06,\n", NOTICE.replace("2027-02-12", "2028-02-12")],
    ids=["weekday-workday", "outside-year"],
)
def test_a_bad_notice_stores_nothing(tmp_path, text):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("holidays", "import", str(path))

    assert not HolidayDate.objects.filter(on__year=2027).exists()
    assert not HolidayYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("name", ["holidays-2027.example.csv", "holidays-2027.example.json"])
def test_the_example_files_are_refused(name):
    with pytest.raises(CommandError, match="example"):
        call_command("holidays", "import", str(DATA / name))

    assert not HolidayYear.objects.filter(year=2027).exists()


def test_the_table_overrides_the_library_when_seeding_again(notice_file):
    call_command("holidays", "import", str(notice_file))
    HolidayDate.objects.filter(on=dt.date(2026, 10, 1)).update(name="管理员改过")

    reference.seed(
        {m.__name__: m for m in (HolidayYear, HolidayDate, Calendar, SlaPolicy)}
        | {"CalendarHours": Calendar.hours.rel.related_model, "SlaTarget": SlaPolicy.targets.rel.related_model}
    )

    assert HolidayYear.objects.get(year=2027).source == "国务院通知导入"
    assert HolidayDate.objects.filter(on__year=2027).count() == 11
    assert HolidayDate.objects.get(on=dt.date(2026, 10, 1)).name == "管理员改过"


def test_the_admin_form_imports_the_notice(client, admin_user, office_ticket):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("2027.csv", NOTICE.encode(), content_type="text/csv")

    response = client.post("/admin/sla/holidayyear/import/", {"file": upload})

    assert response.status_code == 302
    assert HolidayYear.objects.filter(year=2027).exists()
    office_ticket.refresh_from_db()
    assert office_ticket.restore_by == dt.datetime(2027, 1, 4, 12, 0, tzinfo=CST)


def test_the_admin_form_shows_why_a_notice_is_refused(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("bad.csv", (NOTICE + "2027,x,workday,2027-05-06,\n").encode())

    response = client.post("/admin/sla/holidayyear/import/", {"file": upload})

    assert response.status_code == 200
    assert "is not a Saturday or Sunday" in response.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()


# ---------------------------------------------------------------------------------------------- the banner

BANNER = 'id="holidays-missing-banner"'


@pytest.mark.parametrize(
    ("role", "day", "imported", "shown"),
    [
        ("supervisor", dt.date(2026, 12, 1), False, True),
        ("admin", dt.date(2026, 12, 31), False, True),
        ("supervisor", dt.date(2026, 11, 30), False, False),
        ("supervisor", dt.date(2026, 12, 15), True, False),
        ("agent", dt.date(2026, 12, 15), False, False),
        ("engineer", dt.date(2026, 12, 15), False, False),
    ],
    ids=["supervisor-dec-1", "admin-dec-31", "november", "imported", "agent", "engineer"],
)
def test_the_banner_shows_for_supervisors_and_admins_in_december_without_next_years_data(
    client, make_user, notice_file, role, day, imported, shown
):
    if imported:
        call_command("holidays", "import", str(notice_file))
    client.force_login(make_user(f"u-{role}", role))

    with clock.frozen(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=CST)):
        page = client.get("/", follow=True)

    assert page.status_code == 200
    assert (BANNER in page.content.decode()) is shown
    if shown:
        assert "2027 年的法定节假日尚未录入" in page.content.decode()
