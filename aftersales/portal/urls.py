"""Customer portal pages (/portal/requests/…), the public QR fault form (/portal/qr/<token>/) and the label
sheets (/portal/labels/<customer_id>/), under the namespace "customer"."""

from django.urls import path

from aftersales.portal import views

app_name = "customer"
urlpatterns = [
    path("requests/<int:ticket_id>/", views.portal_ticket, name="ticket"),
    path("requests/<int:ticket_id>/replies/", views.portal_reply, name="reply"),
    path("qr/<str:token>/", views.qr_report, name="qr_report"),
    path("labels/<int:customer_id>/", views.label_sheet, name="labels"),
    path("labels/<int:customer_id>/sheet.pdf", views.label_sheet_pdf, name="labels_pdf"),
]
