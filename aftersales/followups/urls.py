"""Pages of callbacks and surveys, mounted at /followups/. `s/<token>/` is public (the e-mailed survey link)."""

from django.urls import path

from aftersales.followups import views

app_name = "followups"
urlpatterns = [
    path("callbacks/", views.callback_list, name="callbacks"),
    path("callbacks/<int:callback_id>/", views.callback_detail, name="callback"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:survey_id>/launch/", views.survey_launch, name="survey_launch"),
    path("surveys/<int:survey_id>/close/", views.survey_close, name="survey_close"),
    path("invitations/<int:invitation_id>/answer/", views.invitation_answer, name="invitation_answer"),
    path("s/<str:token>/", views.public_survey, name="public_survey"),
]
