"""Inspection pages, mounted at /inspections/."""

from django.urls import path

from aftersales.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("new/", views.inspection_new, name="new"),
    path("start/<int:item_id>/", views.inspection_start, name="start"),
    path("<int:inspection_id>/", views.inspection_detail, name="detail"),
    path("<int:inspection_id>/sign/", views.inspection_sign, name="sign"),
    path("<int:inspection_id>/actions/", views.inspection_action, name="action"),
    path("<int:inspection_id>/all-normal/", views.inspection_all_normal, name="all_normal"),
    path("<int:inspection_id>/signature.png", views.inspection_signature, name="signature"),
    path("<int:inspection_id>/feedback.pdf", views.inspection_feedback_pdf, name="feedback_pdf"),
    path("findings/<int:finding_id>/", views.finding_record, name="finding"),
    path("findings/<int:finding_id>/ticket/", views.finding_ticket, name="finding_ticket"),
]
