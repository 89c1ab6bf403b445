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
    adcode: str = ""  # the most precise division cpca named (the district's when it named one), 6 digits


@dataclass(frozen=True)
class Point:
    """A division's centroid (cpca's table): county level when the address named a county, else the city."""

    adcode: str
    name: str
    latitude: float
    longitude: float
    level: str  # "district" or "city"


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
    adcode = str(row.get("adcode") or "")[:6]
    return Place(province=str(province), city=str(city), district=str(district or ""), adcode=adcode)


@functools.cache
def _centroids() -> dict[str, tuple[str, float, float]]:
    """adcode (6 digits) → (name, latitude, longitude) for every division in cpca's table."""
    import csv

    path = Path(_cpca().__file__).parent / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8") as f:
        return {
            r["adcode"][:6]: (r["name"], float(r["latitude"]), float(r["longitude"]))
            for r in csv.DictReader(f)
            if r["latitude"] and r["longitude"]
        }


def division_point(adcode: str) -> Point | None:
    """The centroid of the division with this adcode (a county's, else its city's), or None."""
    code = (adcode or "")[:6]
    table = _centroids()
    for candidate, level in ((code, "district"), (code[:4] + "00", "city")):
        if len(candidate) == 6 and not candidate.endswith("0000") and candidate in table:
            if level == "district" and candidate.endswith("00"):
                level = "city"
            name, lat, lng = table[candidate]
            return Point(adcode=candidate, name=name, latitude=lat, longitude=lng, level=level)
    return None


def locate(address: str) -> Point | None:
    """The centroid of the most precise division an address names (county level: a place in 肥东县 is not at
    合肥市's centre), or None when no city can be read from it."""
    place = parse_address(address)
    return division_point(place.adcode) if place else None
