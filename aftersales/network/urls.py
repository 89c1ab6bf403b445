"""Pages of this area (mounted in aftersales.config.urls)."""

from django.urls import path  # noqa: F401

app_name = "network"
urlpatterns: list = []
