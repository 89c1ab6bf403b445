"""Excel export and all-or-nothing import of the archive (SPEC §1; issue 2)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aftersales.assets import services as asset_services
from aftersales.assets.models import Asset
from aftersales.core.errors import DomainError
from aftersales.customers import excel, services
from aftersales.customers.excel import ImportReport, RowError
from aftersales.customers.models import Customer, Region

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
CUSTOMER_HEADER = ["名称", "类型", "地址", "省份", "地区", "区县", "电话", "电子邮件", "统一社会信用代码", "重点客户"]
ASSET_HEADER = [
    "客户名称",
    "客户地址",
    "厂商",
    "型号",
    "类别",
    "序列号",
    "安装地点",
    "数量",
    "购买日期",
    "验收日期",
    "保修月数",
    "工程质保月数",
]
HOSPITAL = ("合肥市第一人民医院信息科", "合肥市庐阳区淮河路390号")
BANK = ("南京银行玄武支行", "南京市玄武区中山路1号")


def excel_date(year: int, month: int, day: int) -> dt.datetime:
    """A date as openpyxl reads it back from a date cell: a naive midnight datetime."""
    return dt.datetime.combine(dt.date(year, month, day), dt.time())


def workbook(**sheets: list[list]) -> bytes:
    """An .xlsx file with one sheet per keyword argument (the title), rows as given."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_of(data: bytes, title: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(row) for row in book[title].iter_rows(values_only=True)]


@pytest.fixture
def archive(agent, customer, asset):
    """Three customers (合肥 organisation, 南京 organisation, 芜湖 person) and two assets."""
    bank = services.customer_create(
        actor=agent, name=BANK[0], address=BANK[1], email="it@njbank.example.com", credit_code="91110108551385082Q"
    )
    services.customer_create(
        actor=agent,
        name="张伟",
        address="芜湖市镜湖区中山路1号",
        kind="person",
        phone="13805510000",
        is_key_account=True,
    )
    asset_services.asset_create(
        actor=agent,
        customer_id=bank.pk,
        vendor="华为",
        model="S5735-L48T4S",
        serial="2102351234",
        category="交换机",
        site="三楼机房",
        quantity=2,
        purchased_on=dt.date(2025, 6, 1),
        accepted_on=dt.date(2025, 6, 15),
        warranty_months=36,
        project_warranty_months=60,
    )
    return bank


EXPORTED_CUSTOMERS = [
    tuple(CUSTOMER_HEADER),
    (
        "合肥市第一人民医院信息科",
        "单位",
        "合肥市庐阳区淮河路390号",
        "安徽省",
        "合肥市",
        "庐阳区",
        "0551-62799596",
        None,
        None,
        "否",
    ),
    (
        "南京银行玄武支行",
        "单位",
        "南京市玄武区中山路1号",
        "江苏省",
        "南京市",
        "玄武区",
        None,
        "it@njbank.example.com",
        "91110108551385082Q",
        "否",
    ),
    ("张伟", "个人", "芜湖市镜湖区中山路1号", "安徽省", "芜湖市", "镜湖区", "13805510000", None, None, "是"),
]
EXPORTED_ASSETS = [
    tuple(ASSET_HEADER),
    (
        "合肥市第一人民医院信息科",
        "合肥市庐阳区淮河路390号",
        "戴尔",
        "PowerEdge R750",
        "服务器",
        "7XK2M93",
        None,
        1,
        excel_date(2026, 3, 1),
        None,
        None,  # no term of its own: the vendor registry's default (戴尔: 36 months) applies
        None,
    ),
    (
        "南京银行玄武支行",
        "南京市玄武区中山路1号",
        "华为",
        "S5735-L48T4S",
        "交换机",
        "2102351234",
        "三楼机房",
        2,
        excel_date(2025, 6, 1),
        excel_date(2025, 6, 15),
        36,
        60,
    ),
]


# ------------------------------------------------------------------------------------------------ export


def test_export_writes_both_sheets_in_the_columns_users_know(agent, archive):
    # when
    data = excel.archive_export(user=agent)
    # then
    assert rows_of(data, "客户") == EXPORTED_CUSTOMERS
    assert rows_of(data, "设备") == EXPORTED_ASSETS


def test_export_has_bold_headers_widths_and_real_dates(agent, archive):
    # when
    book = openpyxl.load_workbook(io.BytesIO(excel.archive_export(user=agent)))
    # then
    assets = book["设备"]
    assert book.sheetnames == ["客户", "设备"]
    assert all(cell.font.b for cell in assets[1])
    assert assets.freeze_panes == "A2"
    assert assets.column_dimensions["A"].width == 36
    assert assets.column_dimensions["I"].width == 12
    assert assets["I3"].is_date
    assert assets["I3"].number_format == "yyyy-mm-dd"


def test_export_costs_two_queries_however_many_rows(agent, archive, django_assert_num_queries):
    with django_assert_num_queries(2):
        excel.archive_export(user=agent)


def test_export_for_a_customer_user_holds_only_its_own_customer(make_user, customer, asset, archive):
    # given
    own = make_user("hospital", "customer", customer=customer)
    # when
    data = excel.archive_export(user=own)
    # then
    assert rows_of(data, "客户") == EXPORTED_CUSTOMERS[:2]
    assert rows_of(data, "设备") == EXPORTED_ASSETS[:2]


# ------------------------------------------------------------------------------------------------ import


def test_round_trip_into_an_empty_archive_gives_the_same_rows(agent, archive):
    # given: the export, then an archive emptied of customers, assets and the 南京市 region
    data = excel.archive_export(user=agent)
    Asset.objects.all().delete()
    Customer.objects.all().delete()
    Region.objects.filter(name="南京市").delete()
    # when
    report = excel.archive_import(user=agent, file=io.BytesIO(data))
    # then
    assert report == ImportReport(created_customers=3, created_assets=2, errors=[])
    again = excel.archive_export(user=agent)
    assert rows_of(again, "客户") == EXPORTED_CUSTOMERS
    assert rows_of(again, "设备") == EXPORTED_ASSETS
    assert Region.objects.get(name="南京市").zone == "elsewhere"


def versions() -> list[tuple[str, int, int]]:
    customers = [("customer", pk, v) for pk, v in Customer.objects.values_list("pk", "version")]
    return sorted(customers + [("asset", pk, v) for pk, v in Asset.objects.values_list("pk", "version")])


def test_reimporting_an_export_reports_every_row_already_present_and_changes_nothing(agent, archive):
    # given
    data = excel.archive_export(user=agent)
    before = versions()
    # when
    report = excel.archive_import(user=agent, file=data)
    # then
    assert report == ImportReport(unchanged_customers=3, unchanged_assets=2, errors=[])
    assert versions() == before


def test_one_bad_row_among_good_ones_imports_nothing_and_names_row_and_column(agent):
    # given: row 3 has a phone number that is not one
    data = workbook(
        客户=[
            [*CUSTOMER_HEADER[:3], "电话"],
            ["蚌埠市第三人民医院", "单位", "蚌埠市蚌山区胜利中路38号", "0552-3071234"],
            ["淮南市教育局", "单位", "淮南市田家庵区洞山中路8号", "123"],
            ["马鞍山市档案馆", "单位", "马鞍山市雨山区湖东中路1号", ""],
        ],
        设备=[
            [*ASSET_HEADER[:4], "序列号", "购买日期"],
            ["蚌埠市第三人民医院", "蚌埠市蚌山区胜利中路38号", "戴尔", "OptiPlex 7090", "CN0ABC123", "2025-09-01"],
        ],
    )
    # when
    report = excel.archive_import(user=agent, file=data)
    # then
    assert report == ImportReport(
        errors=[
            RowError(
                sheet="客户",
                row=3,
                column="电话",
                message_zh="客户表第 3 行，电话：电话号码无效：123（座机请带区号，如 0551-62799596）",
                message_en="customers sheet, row 3, phone: Invalid phone number: 123 (landlines need the area code, "
                "e.g. 0551-62799596)",
            )
        ]
    )
    assert Customer.objects.count() == 0
    assert Asset.objects.count() == 0


def test_every_error_of_the_file_is_reported_in_sheet_row_and_column_order(agent, customer, asset, frozen_now):
    # given
    data = workbook(
        设备=[
            ASSET_HEADER,
            [*HOSPITAL, "戴尔", "R740", "服务器", "SN-1", None, 1, "2026-02-30", None, None, None],
            [*HOSPITAL, "戴尔", "R740", "服务器", "SN-2", None, 1, "2026-03-01", "2026-02-01", None, None],
            ["无此客户", "合肥市某路1号", "华为", "S5700", "", "SN-3", None, 1, "2026-03-01", None, None, None],
            [*HOSPITAL, "戴尔", "R740", "服务器", "SN-2", None, 1, "2026-03-01", None, None, None],
            [*HOSPITAL, "戴尔", "R740", "服务器", "SN-5", None, 0, "2027-01-01", None, 300, None],
        ],
        客户=[CUSTOMER_HEADER[:3], ["某街道办", "单位", "淮河北路123号"], ["某街道办二", "团体", "合肥市包河区1号"]],
    )
    # when
    with frozen_now(NOW):
        report = excel.archive_import(user=agent, file=data)
    # then
    assert [(e.sheet, e.row, e.column, e.message_zh) for e in report.errors] == [
        (
            "客户",
            2,
            "地址",
            "客户表第 2 行，地址：无法从地址“淮河北路123号”识别所在城市，请填写完整地址（含市）或指定地区",
        ),
        ("客户", 3, "类型", "客户表第 3 行，类型：客户类型应为“单位”或“个人”：团体"),
        ("设备", 2, "购买日期", "设备表第 2 行，购买日期：日期无效：2026-02-30（请用 Excel 日期或 YYYY-MM-DD）"),
        ("设备", 3, "验收日期", "设备表第 3 行，验收日期：验收日期不能早于购买日期"),
        ("设备", 4, "客户名称", "设备表第 4 行，客户名称：客户不存在：无此客户（合肥市某路1号），请在客户表中一并导入"),
        ("设备", 5, "序列号", "设备表第 5 行，序列号：与第 3 行重复（厂商和序列号相同）"),
        ("设备", 6, "数量", "设备表第 6 行，数量：应为 1–100000 的整数：0"),
        ("设备", 6, "保修月数", "设备表第 6 行，保修月数：应为 1–240 的整数：300"),
    ]
    assert [e.message_en for e in report.errors][:3] == [
        "customers sheet, row 2, address: Cannot tell the city from the address '淮河北路123号'; give a full address "
        "with the city, or the region",
        "customers sheet, row 3, kind: Customer kind must be organisation or person: 团体",
        "assets sheet, row 2, purchased_on: Invalid date: 2026-02-30 (use an Excel date or YYYY-MM-DD)",
    ]
    assert Asset.objects.count() == 1
    assert Customer.objects.count() == 1


def test_an_asset_of_a_refused_customer_row_points_at_that_row(agent):
    # given
    data = workbook(
        客户=[
            [*CUSTOMER_HEADER[:3], "统一社会信用代码"],
            ["六安市人民医院", "单位", "六安市金安区人民路21号", "123456"],
        ],
        设备=[
            [*ASSET_HEADER[:6], "购买日期"],
            ["六安市人民医院", "六安市金安区人民路21号", "戴尔", "R750", "服务器", "SN-9", dt.date(2025, 1, 2)],
        ],
    )
    # when
    report = excel.archive_import(user=agent, file=data)
    # then
    assert [(e.sheet, e.row, e.column, e.message_en) for e in report.errors] == [
        (
            "客户",
            2,
            "统一社会信用代码",
            "customers sheet, row 2, credit_code: Invalid unified social credit code: 123456",
        ),
        (
            "设备",
            2,
            "客户名称",
            "assets sheet, row 2, customer_name: This customer's row 2 in the customers sheet has errors",
        ),
    ]


def test_dates_may_be_excel_dates_or_text(agent, customer, frozen_now):
    # given
    data = workbook(
        设备=[
            [*ASSET_HEADER[:6], "购买日期", "验收日期"],
            [*HOSPITAL, "戴尔", "R740", "服务器", "SN-A", excel_date(2025, 3, 1), "2025-03-15"],
            [*HOSPITAL, "戴尔", "R740", "服务器", "SN-B", "2025/4/1", dt.date(2025, 4, 20)],
        ]
    )
    # when
    with frozen_now(NOW):
        report = excel.archive_import(user=agent, file=data)
    # then
    assert report == ImportReport(created_assets=2, errors=[])
    assert list(Asset.objects.order_by("serial").values_list("serial", "purchased_on", "accepted_on")) == [
        ("SN-A", dt.date(2025, 3, 1), dt.date(2025, 3, 15)),
        ("SN-B", dt.date(2025, 4, 1), dt.date(2025, 4, 20)),
    ]


def test_english_headers_are_matched_in_any_order(agent):
    # given: an unnamed sheet, recognised by its headers; an extra column is ignored
    data = workbook(
        Sheet1=[
            ["Phone", "address", "note", "name", "is_key_account", "kind"],
            [
                "0553-3831234",
                "芜湖市镜湖区北京东路1号",
                "from the old system",
                "芜湖市第一人民医院",
                "yes",
                "organisation",
            ],
            [None, "合肥市蜀山区长江西路100号", None, "李娜", "no", "person"],
        ]
    )
    # when
    report = excel.archive_import(user=agent, file=data)
    # then
    assert report == ImportReport(created_customers=2, errors=[])
    assert list(
        Customer.objects.order_by("name").values_list("name", "kind", "phone", "is_key_account", "region__name")
    ) == [
        ("李娜", "person", "", False, "合肥市"),
        ("芜湖市第一人民医院", "organisation", "0553-3831234", True, "芜湖市"),
    ]


def test_a_row_already_present_with_other_values_is_an_error(agent, customer, asset):
    # given
    data = workbook(
        设备=[
            [*ASSET_HEADER[:6], "购买日期"],
            [*HOSPITAL, "戴尔", "PowerEdge R740", "服务器", "7XK2M93", "2026-03-01"],
        ]
    )
    # when
    report = excel.archive_import(user=agent, file=data)
    # then
    assert report.errors == [
        RowError(
            sheet="设备",
            row=2,
            column="型号",
            message_zh="设备表第 2 行，型号：该厂商序列号的设备已存在，但此列与档案不同（档案中为“PowerEdge R750”）",
            message_en="assets sheet, row 2, model: The asset with this vendor and serial already exists with a "
            "different value here (stored: 'PowerEdge R750')",
        )
    ]
    assert Asset.objects.get().model == "PowerEdge R750"


def test_a_missing_required_column_refuses_the_sheet(agent):
    # when
    report = excel.archive_import(user=agent, file=workbook(客户=[["名称", "电话"], ["某单位", "0551-62799596"]]))
    # then
    assert report.errors == [
        RowError(
            sheet="客户",
            row=1,
            column="地址",
            message_zh="客户表第 1 行，地址：缺少必填列“地址”",
            message_en="customers sheet, row 1, address: Required column 'address' is missing",
        )
    ]


def test_a_file_that_is_not_a_workbook_is_refused(agent):
    report = excel.archive_import(user=agent, file=b"name,address\n")
    assert report.errors == [
        RowError(
            sheet="",
            row=0,
            column="",
            message_zh="无法读取文件：请上传 Excel 工作簿（.xlsx）",
            message_en="Cannot read the file: upload an Excel workbook (.xlsx)",
        )
    ]


def test_a_customer_user_may_not_import(make_user, customer):
    # given
    user = make_user("hospital", "customer", customer=customer)
    data = workbook(客户=[["名称", "地址"], ["某单位", "合肥市包河区1号"]])
    # when
    with pytest.raises(DomainError) as refused:
        excel.archive_import(user=user, file=data)
    # then
    assert refused.value.code == "forbidden"
    assert Customer.objects.count() == 1


def test_the_error_report_workbook_lists_each_error(agent):
    # given
    report = excel.archive_import(user=agent, file=workbook(客户=[["名称", "地址"], ["某单位", "淮河北路123号"]]))
    # when
    data = excel.report_workbook(report)
    # then
    assert rows_of(data, "导入错误") == [
        ("工作表", "行号", "列", "错误说明", "Error"),
        ("客户", 2, "地址", report.errors[0].message_zh, report.errors[0].message_en),
    ]


# --------------------------------------------------------------------------------------------------- API


def upload(api, data: bytes, name: str = "archive.xlsx"):
    file = SimpleUploadedFile(name, data, content_type=excel.XLSX_CONTENT_TYPE)
    return api.client.post("/api/v1/customers/import", {"file": file}, HTTP_AUTHORIZATION=f"Bearer {api.token}")


def test_export_endpoint_sends_the_workbook_with_a_chinese_file_name(api_as, agent, archive, frozen_now):
    # when
    with frozen_now(NOW):
        response = api_as(agent).get("/api/v1/customers/export.xlsx")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="aftersales-archive-20261126.xlsx"; '
        "filename*=UTF-8''%E5%AE%A2%E6%88%B7%E8%AE%BE%E5%A4%87%E6%A1%A3%E6%A1%88-20261126.xlsx"
    )
    assert rows_of(response.content, "客户") == EXPORTED_CUSTOMERS


def test_export_endpoint_refuses_a_customer_user(api_as, make_user, customer):
    response = api_as(make_user("hospital", "customer", customer=customer)).get("/api/v1/customers/export.xlsx")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_get_customer_still_answers_by_id(api_as, agent, customer):
    response = api_as(agent).get(f"/api/v1/customers/{customer.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == HOSPITAL[0]


def test_import_endpoint_creates_the_rows(api_as, agent):
    # given
    data = workbook(客户=[["名称", "地址"], ["安庆市立医院", "安庆市迎江区人民路87号"]])
    # when
    response = upload(api_as(agent), data)
    # then
    assert response.status_code == 200
    assert response.json() == {
        "created_customers": 1,
        "created_assets": 0,
        "unchanged_customers": 0,
        "unchanged_assets": 0,
        "errors": [],
    }
    assert Customer.objects.get().region.name == "安庆市"


def test_import_endpoint_answers_400_with_every_error_and_stores_nothing(api_as, agent):
    # given
    data = workbook(客户=[["名称", "地址"], ["安庆市立医院", "安庆市迎江区人民路87号"], ["", "合肥市包河区1号"]])
    # when
    response = upload(api_as(agent), data)
    # then
    assert response.status_code == 400
    assert response.json() == {
        "created_customers": 0,
        "created_assets": 0,
        "unchanged_customers": 0,
        "unchanged_assets": 0,
        "errors": [
            {
                "sheet": "客户",
                "row": 3,
                "column": "名称",
                "message_zh": "客户表第 3 行，名称：客户名称不能为空",
                "message_en": "customers sheet, row 3, name: Customer name is required",
            }
        ],
    }
    assert Customer.objects.count() == 0


def test_import_endpoint_refuses_a_customer_user(api_as, make_user, customer):
    # given
    api = api_as(make_user("hospital", "customer", customer=customer))
    # when
    response = upload(api, workbook(客户=[["名称", "地址"], ["安庆市立医院", "安庆市迎江区人民路87号"]]))
    # then
    assert response.status_code == 403
    assert Customer.objects.count() == 1


def test_a_file_with_too_many_rows_is_refused_whole(agent, monkeypatch):
    # given: room for two data rows; blank rows do not count
    monkeypatch.setattr(excel, "MAX_ROWS", 2)
    data = workbook(
        客户=[["名称", "地址"], ["甲单位", "合肥市包河区1号"], [None, None], ["乙单位", "合肥市包河区2号"]],
        设备=[
            ["客户名称", "客户地址", "厂商", "型号", "序列号", "购买日期"],
            ["甲单位", "合肥市包河区1号", "戴尔", "R750", "SN-1", "2025-01-02"],
        ],
    )
    # when
    report = excel.archive_import(user=agent, file=data)
    # then
    assert report.errors == [
        RowError(
            sheet="设备",
            row=0,
            column="",
            message_zh="设备表：数据超过 2 行，请分批导入（已导入的行会报告为已存在）",
            message_en=(
                "assets sheet: More than 2 data rows; import in batches (rows already imported count as present)"
            ),
        )
    ]
    assert Customer.objects.count() == 0
