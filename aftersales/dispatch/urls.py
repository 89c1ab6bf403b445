"""Pages of field service, mounted at /dispatch/."""

from django.urls import path

from aftersales.dispatch import engineer_views, views

app_name = "dispatch"
urlpatterns = [
    path("tickets/<int:ticket_id>/", views.dispatch_page, name="ticket"),
    path("tickets/<int:ticket_id>/assign/", views.dispatch_assign, name="assign"),
    path("my-day/", views.my_day, name="my_day"),
    path("engineers/", engineer_views.engineer_list, name="engineers"),
    path("engineers/new/", engineer_views.engineer_new, name="engineer_new"),
    path("engineers/<int:engineer_id>/", engineer_views.engineer_edit, name="engineer_edit"),
    path("engineers/rota/", engineer_views.rota_page, name="rota"),
    path("visits/new/<int:ticket_id>/", views.visit_new, name="visit_new"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:visit_id>/signature.png", views.visit_signature, name="visit_signature"),
    path("visits/<int:visit_id>/report.pdf", views.visit_report_pdf, name="visit_report"),
]
