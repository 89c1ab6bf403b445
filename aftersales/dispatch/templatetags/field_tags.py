"""The engineer's phone: tap-to-call and a navigation link to the site.

- ``{{ phone|tel_link }}``: a ``tel:`` URI (digits and a leading + only), so a tap dials it.
- ``{{ address|map_link }}``: Amap's URI API (``https://uri.amap.com/search?keyword=…&callnative=1``): it
  opens the 高德地图 app when it is installed and Amap's web map otherwise, searching the site's address (we
  store addresses, not coordinates). ``{{ address|geo_link }}``: the ``geo:0,0?q=…`` URI (RFC 5870 with the
  Android query) for the phone's own map app.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from django import template

register = template.Library()


@register.filter
def tel_link(phone: str | None) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


@register.filter
def map_link(address: str | None) -> str:
    if not (address or "").strip():
        return ""
    return "https://uri.amap.com/search?" + urlencode(
        {"keyword": address.strip(), "src": "aftersales", "callnative": "1"}
    )


@register.filter
def geo_link(address: str | None) -> str:
    if not (address or "").strip():
        return ""
    return "geo:0,0?q=" + quote(address.strip())
