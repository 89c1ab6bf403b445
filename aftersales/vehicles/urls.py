"""Pages of the 4S follow-up service (篇8), mounted at /vehicles/."""

from django.urls import path

from aftersales.vehicles import views

app_name = "vehicles"
urlpatterns = [
    path("", views.vehicle_list, name="list"),
    path("new/", views.vehicle_create, name="create"),
    path("customer-options/", views.customer_options, name="customer_options"),
    path("<int:vehicle_id>/", views.vehicle_detail, name="detail"),
    path("<int:vehicle_id>/pickup/", views.vehicle_pickup, name="pickup"),
    path("<int:vehicle_id>/call/", views.vehicle_call, name="call"),
    path("<int:vehicle_id>/letter/", views.vehicle_letter, name="letter"),
    path("registers/<slug:name>/", views.register_page, name="register"),
    path("summary/", views.summary_page, name="summary"),
    path("events/", views.event_list, name="events"),
    path("events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("events/<int:event_id>/<int:customer_id>/<slug:channel>/", views.event_notify, name="event_notify"),
    path("reassign/", views.reassign, name="reassign"),
]
