"""Fixtures of the subsidy tests: 肥西县's programme with two townships, an enterprise with an approved outlet,
a user of every role of the programme, and helpers that build valid resident IDs and credit codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aftersales.subsidy.policy.identity import credit_check_char, id_check_char

# Monday 2026-11-16 10:00 in China.
NOW = dt.datetime(2026, 11, 16, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 16)
COUNTY = "肥西县"
TOWNSHIPS = ["上派镇", "三河镇", "官亭镇", "山南镇"]


def resident_id(serial: int = 1, born: str = "19800101", region: str = "340123") -> str:
    first = f"{region}{born}{serial % 1000:03d}"
    return first + id_check_char(first)


def credit_code(serial: int = 1) -> str:
    first = f"91340100MA2{serial:06d}"[:17]
    return first + credit_check_char(first)


@pytest.fixture
def now(frozen_now):
    with frozen_now(NOW):
        yield NOW


@pytest.fixture
def admin(make_user):
    return make_user("sub-admin", "admin", is_staff=True, is_superuser=True)


@pytest.fixture
def programme(db, admin, now):
    from aftersales.subsidy import services

    return services.programme_create(
        actor=admin,
        name="肥西县家电下乡（2026）",
        county=COUNTY,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        townships=TOWNSHIPS,
    )


@pytest.fixture
def enterprise(db, admin):
    from aftersales.subsidy import services

    return services.enterprise_create(
        actor=admin, name="安徽百大合家福连锁超市股份有限公司", credit_code=credit_code(1)
    )


def file_outlet(
    admin, programme, enterprise, name="合家福上派店", level="township", approve_on=dt.date(2026, 1, 5), **extra
):
    from aftersales.subsidy import services

    outlet = services.outlet_file(
        actor=admin,
        programme_id=programme.pk,
        enterprise_id=enterprise.pk,
        name=name,
        address=extra.pop("address", f"肥西县上派镇{name}"),
        kind=extra.pop("kind", "franchise"),
        level=level,
        area_m2=extra.pop("area_m2", Decimal("180")),
        operators=extra.pop("operators", 3),
        can_invoice=True,
        has_terminal=True,
        filed_on=extra.pop("filed_on", dt.date(2026, 1, 4)),
        township=extra.pop("township", "上派镇"),
        **extra,
    )
    if approve_on is not None:
        services.outlet_review(actor=admin, outlet_id=outlet.pk, decision="approve", decided_on=approve_on)
        outlet.refresh_from_db()
    return outlet


@pytest.fixture
def outlet(admin, programme, enterprise):
    return file_outlet(admin, programme, enterprise)


@pytest.fixture
def other_outlet(admin, programme, enterprise):
    return file_outlet(admin, programme, enterprise, name="合家福三河店", township="三河镇")


@pytest.fixture
def users(make_user, enterprise, outlet, other_outlet):
    """One user of every role of the programme (and a neighbouring county's)."""
    return {
        "enterprise": make_user("ent", "enterprise", subsidy_enterprise=enterprise),
        "clerk": make_user("clerk", "outlet_clerk", subsidy_outlet=outlet),
        "other_clerk": make_user("clerk2", "outlet_clerk", subsidy_outlet=other_outlet),
        "commerce": make_user("commerce", "commerce", county=COUNTY),
        "township": make_user("shangpai", "township_finance", county=COUNTY, township="上派镇"),
        "other_township": make_user("sanhe", "township_finance", county=COUNTY, township="三河镇"),
        "county": make_user("czj", "county_finance", county=COUNTY),
        "foreign_county": make_user("shouxian", "county_finance", county="寿县"),
        "foreign_commerce": make_user("shouxian-sw", "commerce", county="寿县"),
        "agent": make_user("agent", "agent"),
    }


def sell(actor, outlet, *, sold_on=dt.date(2026, 11, 2), entered_on=None, items=None, serial=1, township="上派镇"):
    from aftersales.subsidy import services

    items = items or [services.ItemIn("tv", "海信 HZ55E3D", Decimal("1999.00"), f"LC{serial:08d}", f"SN{serial:08d}")]
    return services.sale_create(
        actor=actor,
        outlet_id=outlet.pk,
        invoice_no=f"34001{serial:07d}",
        sold_on=sold_on,
        entered_on=entered_on or sold_on,
        buyer_name="张三",
        buyer_id_number=resident_id(serial),
        household_no=f"HH{serial:06d}",
        township=township,
        items=items,
    )


def claim(actor, item, *, filed_on=dt.date(2026, 11, 9), **extra):
    from aftersales.subsidy import services

    sale = item.sale
    return services.claim_file(
        actor=actor,
        sale_item_id=item.pk,
        filed_on=filed_on,
        id_number=extra.pop("id_number", sale.buyer_id_number),
        household_no=extra.pop("household_no", sale.household_no),
        label_card_no=extra.pop("label_card_no", item.label_card_no),
        bank_account=extra.pop("bank_account", "6228480000000000001"),
    )


def pdf_check(content: bytes, tmp_path) -> str:
    """Check the PDF embeds Noto Sans CJK SC (real glyphs, not tofu) and return its text (poppler-utils)."""
    import shutil
    import subprocess

    assert content.startswith(b"%PDF-")
    if shutil.which("pdffonts") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils missing")
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts, fonts
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
