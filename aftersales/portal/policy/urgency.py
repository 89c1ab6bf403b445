"""The customer's own words for how urgent a fault is, and the service class (故障级别) each one means.

Customers do not know our SLA classes (篇1 4.9: 1 严重故障 … 4 非故障); the portal and the QR fault form
ask them what they see, in their words, and the request is taken in the class those words map to. The desk
can still correct the class afterwards (an edit recomputes the deadlines).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Urgency:
    """One answer the customer can give: its key, the words shown (Chinese, English) and the class it maps to."""

    key: str
    zh: str
    en: str
    severity: int


URGENCIES: tuple[Urgency, ...] = (
    Urgency("stopped", "系统全部停止，无法使用", "Everything has stopped; the system cannot be used", 1),
    Urgency("major", "主要功能无法使用", "Main functions do not work", 2),
    Urgency("partial", "部分功能受影响", "Some functions are affected", 3),
    Urgency("question", "咨询或小问题", "A question or a minor issue", 4),
)
BY_KEY = {u.key: u for u in URGENCIES}


def severity_for(key: str) -> int | None:
    """The service class for the customer's answer, or None for an answer we do not offer."""
    found = BY_KEY.get(key)
    return found.severity if found else None
