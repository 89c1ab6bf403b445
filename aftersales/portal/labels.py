"""Printable QR label sheets (A4) for a customer's assets, drawn with segno (SPEC §2: QR code on the device).

Each label carries the asset's QR code — the absolute link of the portal's fault form for that asset, signed
(`portal.links`) — with the customer's name, the model and the serial, and "扫码报修". Three sizes on A4 match
common label stock; the sheet is HTML laid out by WeasyPrint in the renderer process (aftersales.core.pdf).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from aftersales.core import clock, pdf
from aftersales.notifications.services import absolute_url
from aftersales.portal import links

SIZES = {
    # key: (columns, rows, label width mm, label height mm, QR side mm)
    "small": (5, 9, 40, 30, 22),
    "medium": (3, 7, 63, 38, 28),
    "large": (2, 4, 99, 67, 45),
}


@dataclass(frozen=True)
class Label:
    asset_id: int
    url: str
    svg: str
    customer: str
    model: str
    serial: str


def label_url(asset) -> str:
    """The absolute link a label's QR code holds: the fault form of this asset, signed."""
    token = links.label_token(asset.pk, asset.customer_id)
    return absolute_url(reverse("customer:qr_report", kwargs={"token": token}))


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG element (error correction M: a scuffed label still scans)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", xmldecl=False, svgns=True, scale=4, border=2)
    return out.getvalue().decode()


def labels_for(assets) -> list[Label]:
    result = []
    for asset in assets:
        url = label_url(asset)
        result.append(
            Label(
                asset_id=asset.pk,
                url=url,
                svg=qr_svg(url),
                customer=asset.customer.name,
                model=f"{asset.vendor.name if asset.vendor_id else ''} {asset.model}".strip(),
                serial=asset.serial,
            )
        )
    return result


def label_sheet_html(assets, size: str) -> str:
    columns, rows, width, height, qr = SIZES[size]
    labels = labels_for(assets)
    per_page = columns * rows
    pages = [labels[i : i + per_page] for i in range(0, len(labels), per_page)] or [[]]
    with translation.override("zh-hans"):
        return render_to_string(
            "portal/label_sheet_pdf.html",
            {
                "pages": pages,
                "columns": columns,
                "rows": rows,
                "width": width,
                "height": height,
                "qr": qr,
                "size": size,
                "printed_at": clock.local(clock.now()).strftime("%Y-%m-%d"),
            },
        )


def label_sheet_pdf(assets, size: str) -> bytes:
    """The A4 sheet(s) of labels as PDF bytes."""
    return pdf.html_to_pdf(label_sheet_html(assets, size))
