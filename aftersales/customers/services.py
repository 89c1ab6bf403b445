"""Writes to the customer archive: customers with a derived region, contacts, contracts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import phonenumbers
from django.db import transaction
from stdnum.cn import uscc

from aftersales.core.errors import invalid, stale_version, unknown_reference
from aftersales.customers import geo
from aftersales.customers.choices import CustomerKind, Zone
from aftersales.customers.models import Contact, Contract, Customer, Region

HOME_PROVINCE = "安徽省"
HOME_CITY = "合肥市"


def region_get_or_create(*, province: str, city: str) -> Region:
    """The Region row for a city, created with its arrival zone the first time the city is seen."""
    region = Region.objects.filter(name=city).first()
    if region is not None:
        return region
    zone = Zone.LOCAL if city == HOME_CITY else Zone.PROVINCE if province == HOME_PROVINCE else Zone.ELSEWHERE
    info = next((c for c in geo.anhui()["cities"] if c["name"] == city), None)
    region, _ = Region.objects.get_or_create(
        name=city,
        defaults={
            "province": province,
            "zone": zone,
            "adcode": info["adcode"] if info else "",
            "latitude": info["lat"] if info else None,
            "longitude": info["lng"] if info else None,
        },
    )
    return region


def region_for_address(address: str, region_name: str | None = None) -> tuple[Region, geo.Place | None]:
    """The region given by name, or else read from the address; a clear error when neither works."""
    place = geo.parse_address(address)
    if region_name:
        region = Region.objects.filter(name=region_name).first()
        if region is None:
            raise invalid("unknown_region", "未知地区：{name}", "Unknown region: {name}", name=region_name)
        return region, place
    if place is None:
        raise invalid(
            "region_not_derivable",
            "无法从地址“{address}”识别所在城市，请填写完整地址（含市）或指定地区",
            "Cannot tell the city from the address '{address}'; give a full address with the city, or the region",
            address=address,
        )
    return region_get_or_create(province=place.province, city=place.city), place


def normalise_phone(phone: str) -> str:
    """A Chinese landline (with area code) or mobile number, checked; returned as typed, trimmed."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    try:
        parsed = phonenumbers.parse(phone, "CN")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise invalid(
            "invalid_phone",
            "电话号码无效：{phone}（座机请带区号，如 0551-62799596）",
            "Invalid phone number: {phone} (landlines need the area code, e.g. 0551-62799596)",
            phone=phone,
        )
    return phone


def _check_fields(name: str, address: str, kind: str, credit_code: str) -> None:
    if not name.strip():
        raise invalid("name_required", "客户名称不能为空", "Customer name is required")
    if not address.strip():
        raise invalid("address_required", "地址不能为空", "Address is required")
    if kind not in CustomerKind.values:
        raise invalid("invalid_kind", "客户类型无效：{kind}", "Invalid customer kind: {kind}", kind=kind)
    if credit_code and not uscc.is_valid(credit_code):
        raise invalid(
            "invalid_credit_code",
            "统一社会信用代码无效：{value}",
            "Invalid unified social credit code: {value}",
            value=credit_code,
        )


@transaction.atomic
def customer_create(
    *,
    actor: Any,
    name: str,
    address: str,
    phone: str = "",
    kind: str = CustomerKind.ORGANISATION,
    region_name: str | None = None,
    email: str = "",
    credit_code: str = "",
    is_key_account: bool = False,
    sla_policy_id: int | None = None,
    notes: str = "",
) -> Customer:
    """Create a customer; its region comes from `region_name` or is read from the address."""
    _check_fields(name, address, kind, credit_code)
    region, place = region_for_address(address, region_name)
    if Customer.objects.filter(name=name.strip(), address=address.strip()).exists():
        raise invalid(
            "duplicate_customer",
            "客户已存在：{name}（{address}）",
            "Customer already exists: {name} ({address})",
            name=name,
            address=address,
        )
    return Customer.objects.create(
        name=name.strip(),
        address=address.strip(),
        phone=normalise_phone(phone),
        kind=kind,
        region=region,
        province=region.province,
        district=place.district if place else "",
        email=email,
        credit_code=credit_code,
        is_key_account=is_key_account,
        sla_policy_id=sla_policy_id,
        notes=notes,
    )


@transaction.atomic
def customer_update(*, actor: Any, customer_id: int, expected_version: int, **fields: Any) -> Customer:
    """Change a customer's fields, refusing an update based on a stale version."""
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    if customer.version != expected_version:
        raise stale_version(expected_version, customer.version)
    if "address" in fields or "region_name" in fields:
        address = fields.pop("address", customer.address)
        region, place = region_for_address(address, fields.pop("region_name", None))
        customer.address, customer.region, customer.province = address, region, region.province
        customer.district = place.district if place else ""
    if "phone" in fields:
        fields["phone"] = normalise_phone(fields["phone"])
    for key, value in fields.items():
        setattr(customer, key, value)
    _check_fields(customer.name, customer.address, customer.kind, customer.credit_code)
    customer.version += 1
    customer.save()
    return customer


@transaction.atomic
def contact_create(
    *,
    actor: Any,
    customer_id: int,
    name: str,
    phone: str = "",
    email: str = "",
    title: str = "",
    is_primary: bool = False,
) -> Contact:
    """Add a person to call at a customer (联系人); the phone number is checked like the customer's."""
    if not name.strip():
        raise invalid("contact_name_required", "联系人姓名不能为空", "Contact name is required")
    if not Customer.objects.filter(pk=customer_id).exists():
        raise unknown_reference("客户", "Customer")
    return Contact.objects.create(
        customer_id=customer_id,
        name=name.strip(),
        phone=normalise_phone(phone),
        email=email,
        title=title,
        is_primary=is_primary,
    )


@transaction.atomic
def contract_create(
    *,
    actor: Any,
    customer_id: int,
    number: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    sla_policy_id: int | None = None,
) -> Contract:
    """Register a service contract (服务合同); assets under it get its SLA policy while it is valid."""
    if not number.strip():
        raise invalid("contract_number_required", "合同编号不能为空", "Contract number is required")
    if ends_on < starts_on:
        raise invalid(
            "contract_ends_before_start", "合同结束日期不能早于开始日期", "A contract cannot end before it starts"
        )
    if not Customer.objects.filter(pk=customer_id).exists():
        raise unknown_reference("客户", "Customer")
    if Contract.objects.filter(number=number.strip()).exists():
        raise invalid(
            "duplicate_contract", "合同编号已存在：{number}", "Contract number already exists: {number}", number=number
        )
    return Contract.objects.create(
        customer_id=customer_id,
        number=number.strip(),
        name=name.strip() or number.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        sla_policy_id=sla_policy_id,
    )


@transaction.atomic
def contact_update(*, actor: Any, contact_id: int, **fields: Any) -> Contact:
    """Change a contact's name, phone, e-mail, title or whether the primary one (the phone checked again)."""
    contact = Contact.objects.select_for_update().filter(pk=contact_id).first()
    if contact is None:
        raise unknown_reference("联系人", "Contact")
    unknown = set(fields) - {"name", "phone", "email", "title", "is_primary"}
    if unknown:
        raise invalid(
            "not_editable",
            "不可修改的字段：{fields}",
            "Fields that cannot be edited: {fields}",
            fields=", ".join(sorted(unknown)),
        )
    if "name" in fields and not str(fields["name"]).strip():
        raise invalid("contact_name_required", "联系人姓名不能为空", "Contact name is required")
    if "phone" in fields:
        fields["phone"] = normalise_phone(fields["phone"])
    for key, value in fields.items():
        setattr(contact, key, value.strip() if isinstance(value, str) else value)
    contact.save()
    return contact
