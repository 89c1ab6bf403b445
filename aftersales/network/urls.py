"""Pages of the dealer network (篇10), mounted at /network/."""

from django.urls import path

from aftersales.network import views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("map.json", views.map_data, name="map_data"),
    path("dealers/", views.dealers, name="dealers"),
    path("dealers/<int:dealer_id>/", views.dealer, name="dealer"),
    path("dealers/<int:dealer_id>/authorise/", views.authorise, name="authorise"),
    path("dealers/<int:dealer_id>/outlets/new/", views.outlet_new, name="outlet_new"),
    path("authorisations/<int:authorisation_id>/withdraw/", views.withdraw, name="withdraw"),
    path("outlets/<int:network_outlet_id>/", views.outlet, name="outlet"),
    path("outlets/<int:network_outlet_id>/close/", views.outlet_close, name="outlet_close"),
    path("outlets/<int:network_outlet_id>/sale/", views.sale, name="sale"),
    path("registrations/overdue/", views.overdue, name="overdue"),
    path("public/", views.public, name="public"),
]
