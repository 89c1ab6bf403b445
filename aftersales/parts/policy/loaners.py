"""Loaner devices (备机, SPEC §3; 篇1 2.6): lent "of equal or higher grade" until the customer's repair is done.

Grades are whole numbers, 1 入门级 · 2 标准级 · 3 高端级 · 4 关键级. Every loaner has one. The grade a
customer's device needs is given when lending; when it is not, it comes from the device's category with the
table below (a category not in the table needs grade 1). A loaner may be lent when its grade is at least the
required one. A loan is overdue from the day after its due-back date until it is returned.
"""

from __future__ import annotations

import datetime as dt

MIN_GRADE = 1
MAX_GRADE = 4
DEFAULT_GRADE = 1

# Device category (设备类别, as in the asset archive) → the grade a stand-in needs.
CATEGORY_GRADES: dict[str, int] = {
    "打印机": 1,
    "台式机": 1,
    "笔记本": 2,
    "UPS": 2,
    "路由器": 2,
    "交换机": 2,
    "防火墙": 3,
    "服务器": 3,
    "存储": 4,
}


def required_grade_for(category: str) -> int:
    """The grade a loaner must have to stand in for a device of `category`."""
    return CATEGORY_GRADES.get(category.strip(), DEFAULT_GRADE)


def grade_is_sufficient(*, loaner_grade: int, required_grade: int) -> bool:
    return loaner_grade >= required_grade


def is_overdue(*, due_back_on: dt.date, returned: bool, today: dt.date) -> bool:
    return not returned and due_back_on < today


def days_overdue(*, due_back_on: dt.date, today: dt.date) -> int:
    return max((today - due_back_on).days, 0)
