"""Pages of this area (mounted at /reports/ in aftersales.config.urls)."""

from django.urls import path

from aftersales.reports import views

app_name = "reports"
urlpatterns: list = [
    path("", views.dashboard_page, name="dashboard"),
    path("data/", views.dashboard_data, name="dashboard_data"),
    path("desk/", views.desk_page, name="desk"),
    path("desk/data/", views.desk_data, name="desk_data"),
    path("assessment/", views.assessment_page, name="assessment"),
    path("assessment.xlsx", views.assessment_xlsx, name="assessment_xlsx"),
    path("periodic/", views.periodic_list, name="periodic_list"),
    path("periodic/new/", views.periodic_new, name="periodic_new"),
    path("periodic/<int:report_id>/", views.periodic_detail, name="periodic_detail"),
    path("periodic/<int:report_id>/report.pdf", views.periodic_pdf, name="periodic_pdf"),
    path("periodic/<int:report_id>/report.xlsx", views.periodic_xlsx, name="periodic_xlsx"),
    path("periodic/<int:report_id>/send/", views.periodic_send, name="periodic_send"),
    path("shared/<str:token>/", views.periodic_shared, name="periodic_shared"),
    path("analysis/new/<int:ticket_id>/", views.analysis_new, name="analysis_new"),
    path("analysis/<int:analysis_id>/", views.analysis_detail, name="analysis_detail"),
    path("analysis/<int:analysis_id>/report.pdf", views.analysis_pdf, name="analysis_pdf"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/start/", views.export_start, name="export_start"),
    path("exports/<int:export_id>/", views.export_status, name="export_status"),
    path("exports/<int:export_id>/download/", views.export_download, name="export_download"),
]
