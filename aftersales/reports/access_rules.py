"""This area's section of the access table (merged into `aftersales.accounts.access_table`; vocabulary in
`aftersales.accounts.access`). Every API operation_id and page URL name of the area is listed here."""

from __future__ import annotations

from aftersales.accounts.access import ByField, Kind, Rule

RULES: dict[str, Rule] = {}
OPERATIONS: dict[str, str | ByField] = {}
PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {}
KINDS: dict[str, Kind] = {}
PARAMS: dict[str, str] = {}
