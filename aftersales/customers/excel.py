"""Excel import and export of the customer and equipment archive (SPEC §1 "Import/export as Excel"; issue 2).

One workbook, two sheets in the columns users know: 客户 (customers) and 设备 (assets, which name their
customer by 客户名称 + 客户地址). The export is scoped to what the user may see; the import reads the same
layout, so an exported file can be imported elsewhere unchanged.

The import's rules (decided here, see also `archive_import`):
- **All or nothing.** Every row goes through the archive's own services (`customer_create`, `asset_create`)
  inside one transaction, each row in its own savepoint so that validation carries on after the first bad
  row. If any row fails, everything is rolled back and the report lists every error with its sheet, row,
  column and a message in Chinese and in English.
- **Headers, not positions.** Columns are found by their header, Chinese or English (名称 or name …), in any
  order; unknown columns are ignored; a missing required column is an error. Either sheet may be absent.
- **Already present.** A customer is identified by 名称 + 地址, an asset by 厂商 + 序列号. A row whose key is
  already in the archive is left untouched and counted as unchanged when every filled cell equals what an
  export would write for the stored row, so re-importing an export reports "already present" and changes
  nothing; if any cell differs, each differing cell is an error (the import never updates a stored row).
  The same key twice in one file is an error naming the first row.
- **Derived columns.** 省份, 地区, 区县 and 保修月数 may be left blank: the system derives them (region from the
  address, warranty from the vendor). When filled they must agree with what is stored; a filled 地区 names
  the region instead of deriving it, like the API's `region`.
- **Dates** are real Excel dates or text 'YYYY-MM-DD' (also 'YYYY/MM/DD').
- **Size.** At most `MAX_ROWS` data rows per file (both sheets), so that one import fits in a request;
  larger archives are imported in batches, which the "already present" rule makes safe to repeat.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DataError, IntegrityError, transaction

from aftersales.accounts.choices import ARCHIVE_ROLES
from aftersales.assets import selectors as asset_selectors
from aftersales.assets import services as asset_services
from aftersales.assets.models import Asset, Vendor
from aftersales.core import clock, xlsx
from aftersales.core.errors import DomainError, forbidden, invalid
from aftersales.customers import geo, selectors, services
from aftersales.customers.choices import CustomerKind
from aftersales.customers.models import Customer, Region

XLSX_CONTENT_TYPE = xlsx.XLSX_CONTENT_TYPE
MAX_FILE_BYTES = 20 * 1024 * 1024
# Data rows per file, both sheets together. Each row goes through the services (about 10 ms for a customer,
# 5 ms for an asset on the 2-core reference machine), so this keeps one import within the server's 60 s.
MAX_ROWS = 5_000
MAX_SCANNED_ROWS = 200_000  # a sheet is read down to this row at most, whatever size it claims
LOOKUP_CHUNK = 500  # keeps IN (...) lists well under SQLite's variable limit


# ------------------------------------------------------------------------------------------------ report


@dataclass(frozen=True)
class RowError:
    """One refused cell or row: where it is (sheet, Excel row number, column header) and why, in both languages.

    `row` is 0 for a problem with the whole file, 1 for the header row. `column` is the Chinese header, or
    "" when the whole row is refused. The messages name the place too, so each one reads on its own.
    """

    sheet: str
    row: int
    column: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows created, rows already present and left as they were, and every error.

    With any error nothing is stored, and the counts of created rows are 0.
    """

    created_customers: int = 0
    created_assets: int = 0
    errors: list[RowError] = field(default_factory=list)
    unchanged_customers: int = 0
    unchanged_assets: int = 0

    @property
    def is_ok(self) -> bool:
        return not self.errors


class CellError(Exception):
    """A cell that cannot be read as its column's type; becomes a RowError. Messages are templates."""

    def __init__(self, zh: str, en: str, **params: Any) -> None:
        super().__init__(en.format(**params))
        self.zh = zh
        self.en = en
        self.params = params


# ------------------------------------------------------------------------------------------------- cells


def _text(value: Any) -> str:
    """A cell as trimmed text; numbers typed into text columns (phones, serials) lose Excel's '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value).strip()


def text_cell(max_length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _text(value)
        if len(text) > max_length:
            raise CellError("不能超过 {max} 个字符", "At most {max} characters", max=max_length)
        return text

    return parse


def optional_text_cell(max_length: int) -> Callable[[Any], str | None]:
    """Text where blank means "let the system derive it" (None)."""
    parse_text = text_cell(max_length)

    def parse(value: Any) -> str | None:
        return parse_text(value) or None

    return parse


def email_cell(value: Any) -> str:
    text = text_cell(254)(value)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise CellError("电子邮件地址无效：{value}", "Invalid e-mail address: {value}", value=text) from None
    return text


_DATE_TEXT = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


def date_cell(*, required: bool) -> Callable[[Any], dt.date | None]:
    """A real Excel date, or text 'YYYY-MM-DD' / 'YYYY/MM/DD'."""

    def parse(value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = _text(value)
        if not text:
            if required:
                raise CellError("不能为空", "Required")
            return None
        match = _DATE_TEXT.match(text) if isinstance(value, str) else None
        try:
            if match is None:
                raise ValueError(text)
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise CellError(
                "日期无效：{value}（请用 Excel 日期或 YYYY-MM-DD）",
                "Invalid date: {value} (use an Excel date or YYYY-MM-DD)",
                value=text,
            ) from None

    return parse


def integer_cell(*, low: int, high: int, default: int | None) -> Callable[[Any], int | None]:
    def parse(value: Any) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        if number is None or not low <= number <= high:
            text = _text(value)
            raise CellError(
                "应为 {low}–{high} 的整数：{value}",
                "Expected a whole number from {low} to {high}: {value}",
                low=low,
                high=high,
                value=text,
            )
        return number

    return parse


_TRUE = {"是", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", ""}


def boolean_cell(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("应填“是”或“否”：{value}", "Expected yes or no: {value}", value=text)


def yes_no(value: bool) -> str:
    return "是" if value else "否"


_KINDS = {label: value for value, label in CustomerKind.choices} | {value: value for value in CustomerKind.values}
_KINDS |= {"organization": CustomerKind.ORGANISATION, "企业": CustomerKind.ORGANISATION}


def kind_cell(value: Any) -> str:
    text = _text(value)
    if not text:
        return CustomerKind.ORGANISATION
    kind = _KINDS.get(text) or _KINDS.get(text.lower())
    if kind is None:
        raise CellError(
            "客户类型应为“单位”或“个人”：{value}", "Customer kind must be organisation or person: {value}", value=text
        )
    return str(kind)


def kind_label(value: str) -> str:
    return str(CustomerKind(value).label)


def _same(value: Any) -> Any:
    return value


# ----------------------------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its Chinese header, English key, how to read a cell and how to write one.

    `stored` reads the value from a stored row, `render` turns a value into the cell the export writes.
    A `derived` column's blank cell means "derive it" and is not compared with a stored row.
    """

    key: str
    header: str
    width: int
    parse: Callable[[Any], Any]
    stored: Callable[[Any], Any]
    render: Callable[[Any], Any] = _same
    aliases: tuple[str, ...] = ()
    required: bool = False
    derived: bool = False

    def names(self) -> set[str]:
        return {_header_key(name) for name in (self.header, self.key, *self.aliases)}


@dataclass(frozen=True)
class Sheet:
    name: str
    name_en: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _max_length(model, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


CUSTOMERS = Sheet(
    "客户",
    "customers",
    (
        Column(
            "name",
            "名称",
            36,
            text_cell(_max_length(Customer, "name")),
            lambda c: c.name,
            aliases=("客户名称", "customer_name"),
            required=True,
        ),
        Column("kind", "类型", 8, kind_cell, lambda c: c.kind, kind_label, aliases=("客户类型", "type")),
        Column("address", "地址", 44, text_cell(_max_length(Customer, "address")), lambda c: c.address, required=True),
        Column(
            "province",
            "省份",
            10,
            optional_text_cell(_max_length(Customer, "province")),
            lambda c: c.province,
            derived=True,
        ),
        Column(
            "region",
            "地区",
            10,
            optional_text_cell(_max_length(Region, "name")),
            lambda c: c.region.name,
            aliases=("市", "city"),
            derived=True,
        ),
        Column(
            "district",
            "区县",
            10,
            optional_text_cell(_max_length(Customer, "district")),
            lambda c: c.district,
            aliases=("county",),
            derived=True,
        ),
        Column(
            "phone",
            "电话",
            16,
            text_cell(_max_length(Customer, "phone")),
            lambda c: c.phone,
            aliases=("联系电话", "telephone", "tel"),
        ),
        Column("email", "电子邮件", 26, email_cell, lambda c: c.email, aliases=("邮箱", "e-mail", "mail")),
        Column(
            "credit_code",
            "统一社会信用代码",
            22,
            text_cell(_max_length(Customer, "credit_code")),
            lambda c: c.credit_code,
            aliases=("信用代码", "uscc"),
        ),
        Column(
            "is_key_account", "重点客户", 9, boolean_cell, lambda c: c.is_key_account, yes_no, aliases=("key_account",)
        ),
    ),
)

ASSETS = Sheet(
    "设备",
    "assets",
    (
        Column(
            "customer_name",
            "客户名称",
            36,
            text_cell(_max_length(Customer, "name")),
            lambda a: a.customer.name,
            aliases=("客户", "customer"),
            required=True,
        ),
        Column(
            "customer_address",
            "客户地址",
            44,
            text_cell(_max_length(Customer, "address")),
            lambda a: a.customer.address,
            required=True,
        ),
        Column(
            "vendor",
            "厂商",
            12,
            text_cell(_max_length(Vendor, "name")),
            lambda a: a.vendor.name,
            aliases=("品牌", "manufacturer"),
            required=True,
        ),
        Column("model", "型号", 22, text_cell(_max_length(Asset, "model")), lambda a: a.model, required=True),
        Column("category", "类别", 12, text_cell(_max_length(Asset, "category")), lambda a: a.category),
        Column(
            "serial",
            "序列号",
            22,
            text_cell(_max_length(Asset, "serial")),
            lambda a: a.serial,
            aliases=("序列号(SN)", "sn", "serial_number"),
            required=True,
        ),
        Column("site", "安装地点", 24, text_cell(_max_length(Asset, "site")), lambda a: a.site, aliases=("location",)),
        Column("quantity", "数量", 6, integer_cell(low=1, high=100_000, default=1), lambda a: a.quantity),
        Column(
            "purchased_on",
            "购买日期",
            12,
            date_cell(required=True),
            lambda a: a.purchased_on,
            aliases=("purchase_date",),
            required=True,
        ),
        Column(
            "accepted_on",
            "验收日期",
            12,
            date_cell(required=False),
            lambda a: a.accepted_on,
            aliases=("acceptance_date",),
        ),
        Column(
            "warranty_months",
            "保修月数",
            9,
            integer_cell(low=1, high=240, default=None),
            lambda a: a.warranty_months,
            derived=True,
        ),
        Column(
            "project_warranty_months",
            "工程质保月数",
            12,
            integer_cell(low=1, high=240, default=None),
            lambda a: a.project_warranty_months,
        ),
    ),
)

SHEETS = (CUSTOMERS, ASSETS)

# Which column a service refusal belongs to, by its error code.
ERROR_COLUMNS = {
    "name_required": "name",
    "address_required": "address",
    "invalid_kind": "kind",
    "invalid_credit_code": "credit_code",
    "unknown_region": "region",
    "region_not_derivable": "address",
    "invalid_phone": "phone",
    "duplicate_customer": "name",
    "province_mismatch": "province",
    "district_mismatch": "district",
    "vendor_required": "vendor",
    "model_required": "model",
    "serial_required": "serial",
    "purchase_in_future": "purchased_on",
    "accepted_before_purchase": "accepted_on",
    "duplicate_serial": "serial",
    "invalid_quantity": "quantity",
    "unknown_reference": "customer_name",
}


def _header_key(text: Any) -> str:
    return re.sub(r"[\s\-*＊]+", "_", _text(text).lower()).strip("_")


# ------------------------------------------------------------------------------------------------ export


def export_filename(on: dt.date | None = None) -> str:
    """The export's file name, e.g. 客户设备档案-20261126.xlsx."""
    return f"客户设备档案-{(on or clock.today()):%Y%m%d}.xlsx"


def _write(book: xlsx.Workbook, spec: Sheet, rows: Iterator[Any]) -> None:
    sheet = book.sheet(spec.name, [(c.header, c.width) for c in spec.columns])
    for row in rows:
        cells = []
        for column in spec.columns:
            value = column.stored(row)
            cells.append(None if value is None or value == "" else column.render(value))
        sheet.append(cells)


def archive_export(*, user: Any) -> bytes:
    """The customers and assets `user` may see as an .xlsx workbook (sheets 客户 and 设备).

    Two queries in all (each sheet streams its rows with `iterator()`, related rows joined); dates are
    written as real Excel dates, booleans as 是/否 and the customer kind as 单位/个人. Written by the one
    export writer (`core.xlsx`): text stays text (a name like "=1+1" is not a formula), so re-importing the
    file finds every row already present.
    """
    book = xlsx.Workbook()
    customers = selectors.customer_visible(user).order_by("pk").iterator(chunk_size=2000)
    _write(book, CUSTOMERS, customers)
    assets = asset_selectors.asset_visible(user).order_by("customer_id", "pk").iterator(chunk_size=2000)
    _write(book, ASSETS, assets)
    return book.to_bytes()


def report_workbook(report: ImportReport) -> bytes:
    """The import's errors as a workbook to download (sheet 导入错误: 工作表, 行号, 列, 错误说明, Error)."""
    book = xlsx.Workbook()
    sheet = book.sheet("导入错误", (("工作表", 10), ("行号", 7), ("列", 16), ("错误说明", 70), ("Error", 80)))
    for error in report.errors:
        sheet.append([error.sheet, error.row, error.column, error.message_zh, error.message_en])
    return book.to_bytes()


# ------------------------------------------------------------------------------------------------ import


@dataclass(frozen=True)
class ParsedRow:
    """A data row read from a sheet: its Excel row number and the typed value of each column present.

    A row with an unreadable cell is kept (`is_valid` false, that cell left out) so that its key still
    counts: assets that name a customer whose row is bad are told so, and duplicates are still found.
    """

    row: int
    values: dict[str, Any]
    is_valid: bool = True

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


class _Errors:
    """Collects RowErrors, each message a template pair prefixed with its place in both languages."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple[int, int, int], RowError]] = []

    def add(self, spec: Sheet | None, row: int, column: Column | None, zh: str, en: str, **params: Any) -> None:
        if spec is None:
            place_zh, place_en = "", ""
        elif row <= 0:
            place_zh, place_en = "{sheet}表：", "{sheet_en} sheet: "
        elif column is None:
            place_zh, place_en = "{sheet}表第 {row} 行：", "{sheet_en} sheet, row {row}: "
        else:
            place_zh, place_en = "{sheet}表第 {row} 行，{column}：", "{sheet_en} sheet, row {row}, {column_en}: "
        place = {
            "sheet": spec.name if spec else "",
            "sheet_en": spec.name_en if spec else "",
            "row": row,
            "column": column.header if column else "",
            "column_en": column.key if column else "",
        }
        error = RowError(
            sheet=place["sheet"],
            row=row,
            column=place["column"],
            message_zh=place_zh.format(**place) + zh.format(**params),
            message_en=place_en.format(**place) + en.format(**params),
        )
        sheet_index = SHEETS.index(spec) if spec is not None else -1
        column_index = spec.columns.index(column) if spec is not None and column is not None else -1
        self.items.append(((sheet_index, row, column_index), error))

    def cell(self, spec: Sheet, row: int, column: Column, exc: CellError) -> None:
        self.add(spec, row, column, exc.zh, exc.en, **exc.params)

    def domain(self, spec: Sheet, row: int, exc: DomainError) -> None:
        key = ERROR_COLUMNS.get(exc.code)
        column = next((c for c in spec.columns if c.key == key), None)
        self.add(spec, row, column, exc.zh, exc.en, **exc.params)

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[RowError]:
        return [error for _, error in sorted(self.items, key=lambda item: item[0])]


def _read_bytes(file: Any) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(MAX_FILE_BYTES + 1)


def _classify(title: str, header: list[str]) -> Sheet | None:
    """Which sheet this is: by its name (客户 / customers, 设备 / assets), else by its headers."""
    name = _header_key(title)
    for spec in SHEETS:
        if name in (spec.name, spec.name_en):
            return spec
    keys = set(header)
    if keys & ASSETS.column("serial").names():
        return ASSETS
    if keys & CUSTOMERS.column("name").names() and keys & CUSTOMERS.column("address").names():
        return CUSTOMERS
    return None


def _columns_of(spec: Sheet, header: list[str], errors: _Errors) -> dict[int, Column] | None:
    """Map cell positions to columns by header; None (with errors) when the header row is unusable."""
    positions: dict[int, Column] = {}
    seen: dict[str, int] = {}
    ok = True
    for index, name in enumerate(header):
        column = next((c for c in spec.columns if name and name in c.names()), None)
        if column is None:
            continue
        if column.key in seen:
            errors.add(spec, 1, column, "列重复", "Column appears twice")
            ok = False
        seen[column.key] = index
        positions[index] = column
    for column in spec.columns:
        if column.required and column.key not in seen:
            errors.add(
                spec,
                1,
                column,
                "缺少必填列“{header}”",
                "Required column '{key}' is missing",
                header=column.header,
                key=column.key,
            )
            ok = False
    return positions if ok else None


def _parse_rows(
    spec: Sheet, positions: dict[int, Column], rows: Iterator[tuple], errors: _Errors, budget: int
) -> list[ParsedRow] | None:
    """Typed rows from the sheet's data rows, at most `budget` of them (None, reported, when there are more).

    Blank rows are skipped. A row with an unreadable cell is reported and kept with `is_valid` false.
    """
    parsed: list[ParsedRow] = []
    for number, cells in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS:
            break
        if all(_text(cell) == "" for cell in cells):
            continue
        if len(parsed) == budget:
            errors.add(
                spec,
                0,
                None,
                "数据超过 {max} 行，请分批导入（已导入的行会报告为已存在）",
                "More than {max} data rows; import in batches (rows already imported count as present)",
                max=MAX_ROWS,
            )
            return None
        values: dict[str, Any] = {}
        good = True
        for index, column in positions.items():
            cell = cells[index] if index < len(cells) else None
            try:
                values[column.key] = column.parse(cell)
            except CellError as exc:
                errors.cell(spec, number, column, exc)
                good = False
        parsed.append(ParsedRow(number, values, is_valid=good))
    return parsed


def _load(data: bytes, errors: _Errors) -> dict[Sheet, list[ParsedRow]]:
    """Read and parse the recognised sheets of a workbook; file-level problems are reported."""
    if len(data) > MAX_FILE_BYTES:
        errors.add(None, 0, None, "文件超过 {mb} MB", "The file is larger than {mb} MB", mb=MAX_FILE_BYTES // 2**20)
        return {}
    import openpyxl  # on first use: with numpy and PIL it is ~29 MiB of every worker otherwise
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        errors.add(
            None,
            0,
            None,
            "无法读取文件：请上传 Excel 工作簿（.xlsx）",
            "Cannot read the file: upload an Excel workbook (.xlsx)",
        )
        return {}
    found: dict[Sheet, list[ParsedRow]] = {}
    try:
        for worksheet in book.worksheets:
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()  # some writers store a wrong size; read every row
            rows = worksheet.iter_rows(values_only=True)
            first = next(rows, None)
            header = [_header_key(cell) for cell in (first or ())]
            spec = _classify(worksheet.title, header)
            if spec is None:
                continue
            if spec in found:
                errors.add(
                    spec,
                    0,
                    None,
                    "有多个“{sheet}”工作表",
                    "More than one {sheet_en} sheet",
                    sheet=spec.name,
                    sheet_en=spec.name_en,
                )
                continue
            found[spec] = []
            if first is None:
                continue
            positions = _columns_of(spec, header, errors)
            if positions is not None:
                used = sum(len(parsed) for parsed in found.values())
                found[spec] = _parse_rows(spec, positions, rows, errors, MAX_ROWS - used) or []
    finally:
        book.close()
    if not found:
        errors.add(None, 0, None, "找不到“客户”或“设备”工作表", "No 客户 (customers) or 设备 (assets) sheet found")
    return found


def _differences(spec: Sheet, row: ParsedRow, stored: Any) -> list[tuple[Column, Any]]:
    """Columns where the row's filled cells differ from what an export of the stored row would say."""
    out = []
    for column in spec.columns:
        if column.key not in row.values:
            continue
        value = row.values[column.key]
        if column.derived and value is None:
            continue
        current = column.stored(stored)
        if value != current:
            out.append((column, current))
    return out


def _report_differences(spec: Sheet, row: ParsedRow, stored: Any, what_zh: str, what_en: str, errors: _Errors) -> bool:
    diffs = _differences(spec, row, stored)
    for column, current in diffs:
        shown = "" if current is None else _text(column.render(current))
        errors.add(
            spec,
            row.row,
            column,
            "{what_zh}已存在，但此列与档案不同（档案中为“{stored}”）",
            "The {what_en} already exists with a different value here (stored: '{stored}')",
            what_zh=what_zh,
            what_en=what_en,
            stored=shown,
        )
    return bool(diffs)


def _chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _customers_by_key(user: Any, names: set[str]) -> dict[tuple[str, str], Customer]:
    found: dict[tuple[str, str], Customer] = {}
    for chunk in _chunks(sorted(names)):
        for customer in selectors.customer_visible(user).filter(name__in=chunk):
            found[(customer.name, customer.address)] = customer
    return found


def _assets_by_key(serials: set[str]) -> dict[tuple[str, str], Asset]:
    found: dict[tuple[str, str], Asset] = {}
    for chunk in _chunks(sorted(serials)):
        for asset in Asset.objects.select_related("vendor", "customer").filter(serial__in=chunk):
            found[(asset.vendor.name, asset.serial)] = asset
    return found


def _derived_checks(row: ParsedRow, customer: Customer) -> None:
    """Filled 省份 / 区县 cells must agree with what the address gave (地区 is passed to the service)."""
    for key, code, zh, en in (
        (
            "province",
            "province_mismatch",
            "省份与地址不符：应为“{value}”",
            "Province does not match the address: '{value}'",
        ),
        (
            "district",
            "district_mismatch",
            "区县与地址不符：应为“{value}”",
            "District does not match the address: '{value}'",
        ),
    ):
        given = row.get(key)
        if given is not None and given != getattr(customer, key):
            raise invalid(code, zh, en, value=getattr(customer, key))


def _region_name(row: ParsedRow, known_regions: set[str]) -> str | None:
    """The region to pass to the service: a filled 地区 unless it is a city the archive has not seen yet but
    the address names (then deriving it creates the region, as for a new customer typed in by hand)."""
    region = row.get("region")
    if region is None or region in known_regions:
        return region
    place = geo.parse_address(row.get("address", ""))
    return None if place is not None and place.city == region else region


def _import_customers(user: Any, rows: list[ParsedRow], errors: _Errors) -> tuple[int, int, dict[tuple[str, str], int]]:
    """Create the customer rows; returns (created, unchanged, key → row number of the rows that failed)."""
    spec = CUSTOMERS
    existing = _customers_by_key(user, {row.get("name", "") for row in rows})
    known_regions = set(Region.objects.values_list("name", flat=True))
    seen: dict[tuple[str, str], int] = {}
    failed: dict[tuple[str, str], int] = {}
    created = unchanged = 0
    for row in rows:
        key = (row.get("name", ""), row.get("address", ""))
        complete = bool(key[0] and key[1])
        if complete and key in seen:
            errors.add(
                spec,
                row.row,
                spec.column("name"),
                "与第 {first} 行重复（名称和地址相同）",
                "Same name and address as row {first}",
                first=seen[key],
            )
            continue
        if complete:
            seen[key] = row.row
        if not row.is_valid:
            failed[key] = row.row
            continue
        stored = existing.get(key)
        if stored is not None:
            if _report_differences(spec, row, stored, "客户", "customer", errors):
                failed[key] = row.row
            else:
                unchanged += 1
            continue
        try:
            with transaction.atomic():
                customer = services.customer_create(
                    actor=user,
                    name=key[0],
                    address=key[1],
                    phone=row.get("phone", ""),
                    kind=row.get("kind", CustomerKind.ORGANISATION),
                    region_name=_region_name(row, known_regions),
                    email=row.get("email", ""),
                    credit_code=row.get("credit_code", ""),
                    is_key_account=row.get("is_key_account", False),
                )
                _derived_checks(row, customer)
        except DomainError as exc:
            errors.domain(spec, row.row, exc)
            failed[key] = row.row
        except (IntegrityError, DataError) as exc:
            errors.add(
                spec, row.row, None, "数据库拒绝了此行：{error}", "The database refused this row: {error}", error=exc
            )
            failed[key] = row.row
        else:
            known_regions.add(customer.region.name)
            created += 1
    return created, unchanged, failed


def _import_assets(
    user: Any, rows: list[ParsedRow], errors: _Errors, failed_customers: dict[tuple[str, str], int]
) -> tuple[int, int]:
    """Create the asset rows; each names its customer by name + address (this file's or the archive's)."""
    spec = ASSETS
    customers = _customers_by_key(user, {row.get("customer_name", "") for row in rows})
    existing = _assets_by_key({row.get("serial", "") for row in rows})
    seen: dict[tuple[str, str], int] = {}
    created = unchanged = 0
    for row in rows:
        key = (row.get("vendor", ""), row.get("serial", ""))
        complete = bool(key[0] and key[1])
        if complete and key in seen:
            errors.add(
                spec,
                row.row,
                spec.column("serial"),
                "与第 {first} 行重复（厂商和序列号相同）",
                "Same vendor and serial number as row {first}",
                first=seen[key],
            )
            continue
        if complete:
            seen[key] = row.row
        customer_key = (row.get("customer_name", ""), row.get("customer_address", ""))
        customer = customers.get(customer_key)
        if customer is None and "customer_name" in row.values and "customer_address" in row.values:
            _report_missing_customer(row, customer_key, failed_customers, errors)
        if customer is None or not row.is_valid:
            continue
        stored = existing.get(key)
        if stored is not None:
            if not _report_differences(
                spec, row, stored, "该厂商序列号的设备", "asset with this vendor and serial", errors
            ):
                unchanged += 1
            continue
        try:
            with transaction.atomic():
                asset_services.asset_create(
                    actor=user,
                    customer_id=customer.pk,
                    vendor=key[0],
                    model=row.get("model", ""),
                    serial=key[1],
                    purchased_on=row.get("purchased_on"),
                    accepted_on=row.get("accepted_on"),
                    category=row.get("category", ""),
                    site=row.get("site", ""),
                    quantity=row.get("quantity", 1),
                    warranty_months=row.get("warranty_months"),
                    project_warranty_months=row.get("project_warranty_months"),
                )
        except DomainError as exc:
            errors.domain(spec, row.row, exc)
        except (IntegrityError, DataError) as exc:
            errors.add(
                spec, row.row, None, "数据库拒绝了此行：{error}", "The database refused this row: {error}", error=exc
            )
        else:
            created += 1
    return created, unchanged


def _report_missing_customer(
    row: ParsedRow, key: tuple[str, str], failed: dict[tuple[str, str], int], errors: _Errors
) -> None:
    column = ASSETS.column("customer_name")
    name, address = key
    if not name or not address:
        errors.add(ASSETS, row.row, column, "客户名称和客户地址不能为空", "Customer name and address are required")
    elif key in failed:
        errors.add(
            ASSETS,
            row.row,
            column,
            "该客户在客户表第 {first} 行有错误",
            "This customer's row {first} in the customers sheet has errors",
            first=failed[key],
        )
    else:
        errors.add(
            ASSETS,
            row.row,
            column,
            "客户不存在：{name}（{address}），请在客户表中一并导入",
            "No such customer: {name} ({address}); add it to the customers sheet",
            name=name,
            address=address,
        )


def archive_import(*, user: Any, file: Any) -> ImportReport:
    """Import customers and assets from an .xlsx workbook in the export's layout, all or nothing.

    Every row is validated by the archive's services, each in its own savepoint, so the report lists every
    error; if there is any, the whole import is rolled back. Only the archive roles (agent, supervisor,
    admin) may import. See the module docstring for headers, duplicates and derived columns.
    """
    if not user.has_role(*ARCHIVE_ROLES):
        raise forbidden()
    errors = _Errors()
    sheets = _load(_read_bytes(file), errors)
    with transaction.atomic():
        created_customers, unchanged_customers, failed = _import_customers(user, sheets.get(CUSTOMERS, []), errors)
        created_assets, unchanged_assets = _import_assets(user, sheets.get(ASSETS, []), errors, failed)
        if errors:
            transaction.set_rollback(True)
            return ImportReport(errors=errors.sorted())
    return ImportReport(
        created_customers=created_customers,
        created_assets=created_assets,
        errors=[],
        unchanged_customers=unchanged_customers,
        unchanged_assets=unchanged_assets,
    )
