"""Vendor names (厂商名称): one key per spelling, and the default warranty terms of the known vendors.

The rule (SPEC §1; 篇1 2.2, 3.2; issue 9 defect 11):

* A vendor is one registry entry, whatever the spelling it is typed in: "Dell", "DELL", "ｄｅｌｌ" and
  " dell " are one key, so they resolve to one vendor; "戴尔" is another key, made the same vendor by an
  alias. ``vendor_key`` is that key: Unicode NFKC (full-width letters and digits become ASCII), case
  folded, runs of white space collapsed to one space, trimmed.
* The known vendors start with the defaults the seed states: Dell 3 years of parts and labour with
  3 years of next-business-day on-site service (4 hours after remote confirmation, 篇1 3.2); Huawei
  1 year of vendor warranty with 3 years of on-site service (篇1 2.2), and so H3C (华为3Com / 华为三康, the
  Huawei-3Com products of the seed: "华为三康产品1年"). An unknown vendor starts with the
  三包 year (12 months of parts and labour) and no on-site promise until an admin enters its terms.

Pure Python: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["KNOWN_VENDORS", "UNKNOWN_VENDOR_MONTHS", "VendorDefaults", "vendor_key"]

_SPACES = re.compile(r"\s+")

UNKNOWN_VENDOR_MONTHS = 12
"""Parts and labour months of a vendor nobody entered terms for: the 三包 warranty year."""


def vendor_key(name: str) -> str:
    """The comparison key of a vendor name: NFKC, case folded, white space collapsed and trimmed."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class VendorDefaults:
    """A vendor's canonical name, the other names it goes by, and its default terms."""

    name: str
    aliases: tuple[str, ...]
    parts_months: int
    labour_months: int
    onsite_months: int = 0
    onsite_response_hours: int | None = None
    source: str = ""


KNOWN_VENDORS: tuple[VendorDefaults, ...] = (
    VendorDefaults(
        "戴尔",
        ("Dell", "Dell EMC", "戴尔中国"),
        parts_months=36,
        labour_months=36,
        onsite_months=36,
        onsite_response_hours=4,
        source=(
            "篇1 2.2：DELL服务器三年免费上门服务、所有配件三年免费保修（三年NBD，含人力和物力）；"
            "3.2：远程确认后4小时上门"
        ),
    ),
    VendorDefaults(
        "华为",
        ("Huawei", "华为技术"),
        parts_months=12,
        labour_months=12,
        onsite_months=36,
        source="篇1 2.2：华为产品三年免费上门服务，一年厂家标准保修",
    ),
    VendorDefaults(
        "H3C",
        ("华为3Com", "Huawei-3Com", "Huawei 3Com", "华为三康", "新华三", "华三", "H3C 华三"),
        parts_months=12,
        labour_months=12,
        onsite_months=36,
        source="篇1 2.2：华为三康（华为3Com，今 H3C）产品厂家保修1年，三年免费上门服务",
    ),
    VendorDefaults(
        "联想", ("Lenovo",), parts_months=12, labour_months=12, source="SPEC §1：厂商示例（条款待管理员录入）"
    ),
)
"""Vendors every installation starts with (SPEC §1 names Huawei/H3C, Dell, Lenovo)."""
