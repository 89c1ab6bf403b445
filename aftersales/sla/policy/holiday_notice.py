"""A year's State Council holiday notice (国务院办公厅关于某年部分节假日安排的通知) as data, checked.

The rule (SPEC §6, §8; issue 9 defect 12): the notice lists, per festival, the days off (放假, date ranges)
and the make-up workdays (调休上班). A notice is accepted only when

* every date lies in the notice's year,
* no date is both a day off and a workday, and no date is listed twice,
* every make-up workday is a Saturday or a Sunday (a weekday is a workday anyway),
* every range runs forward (start ≤ end) and every festival has a name.

Two shapes are read, both small tables an admin types from the notice:

* CSV with the header ``year,name,kind,start,end``: ``kind`` is ``off``/``放假`` or ``workday``/``上班``
  (also ``调休上班``); ``end`` may be empty for a single day. Lines starting with ``#`` are comments.
* JSON: ``{"year": 2027, "example": false, "source": "...", "holidays": [{"name": "春节",
  "off": [["2027-02-06", "2027-02-13"]], "workdays": ["2027-02-14"]}]}``.

A file saying ``"example": true`` (or a CSV comment line ``# example``) is a format sample, not a notice:
it parses, and the importer refuses to store it. Pure Python: no Django.
"""

# ruff: noqa: RUF001, RUF002, RUF003, RUF100

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["HOLIDAY", "WORKDAY", "HolidayNotice", "NoticeDay", "NoticeError", "parse_notice"]

HOLIDAY = "holiday"
WORKDAY = "workday"
_KINDS = {"off": HOLIDAY, "放假": HOLIDAY, "holiday": HOLIDAY, "workday": WORKDAY, "上班": WORKDAY, "调休上班": WORKDAY}
_MAX_RANGE_DAYS = 31


class NoticeError(ValueError):
    """A notice that breaks a rule: the same message in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass(frozen=True, slots=True, order=True)
class NoticeDay:
    on: date
    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class HolidayNotice:
    year: int
    days: tuple[NoticeDay, ...]
    example: bool = False
    source: str = ""

    @property
    def holidays(self) -> tuple[NoticeDay, ...]:
        return tuple(d for d in self.days if d.kind == HOLIDAY)

    @property
    def workdays(self) -> tuple[NoticeDay, ...]:
        return tuple(d for d in self.days if d.kind == WORKDAY)


def _date(text: object, where: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise NoticeError(
            f"{where}：日期“{text}”不是 YYYY-MM-DD", f"{where}: date {text!r} is not YYYY-MM-DD"
        ) from None


def _range(start: date, end: date, where: str) -> list[date]:
    if end < start:
        raise NoticeError(f"{where}：结束日期早于开始日期", f"{where}: the range ends before it starts")
    if (end - start).days >= _MAX_RANGE_DAYS:
        raise NoticeError(f"{where}：放假区间超过{_MAX_RANGE_DAYS}天", f"{where}: a range longer than 31 days")
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _check(year: int, entries: list[tuple[date, str, str]], *, example: bool, source: str) -> HolidayNotice:
    seen: dict[date, tuple[str, str]] = {}
    for on, kind, name in entries:
        if on.year != year:
            raise NoticeError(f"{name} {on} 不在 {year} 年内", f"{name} {on} is not in {year}")
        if on in seen:
            other_kind, other_name = seen[on]
            if other_kind != kind:
                raise NoticeError(f"{on} 既是放假日又是调休上班日", f"{on} is both a day off and a make-up workday")
            raise NoticeError(f"{on} 重复（{other_name}、{name}）", f"{on} is listed twice ({other_name}, {name})")
        if kind == WORKDAY and on.weekday() < 5:
            raise NoticeError(
                f"调休上班日 {on} 不是周六或周日", f"The make-up workday {on} is not a Saturday or Sunday"
            )
        seen[on] = (kind, name)
    if not entries:
        raise NoticeError(f"{year} 年的通知没有任何日期", f"The notice for {year} lists no dates")
    return HolidayNotice(year, tuple(sorted(NoticeDay(*e) for e in entries)), example, source)


def _year(value: object) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise NoticeError(f"年份“{value}”无效", f"Invalid year {value!r}") from None
    if not 2000 <= year <= 2100:
        raise NoticeError(f"年份 {year} 超出 2000–2100", f"Year {year} is outside 2000–2100")
    return year


def _name(value: object, where: str) -> str:
    name = str(value or "").strip()
    if not name or len(name) > 32:
        raise NoticeError(
            f"{where}：节日名称为空或超过32字", f"{where}: the festival name is empty or over 32 characters"
        )
    return name


def _from_json(data: object) -> HolidayNotice:
    if not isinstance(data, dict) or not isinstance(data.get("holidays"), list):
        raise NoticeError("JSON 须含 year 和 holidays 列表", "The JSON needs a year and a list of holidays")
    year = _year(data.get("year"))
    entries: list[tuple[date, str, str]] = []
    for index, festival in enumerate(data["holidays"], start=1):
        if not isinstance(festival, dict):
            raise NoticeError(f"第{index}项不是对象", f"Entry {index} is not an object")
        name = _name(festival.get("name"), f"第{index}项")
        for span in festival.get("off") or []:
            parts = [span] if isinstance(span, str) else list(span)
            if len(parts) not in (1, 2):
                raise NoticeError(f"{name}：放假区间须为 [开始, 结束]", f"{name}: a range is [start, end]")
            start = _date(parts[0], name)
            end = _date(parts[-1], name)
            entries += [(on, HOLIDAY, name) for on in _range(start, end, name)]
        entries += [(_date(on, name), WORKDAY, name) for on in festival.get("workdays") or []]
    return _check(year, entries, example=data.get("example") is True, source=str(data.get("source") or "")[:200])


def _from_csv(text: str) -> HolidayNotice:
    lines = text.splitlines()
    example = any(
        line.strip().lstrip("#").strip().lower().startswith("example") for line in lines if line.startswith("#")
    )
    rows = list(
        csv.DictReader(io.StringIO("\n".join(line for line in lines if line.strip() and not line.startswith("#"))))
    )
    if not rows or not {"year", "name", "kind", "start"} <= set(rows[0]):
        raise NoticeError("CSV 表头须为 year,name,kind,start,end", "The CSV header must be year,name,kind,start,end")
    years = {_year(row["year"]) for row in rows}
    if len(years) != 1:
        raise NoticeError("一个文件只能包含一个年份", "One file holds one year")
    entries: list[tuple[date, str, str]] = []
    for number, row in enumerate(rows, start=2):
        where = f"第{number}行"
        name = _name(row.get("name"), where)
        kind = _KINDS.get(str(row.get("kind") or "").strip().lower())
        if kind is None:
            raise NoticeError(f"{where}：类型须为 off 或 workday", f"Line {number}: kind must be off or workday")
        start = _date(row["start"], where)
        end = _date(row["end"], where) if (row.get("end") or "").strip() else start
        entries += [(on, kind, name) for on in _range(start, end, where)]
    return _check(years.pop(), entries, example=example, source="")


def parse_notice(text: str, *, filename: str = "") -> HolidayNotice:
    """Read and check a notice from a JSON or CSV text (by file name, else by its first character)."""
    text = text.lstrip("\ufeff")
    as_json = filename.lower().endswith(".json") or (not filename.lower().endswith(".csv") and text.lstrip()[:1] == "{")
    if as_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise NoticeError(f"JSON 格式错误：第{exc.lineno}行", f"Invalid JSON at line {exc.lineno}") from None
        return _from_json(data)
    return _from_csv(text)
