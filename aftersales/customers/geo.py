"""Chinese address → province / city / district, with cpca (SPEC §1: the region is derived when not given).

cpca's table predates 2019, so modern names it does not know are rewritten to the names it does know
first (广德市 → 广德县 …, from `data/anhui_regions.json`). A result counts only when it names a city: a
bare street such as 淮河北路 would otherwise be read as 河北省. For the municipalities (北京, 上海 …)
cpca gives 市辖区 as the city, so the province's name is the city.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "anhui_regions.json"
_lock = threading.Lock()


@dataclass(frozen=True)
class Place:
    province: str
    city: str
    district: str


@functools.cache
def anhui() -> dict:
    """The 安徽省 reference data: cities with adcode, centroid, zone and counties, and the alias map."""
    return json.loads(DATA.read_text(encoding="utf-8"))


@functools.cache
def _cpca():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca
    return cpca


def warm_up() -> None:
    """Load cpca (and pandas) once, before the server forks its workers."""
    parse_address("合肥市蜀山区长江西路100号")


def parse_address(address: str) -> Place | None:
    """The place an address names, or None when no city can be read from it."""
    text = address.strip()
    if not text:
        return None
    for modern, known in anhui()["aliases"].items():
        text = text.replace(modern, known)
    cpca = _cpca()
    with _lock:  # cpca's matcher is not documented as thread-safe
        frame = cpca.transform([text])
    row = frame.iloc[0]
    province, city, district = (row.get("省") or ""), (row.get("市") or ""), (row.get("区") or "")
    if not province:
        return None
    if city in ("", "市辖区", "县"):
        if province.endswith("市"):
            city = province
        else:
            return None
    return Place(province=str(province), city=str(city), district=str(district or ""))
