"""Pages of work items and plans, mounted at /plans/."""

from django.urls import path

from aftersales.plans import views

app_name = "plans"
urlpatterns = [
    path("my-day/", views.my_day, name="my_day"),
    path("work-items/<int:item_id>/complete/", views.work_item_complete, name="complete"),
    path("overdue/", views.overdue, name="overdue"),
    path("reassign/", views.reassign, name="reassign"),
]
