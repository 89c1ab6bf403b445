"""API of this area (mounted in aftersales.api.api)."""

from __future__ import annotations

from ninja import Router

router = Router()
