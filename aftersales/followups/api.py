"""API of this app (filled in by its issue)."""

from ninja import Router

router = Router()
