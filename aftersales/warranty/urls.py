"""Pages of the warranty app: the public lookup (保修查询) and vendor cases (厂商工单)."""

from django.urls import path

from aftersales.warranty import views

app_name = "warranty"
urlpatterns = [
    path("lookup/", views.warranty_lookup, name="lookup"),
    path("vendor-cases/", views.vendor_case_list, name="vendor_case_list"),
    path("vendor-cases/new/", views.vendor_case_create, name="vendor_case_create"),
    path("vendor-cases/<int:case_id>/", views.vendor_case_detail, name="vendor_case_detail"),
]
