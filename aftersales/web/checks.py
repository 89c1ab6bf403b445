"""`manage.py check` (and so every start of the server) fails when an API operation or a page has no entry in
the access table (`aftersales.accounts.access_table`)."""

from __future__ import annotations

from django.core import checks


@checks.register(checks.Tags.security)
def access_table_complete(app_configs, **kwargs) -> list[checks.CheckMessage]:
    from aftersales.accounts import access
    from aftersales.api.access import operation_ids
    from aftersales.api.api import api
    from aftersales.web.access import page_names

    errors: list[checks.CheckMessage] = []
    missing = access.missing_operations(operation_ids(api))
    if missing:
        errors.append(
            checks.Error(
                f"API operations without an access rule: {', '.join(missing)}",
                hint="Add them to OPERATIONS in aftersales/accounts/access_table.py.",
                id="aftersales.E101",
            )
        )
    missing = access.missing_pages(page_names())
    if missing:
        errors.append(
            checks.Error(
                f"Pages without an access rule: {', '.join(missing)}",
                hint="Add them to PAGES in aftersales/accounts/access_table.py.",
                id="aftersales.E102",
            )
        )
    dangling = access.dangling_actions()
    if dangling:
        errors.append(
            checks.Error(
                f"Actions named but not defined: {', '.join(dangling)}",
                hint="Add them to RULES in aftersales/accounts/access_table.py.",
                id="aftersales.E103",
            )
        )
    return errors
