"""Pages of complaints (投诉/监督), mounted at /complaints/."""

from django.urls import path

from aftersales.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_create, name="create"),
    path("customers/", views.customer_lookup, name="customer_lookup"),
    path("assessment/", views.complaint_assessment, name="assessment"),
    path("<int:complaint_id>/", views.complaint_detail, name="detail"),
    path("<int:complaint_id>/actions/", views.complaint_action, name="action"),
    path("<int:complaint_id>/edit/", views.complaint_edit, name="edit"),
]
