"""Pages of this area (mounted in aftersales.config.urls)."""

from django.urls import path

from aftersales.sales import views

app_name = "sales"
urlpatterns: list = [
    path("", views.board, name="board"),
    path("forecast/", views.forecast, name="forecast"),
    path("opportunities/new/", views.opportunity_new, name="opportunity_new"),
    path("opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:opportunity_id>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:opportunity_id>/advance/", views.opportunity_advance, name="opportunity_advance"),
    path("opportunities/<int:opportunity_id>/lost/", views.opportunity_lose, name="opportunity_lose"),
    path("opportunities/<int:opportunity_id>/buying-centre/", views.buying_member_add, name="buying_member_add"),
    path("opportunities/<int:opportunity_id>/proposals/", views.proposal_create, name="proposal_create"),
    path("opportunities/<int:opportunity_id>/installation/", views.installation_new, name="installation_new"),
    path("proposals/<int:proposal_id>/versions/", views.proposal_version, name="proposal_version"),
    path("proposals/<int:proposal_id>/send/", views.proposal_send, name="proposal_send"),
    path("proposals/<int:proposal_id>/review/", views.proposal_review, name="proposal_review"),
    path("proposals/<int:proposal_id>/v<int:number>/", views.proposal_document, name="proposal_document"),
    path("installations/", views.installation_list, name="installation_list"),
    path("installations/<int:installation_id>/", views.installation_detail, name="installation_detail"),
    path("installations/<int:installation_id>/lines/", views.line_add, name="line_add"),
    path("installations/<int:installation_id>/count/", views.line_count, name="line_count"),
    path("installations/<int:installation_id>/tasks/", views.task_add, name="task_add"),
    path("installations/<int:installation_id>/tasks/<int:task>/done/", views.task_done, name="task_done"),
    path("installations/<int:installation_id>/tests/", views.test_add, name="test_add"),
    path("installations/<int:installation_id>/acceptance/", views.acceptance_sign, name="acceptance_sign"),
    path("installations/<int:installation_id>/acceptance.pdf", views.acceptance_pdf, name="acceptance_pdf"),
    path("trainings/<int:training_id>/", views.training_detail, name="training_detail"),
    path("trainings/<int:training_id>/attendees/", views.training_attendee_add, name="training_attendee_add"),
    path("trainings/<int:training_id>/held/", views.training_held, name="training_held"),
    path("trainings/<int:training_id>/sign-in.pdf", views.training_sheet, name="training_sheet"),
]
