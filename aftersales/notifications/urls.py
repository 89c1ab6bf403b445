"""Pages of notifications (mounted at /notifications/, before the inbox pages of `web`)."""

from django.urls import path

from aftersales.notifications import views

app_name = "notifications"
urlpatterns = [
    path("preferences/", views.preference_page, name="preferences"),
]
