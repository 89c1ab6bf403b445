"""Identity numbers checked at entry: the resident ID (GB 11643-1999) and the unified social credit code
(GB 32100-2015), both with their check character."""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")

_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def normalise_id(number: str) -> str:
    return (number or "").strip().upper()


def valid_resident_id(number: str) -> bool:
    """An 18-character resident ID number: shape, a real birth date and the check character."""
    number = normalise_id(number)
    if not _ID_SHAPE.match(number):
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900:
        return False
    return id_check_char(number[:17]) == number[17]


def credit_check_char(first17: str) -> str:
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def valid_credit_code(code: str) -> bool:
    """An 18-character 统一社会信用代码 with its check character."""
    code = (code or "").strip().upper()
    if not _CREDIT_SHAPE.match(code):
        return False
    return credit_check_char(code[:17]) == code[17]
