"""Attachment pages, mounted at /attachments/."""

from django.urls import path

from aftersales.attachments import views

app_name = "attachments"
urlpatterns = [
    path("<int:attachment_id>/", views.attachment_file, name="file"),
    path("tickets/<int:ticket_id>/", views.attachment_add_ticket, name="add_ticket"),
    path("visits/<int:visit_id>/", views.attachment_add_visit, name="add_visit"),
    path("inspections/<int:inspection_id>/", views.attachment_add_inspection, name="add_inspection"),
    path("complaints/<int:complaint_id>/", views.attachment_add_complaint, name="add_complaint"),
]
