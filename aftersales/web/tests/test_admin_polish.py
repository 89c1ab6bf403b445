from __future__ import annotations

import pytest
from django.contrib import admin

from aftersales.tickets.models import Ticket
from aftersales.web.admin_polish import ReadableJsonWidget

pytestmark = pytest.mark.django_db


def test_no_admin_screen_shows_the_internal_version():
    for model, model_admin in admin.site._registry.items():
        names = {f.name for f in model._meta.get_fields()}
        if "version" not in names:
            continue
        assert "version" not in model_admin.list_display, model
        assert "version" in model_admin.exclude, model


def test_foreign_keys_to_searchable_admins_are_autocomplete_boxes():
    ticket_admin = admin.site._registry[Ticket]
    assert {"customer", "asset"} <= set(ticket_admin.autocomplete_fields)


def test_an_asset_change_page_has_no_version_and_an_autocomplete_customer(client, admin_user, asset):
    client.force_login(admin_user)
    page = client.get(f"/admin/assets/asset/{asset.pk}/change/").content.decode()
    assert 'name="version"' not in page
    assert 'class="admin-autocomplete' in page


def test_json_reads_as_indented_chinese():
    assert ReadableJsonWidget().format_value('{"城市": "合肥"}') == '{\n  "城市": "合肥"\n}'
